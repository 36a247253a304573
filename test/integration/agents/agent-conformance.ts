import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent, AgentOptions, EventPayload, SessionInfo, Turn } from '../../../src-preload/contract';
import { driveCore, until, type DrivenCore } from '../../support/fault-tools';
import { makeRepo } from '../../support/git-repo';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';
import { WRITE_DONE_TEXT } from '../../support/mock-llm/scenario';
import { processRunning } from '../../support/process-alive';
import { attemptEscapes, escapeSummary, expectNoEscape, lastCommitSubject, type EscapeTarget } from './escape-attempts';

/**
 * What every agent BooCoder supports must do, driven through a whole Core against the real
 * program and the mock LLM: warm turns, reasoning, a write that becomes an attributed pending
 * change, permissions allowed and rejected, cancel, two chats on one process, a kill mid-turn, a
 * restart, the switch round trip with another agent, a provider failure, shell output, options.
 * One Core (one warm agent) serves the whole file; each agent's own file says what it reports.
 */

export interface AgentWorld extends AsyncDisposable {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  makeDir(name: string): Promise<string>;
}

export interface AgentUnderTest {
  /** Catalog id of the agent under test. */
  id: string;
  /** The other agent of the switch round trip (cheap to start). */
  partner: string;
  /** An isolated world (HOME, XDG, config) in which both agents run against the mock. */
  makeWorld(llm: MockLlm): Promise<AgentWorld>;
  reports: {
    /** Token counts reach the turn. */
    tokens: boolean;
    /** A cost reaches the turn (else "no cost reported"). */
    cost: boolean;
    /** The context-window fill is reported. */
    context: boolean;
    /** Reasoning is shown (the agent passes thinking through). */
    reasoning: boolean;
    /** How a session comes back after a restart of the app. */
    /** How its session comes back after a restart; `resumedOrLoaded`: resumed, or loaded where the agent refused the resume. */
    restart: 'loaded' | 'resumed' | 'history' | 'resumedOrLoaded';
    /** Slash commands are advertised. */
    commands: boolean;
    /** A shell command's output reaches the client (Gemini sends none over ACP). */
    shellOutput?: boolean;
    /** A prompt too long for the model ends the turn with an error (else the agent deals with it itself). */
    promptTooLong?: boolean;
    /** An attached image reaches the model (else the agent tells its model it cannot show it one). */
    imageReachesModel?: boolean;
  };
  /** A permission policy under which a write asks first (most agents ask by default). */
  askingMode?: string;
  /**
   * One of its slash commands, and what its model is asked when it runs: a text the command's own
   * prompt holds (opencode's /init asks about AGENTS.md), or null for one it runs itself without
   * its model (Gemini CLI's /memory show).
   */
  command?: { name: string; asksModel: RegExp | null };
  /** The mode the agent says it is in after a permission is allowed for the rest of the session (Gemini CLI: autoEdit). */
  modeAfterAllowAlways?: string;
  /** A mode in which writes go ahead without asking, for the write and switch scenarios. */
  writingMode?: string;
  /** The agent's mode that writes most without asking, for the escape attempts (none: its config decides, see its own file). */
  permissiveMode?: string;
  /** In its sandbox the agent runs one process per worktree (its profile's `processPerWorktree`, with no confined session child). */
  processPerWorktree?: boolean;
  /**
   * The sandbox alone keeps the agent out of other chats' worktrees (a process per worktree, or
   * a per-session child confined to its worktree), so the escape attempts answered "allow" include them.
   */
  sandboxHoldsOtherWorktrees?: boolean;
  /** The agent can load a session only after the minute it started in (Gemini names its chat file to the minute). */
  loadNeedsNextMinute?: boolean;
}

type ToolPart = Extract<Turn['parts'][number], { kind: 'tool' }>;

/** A 1×1 PNG. */
const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

export function describeAgentConformance(agent: AgentUnderTest): void {
  describe(`${agent.id}: the real program through the core`, () => {
    let llm: MockLlm;
    let world: AgentWorld;
    let app: DrivenCore;
    let repoId: string;
    let repoDir: string;
    /** The chat of the first tests, reused by the restart test. */
    let mainChat: string;
    // When a turn of the main chat last ended: no later than Gemini's newest chat file of its session.
    let mainChatLastTurnAt = 0;

    const chat = async (title: string) => (await app.call<{ id: string }>('chats.create', { repoId, title })).id;

    /** Sends a turn and waits for its end; permission requests are answered by `answer` (default: allow once). */
    const run = async (
      chatId: string,
      prompt: string,
      opts: { agent?: string; mode?: string; answer?: 'allow' | 'always' | 'reject'; onEvent?: (e: AgentEvent, turnId: string) => void; attachments?: unknown[] } = {},
    ) => {
      const who = opts.agent ?? agent.id;
      const mode = opts.mode ?? (who === agent.id ? agent.writingMode : undefined);
      const started = performance.now();
      const { turnId } = await app.call<{ turnId: string }>('turns.send', {
        chatId,
        agent: who,
        prompt,
        ...(mode ? { mode } : {}),
        ...(opts.attachments ? { attachments: opts.attachments } : {}),
      });
      const answered = new Set<string>();
      const unsubscribe = app.core.events.subscribe((name, payload) => {
        if (name !== 'turn.event') return;
        const p = payload as EventPayload<'turn.event'>;
        if (p.turnId !== turnId) return;
        opts.onEvent?.(p.event, turnId);
        if (p.event.type === 'permission.request' && !answered.has(p.event.requestId)) {
          answered.add(p.event.requestId);
          const want = opts.answer ?? 'allow';
          const kind = { allow: 'allow_once', always: 'allow_always', reject: 'reject_once' }[want];
          const option = p.event.options.find((o) => o.kind === kind) ?? p.event.options.find((o) => o.kind.startsWith(want === 'reject' ? 'reject' : 'allow'));
          void app.call('permissions.reply', { requestId: p.event.requestId, optionId: option!.optionId });
        }
      });
      try {
        const end = await app.end(turnId, 120_000);
        const ms = performance.now() - started;
        if (chatId === mainChat) mainChatLastTurnAt = Date.now();
        const turn = (await app.call<Turn[]>('turns.list', { chatId })).find((t) => t.id === turnId)!;
        return { turnId, end, ms, turn, events: app.events(turnId) };
      } finally {
        unsubscribe();
      }
    };

    const sessionOf = async (chatId: string, who = agent.id) =>
      (await app.call<SessionInfo[]>('sessions.list', { chatId })).find((s) => s.agent === who)!;

    const start = (events: AgentEvent[]) => events.find((e) => e.type === 'turn.start') as Extract<AgentEvent, { type: 'turn.start' }>;

    // An agent with a process of its own per worktree (in its sandbox) runs one per chat.
    const ownProcess = agent.processPerWorktree === true;
    /** The process serving the chat's live session. */
    const pidOf = async (chatId: string): Promise<number | undefined> =>
      (await app.call<{ sessions: Array<{ chatId: string; agent: string; pid?: number }> }>('agents.status', {})).sessions.find((s) => s.chatId === chatId && s.agent === agent.id)?.pid;

    beforeAll(async () => {
      llm = await startMockLlm();
      world = await agent.makeWorld(llm);
      app = await driveCore({ dataDir: world.dataDir, agentEnv: world.env });
      repoDir = await world.makeDir('repo');
      makeRepo(repoDir, { 'README.md': '# demo readme\n' });
      repoId = (await app.call<{ id: string }>('repos.open', { path: repoDir })).id;
    });

    afterAll(async () => {
      const pids = app ? ((await app.call<{ processes: Array<{ pid: number }> }>('agents.status', {}).catch(() => ({ processes: [] }))).processes.map((p) => p.pid)) : [];
      await app?.core.shutdown();
      await llm?.close();
      await world?.[Symbol.asyncDispose]();
      await until(() => pids.every((pid) => !processRunning(pid)), 'every agent process to be gone', 10_000);
    });

    it('two warm turns on one process and session: the second much faster; usage, cost and context fill as the agent reports them', async () => {
      mainChat = await chat('Main');
      const first = await run(mainChat, 'Say hello. [[mock:reply:first answer]]');
      expect(first.end).toMatchObject({ stopReason: 'end_turn' });
      expect(first.turn.text).toBe('first answer');
      const pid = await pidOf(mainChat);
      expect(pid).toBeDefined();
      // The agent runs in a folder of BooCoder's own (or, with a process per worktree, that worktree), never the host's working directory.
      const agentCwd = readlinkSync(`/proc/${pid}/cwd`);
      expect(agentCwd).not.toBe(process.cwd());
      if (ownProcess) expect(agentCwd).toBe(app.core.store.worktrees.get(mainChat)!.path);
      else if (agent.id !== 'opencode') expect(agentCwd).toBe(path.join(world.dataDir, 'agent-cwd'));
      const second = await run(mainChat, 'Again. [[mock:reply:second answer]]');
      expect(second.turn.text).toBe('second answer');
      expect(await pidOf(mainChat)).toBe(pid);
      expect(start(second.events)).toMatchObject({ sessionMode: 'resumed', externalSessionId: start(first.events).externalSessionId });
      // Cold = spawn + initialize + session + prompt; warm = one more prompt on the same session.
      // How much faster is the benchmarks' business (bench/warm-vs-cold.ts): Codex's cold start is
      // so cheap that a warm turn is only about twice as fast; here it must just be faster.
      expect(second.ms).toBeLessThan(first.ms);

      if (agent.reports.tokens) expect(second.turn.usage.inputTokens + second.turn.usage.outputTokens, JSON.stringify(second.turn)).toBeGreaterThan(0);
      expect(second.turn.costReported).toBe(agent.reports.cost);
      if (agent.reports.cost) expect(second.turn.usage.cost, JSON.stringify(second.turn)).toBeGreaterThan(0);
      if (agent.reports.context) {
        expect(second.turn.context).toEqual({ used: expect.any(Number), size: expect.any(Number) });
        expect(second.turn.context!.size).toBeGreaterThan(0);
      } else {
        expect(second.turn.context).toBeNull();
      }
      expect(second.turn.model).not.toBeNull();
      const session = await sessionOf(mainChat);
      expect(session.costReported).toBe(agent.reports.cost);
      if (agent.reports.tokens) expect(session.inputTokens).toBeGreaterThanOrEqual(first.turn.usage.inputTokens + second.turn.usage.inputTokens);
      const summary = await app.call<{ rows: Array<{ chatId: string; agent: string; costReported: boolean; usage: { cost: number } }> }>('usage.summary', { repoId });
      expect(summary.rows.find((r) => r.chatId === mainChat && r.agent === agent.id)).toMatchObject({ costReported: agent.reports.cost });
    });

    it('agents.options: models, modes and the current ones as the agent reports them; remembered for a new chat before its first turn', async () => {
      const live = await app.call<AgentOptions>('agents.options', { agent: agent.id, chatId: mainChat });
      expect(live.source).toBe('live');
      expect(live.currentModel).not.toBeNull();
      expect(live.models.length + live.modes.length).toBeGreaterThan(0);
      if (live.modes.length > 0) expect(live.currentMode).not.toBeNull();
      if (agent.reports.commands) {
        await until(async () => (await app.call<AgentOptions>('agents.options', { agent: agent.id, chatId: mainChat })).commands.length > 0, 'slash commands', 10_000);
      }
      const fresh = await chat('Before its first turn');
      const remembered = await app.call<AgentOptions>('agents.options', { agent: agent.id, chatId: fresh });
      expect(remembered.source).toBe('remembered');
      expect(remembered.models).toEqual(live.models);
    });

    it('reasoning is shown once, then the answer', async () => {
      const { turn } = await run(mainChat, 'Think first. [[mock:reasoning]]');
      expect(turn.text).toBe('The answer is 42.');
      const reasoning = turn.parts.filter((p) => p.kind === 'reasoning').map((p) => (p as { text: string }).text).join('');
      // Shown once (not doubled by a final copy); some agents add a heading of their own (Gemini's "**Thinking**").
      if (agent.reports.reasoning) expect(reasoning.split('Let me think about this.').length - 1, reasoning).toBe(1);
      else expect(reasoning).toBe('');
      expect(turn.text).not.toContain('Let me think');
    });

    it('a tool turn writes a file that becomes a pending change attributed to the agent', async () => {
      const { end, turn } = await run(mainChat, 'Write it. [[mock:write:notes/from-agent.txt:hello from the agent]]');
      expect(end.stopReason).toBe('end_turn');
      expect(turn.parts.some((p) => p.kind === 'tool')).toBe(true);
      const worktree = app.core.store.worktrees.get(mainChat)!.path;
      expect(readFileSync(path.join(worktree, 'notes/from-agent.txt'), 'utf8').trim()).toBe('hello from the agent');
      expect(existsSync(path.join(repoDir, 'notes/from-agent.txt'))).toBe(false);
      await app.core.dispatcher.settled(mainChat);
      const changes = await app.call<{ files: Array<{ path: string; agent: string | null }> }>('changes.get', { chatId: mainChat });
      expect(changes.files).toContainEqual(expect.objectContaining({ path: 'notes/from-agent.txt', agent: agent.id }));
    });

    it('a permission allowed for the rest of the session: the reply is the agent’s own text only, and a mode it says it switched to is current', async () => {
      const chatId = await chat('Allow always');
      const kinds: string[] = [];
      const always = await run(chatId, 'Write it for good. [[mock:write:always.txt:yes]]', {
        mode: agent.askingMode,
        answer: 'always',
        onEvent: (e) => e.type === 'permission.request' && kinds.push(...e.options.map((o) => o.kind)),
      });
      expect(kinds.length, 'a write in its asking mode asks').toBeGreaterThan(0);
      expect(always.end.stopReason).toBe('end_turn');
      // Nothing the agent says about itself (Gemini CLI's "[MODE_UPDATE] autoEdit") is part of the reply.
      expect(always.turn.text).toBe(WRITE_DONE_TEXT);
      if (agent.modeAfterAllowAlways) {
        expect(kinds).toContain('allow_always');
        expect((await app.call<AgentOptions>('agents.options', { agent: agent.id, chatId })).currentMode).toBe(agent.modeAfterAllowAlways);
      }
    });

    it('a permission request answered with allow lets the write happen; with reject it does not', async () => {
      const chatId = await chat('Permissions');
      const asked: string[] = [];
      const allowed = await run(chatId, 'Write allowed. [[mock:write:allowed.txt:yes]]', {
        mode: agent.askingMode,
        answer: 'allow',
        onEvent: (e) => e.type === 'permission.request' && asked.push(e.title),
      });
      expect(asked.length).toBeGreaterThan(0);
      expect(allowed.end.stopReason).toBe('end_turn');
      if (agent.askingMode) {
        // The mode the turn asked for is the session's current one now, and the window heard of it.
        expect((await app.call<AgentOptions>('agents.options', { agent: agent.id, chatId })).currentMode).toBe(agent.askingMode);
        const heard = app.seen.filter((e) => e.name === 'agents.options').map((e) => e.payload as EventPayload<'agents.options'>);
        expect(heard.some((p) => p.chatId === chatId && p.agent === agent.id && p.options.currentMode === agent.askingMode)).toBe(true);
      }
      const worktree = app.core.store.worktrees.get(chatId)!.path;
      expect(existsSync(path.join(worktree, 'allowed.txt'))).toBe(true);

      const rejected = await run(chatId, 'Write rejected. [[mock:write:rejected.txt:no]]', { mode: agent.askingMode, answer: 'reject' });
      expect(['end_turn', 'cancelled']).toContain(rejected.end.stopReason);
      expect(existsSync(path.join(worktree, 'rejected.txt'))).toBe(false);
      const permission = rejected.turn.parts.find((p) => p.kind === 'permission') as { resolved: boolean; chosen: string | null } | undefined;
      expect(permission?.resolved).toBe(true);
      // The next turn is clean.
      const after = await run(chatId, 'Still there? [[mock:reply:still here]]');
      expect(after.turn.text).toBe('still here');
    });

    it('cancel mid-stream ends the turn cancelled; the next turn is clean', async () => {
      let deltas = 0;
      const cancelled = await run(mainChat, 'Slowly. [[mock:slow]]', {
        onEvent: (e, turnId) => {
          if (e.type === 'text.delta' && ++deltas === 3) void app.call('turns.cancel', { turnId });
        },
      });
      expect(cancelled.end.stopReason).toBe('cancelled');
      const next = await run(mainChat, 'And now? [[mock:reply:clean after cancel]]');
      expect(next.end.stopReason).toBe('end_turn');
      expect(next.turn.text).toBe('clean after cancel');
    });

    it('a provider failure gets its own name and the next turn works', async () => {
      // qwen retries a 500 seven times with backoff whatever the mock says (about 75 s here).
      const failed = await run(mainChat, 'Fail. [[mock:error500]]');
      expect(failed.end.stopReason).toBe('error');
      expect(failed.end.error?.name, failed.end.error?.message).toBe('ProviderError');
      // The provider's reason, not the JSON body it came in (Gemini CLI and Claude Code pass that on).
      expect(failed.end.error?.message).not.toMatch(/"error"\s*:/);
      const next = await run(mainChat, 'Recovered? [[mock:reply:recovered]]');
      expect(next.turn.text).toBe('recovered');
    });

    it('a prompt too long for the model is named so, with the agent\'s own message', async () => {
      // Its own chat: some agents compact a session whose prompt overflowed, which would change the main chat's memory.
      const chatId = await chat('Too long');
      const failed = await run(chatId, 'Too much. [[mock:toolong]]');
      if (agent.reports.promptTooLong === false) {
        // The agent handles it itself (it compacts and answers): no error reaches the client.
        expect(failed.end.stopReason).toBe('end_turn');
      } else {
        expect(failed.end.stopReason).toBe('error');
        expect(failed.end.error?.name, failed.end.error?.message).toBe('PromptTooLong');
        expect(failed.end.error?.message).toMatch(/too long|overflow|context/i);
        expect(failed.end.error?.message).not.toMatch(/"error"\s*:/);
      }
      const next = await run(chatId, 'Shorter. [[mock:reply:fits now]]');
      expect(next.turn.text).toBe('fits now');
    });

    it('a shell tool call shows its command, exit code where reported, and output', async () => {
      const { turn } = await run(mainChat, 'Run it. [[mock:shell:echo shell-says-hi]]');
      const tool = turn.parts.find((p): p is ToolPart => p.kind === 'tool' && (p.command ?? p.title).includes('echo shell-says-hi'));
      expect(tool, JSON.stringify(turn.parts)).toBeDefined();
      expect(tool!.status).toBe('completed');
      if (agent.reports.shellOutput !== false) expect(tool!.output ?? '', JSON.stringify(tool)).toContain('shell-says-hi');
    });

    describe('escape attempts: nothing lands outside the chat\'s worktree without an explicit allow', () => {
      let attacker: string;
      let otherWorktree: string;
      const attempt = async (modeName: string, mode: string | undefined, answer: 'allow' | 'reject' = 'reject', only?: EscapeTarget[]) => {
        const results = await attemptEscapes(
          {
            repoDir,
            home: world.env.HOME!,
            otherWorktree,
            answer,
            run: (prompt, onEvent) => run(attacker, prompt, { mode, answer, onEvent: (e) => onEvent(e) }),
          },
          `${agent.id}-${modeName}-${answer}`,
          only,
        );
        console.log(escapeSummary(agent.id, `${modeName}, prompts answered ${answer}`, results));
        expectNoEscape(results);
      };

      beforeAll(async () => {
        attacker = await chat('Escape');
        const other = await chat('Escape target');
        await run(other, 'Make my worktree. [[mock:reply:made]]');
        otherWorktree = app.core.store.worktrees.get(other)!.path;
        await run(attacker, 'Make mine. [[mock:reply:mine]]');
      });

      it('in the mode it starts in (asking)', async () => {
        await attempt('default', undefined, 'reject');
      });

      it.runIf(agent.permissiveMode !== undefined)('in its most permissive mode', async () => {
        await attempt(agent.permissiveMode!, agent.permissiveMode, 'reject');
      });

      // Another chat's worktree is writable for the one process that serves every chat; there the
      // agent-level guards (asking modes, opencode's external_directory, fs/* confinement) hold.
      // An agent with a process of its own per worktree, or its session's child confined, is kept out of it by the sandbox alone.
      const holdsOthers = agent.sandboxHoldsOtherWorktrees === true;
      it(`the sandbox alone holds outside ${holdsOthers ? 'its own worktree' : 'every worktree'}, even where each write is allowed`, async () => {
        await attempt(agent.permissiveMode ?? 'default', agent.permissiveMode, 'allow', ['checkout', 'home', 'tmp', 'git-hooks', ...(holdsOthers ? (['other-worktree'] as const) : [])]);
      });

      it('inside the sandbox it still writes its worktree, runs commands and commits there', async () => {
        const mode = agent.permissiveMode ?? agent.writingMode;
        const written = await run(attacker, 'Write mine. [[mock:write:inside.txt:inside]]', { mode, answer: 'allow' });
        expect(written.end.stopReason).toBe('end_turn');
        const worktree = app.core.store.worktrees.get(attacker)!.path;
        expect(readFileSync(path.join(worktree, 'inside.txt'), 'utf8').trim()).toBe('inside');
        const commit = 'git add -A && git -c user.name=Agent -c user.email=agent@example.com commit -qm sandboxed-commit && echo committed';
        const committed = await run(attacker, `Commit. [[mock:shell:${commit}]]`, { mode, answer: 'allow' });
        expect(committed.end.stopReason).toBe('end_turn');
        expect(lastCommitSubject(worktree), JSON.stringify(committed.turn.parts).slice(0, 2000)).toBe('sandboxed-commit');
      });
    });

    it('a prompt carries an image, and one an @-mentioned file of the worktree, to the model', async () => {
      const options = await app.call<AgentOptions>('agents.options', { agent: agent.id, chatId: mainChat });
      expect(options.promptCapabilities.image, JSON.stringify(options).slice(0, 300)).toBe(true);
      // Separate prompts: Gemini drops an image sent together with an embedded file.
      let requestsBefore = llm.requests.length;
      const withImage = await run(mainChat, 'Look at this. [[mock:reply:seen]]', {
        attachments: [{ type: 'image', mimeType: 'image/png', data: TINY_PNG, name: 'dot.png' }],
      });
      expect(withImage.end.stopReason, withImage.end.error?.message).toBe('end_turn');
      expect(withImage.turn.attachments).toEqual([{ type: 'image', name: 'dot.png' }]);
      let sent = llm.requests.slice(requestsBefore).map((r) => JSON.stringify(r.body));
      if (agent.reports.imageReachesModel === false) expect(sent.some((body) => /\[image: image\/png\]/.test(body))).toBe(true);
      else expect(sent.some((body) => body.includes(TINY_PNG)), sent.join('\n').slice(0, 1500)).toBe(true);

      requestsBefore = llm.requests.length;
      const withFile = await run(mainChat, 'Read this. [[mock:reply:read]]', { attachments: [{ type: 'file', path: 'README.md' }] });
      expect(withFile.end.stopReason, withFile.end.error?.message).toBe('end_turn');
      expect(withFile.turn.attachments).toEqual([{ type: 'file', name: 'README.md' }]);
      sent = llm.requests.slice(requestsBefore).map((r) => JSON.stringify(r.body));
      // Embedded (its text) or linked (its path): either way the model hears of the file.
      expect(sent.some((body) => body.includes('# demo readme') || body.includes('README.md'))).toBe(true);
    });

    it(ownProcess ? 'two chats, each with its own session on a warm process of its own' : 'two chats share the one warm process, each with its own session', async () => {
      const other = await chat('Second chat');
      const pid = await pidOf(mainChat);
      const a = await run(other, 'Hi from B. [[mock:reply:b answer]]');
      expect(a.turn.text).toBe('b answer');
      if (ownProcess) expect(await pidOf(other)).not.toBe(pid);
      else expect(await pidOf(other)).toBe(pid);
      expect(await pidOf(mainChat)).toBe(pid);
      expect((await sessionOf(other)).externalSessionId).not.toBe((await sessionOf(mainChat)).externalSessionId);
    });

    it('the agent killed mid-turn: a clear error, and the next turn works on a new process', async () => {
      const chatId = await chat('Kill');
      await run(chatId, 'Warm up. [[mock:reply:warm]]');
      const pid = (await pidOf(chatId))!;
      const killed = await run(chatId, 'Slowly. [[mock:slow]]', {
        onEvent: (e) => {
          if (e.type === 'text.delta') {
            try {
              process.kill(-pid, 'SIGKILL');
            } catch {
              // already gone
            }
          }
        },
      });
      expect(killed.end.stopReason).toBe('error');
      expect(killed.end.error?.name).toBe('AgentCrashed');
      expect(killed.end.error?.message).toMatch(/SIGKILL/);
      // What the agent logged about earlier turns (the provider failures above) is not this crash's story.
      expect(killed.end.error?.message).not.toMatch(/mock internal error|too long/i);
      const next = await run(chatId, 'Back? [[mock:reply:back after kill]]');
      expect(next.turn.text).toBe('back after kill');
      expect(await pidOf(chatId)).not.toBe(pid);
    });

    it('switching to another agent and back: the agent resumes its own session and hears what the other did', async () => {
      const chatId = await chat('Switch');
      const t1 = await run(chatId, 'Yours first. [[mock:reply:one]]');
      const t2 = await run(chatId, 'Partner now. [[mock:write:from-partner.txt:partner]]', { agent: agent.partner });
      expect(t2.end.stopReason).toBe('end_turn');
      const t3 = await run(chatId, 'Back to you. [[mock:reply:three]]');
      expect(start(t3.events)).toMatchObject({ sessionMode: 'resumed', externalSessionId: start(t1.events).externalSessionId });
      const handoff = t3.events.find((e) => e.type === 'handoff') as Extract<AgentEvent, { type: 'handoff' }> | undefined;
      expect(handoff?.fromAgents).toEqual([agent.partner]);
      expect(handoff?.text).toContain('from-partner.txt');
      expect(t3.turn.text).toBe('three');
    });

    it.runIf(agent.command !== undefined)('a slash command after another agent’s turn reaches the agent as typed; the hand-off comes with the next prompt', async () => {
      const { name, asksModel } = agent.command!;
      const chatId = await chat('Command');
      await run(chatId, 'First, me. [[mock:reply:ready]]');
      const partner = await run(chatId, 'Partner now. [[mock:reply:partner was here]]', { agent: agent.partner });
      expect(partner.end.stopReason).toBe('end_turn');
      const requestsBefore = llm.requests.length;
      const command = await run(chatId, `/${name}`);
      expect(command.end.stopReason, JSON.stringify(command.end)).toBe('end_turn');
      expect(command.events.some((e) => e.type === 'handoff')).toBe(false);
      const asked = llm.requests.slice(requestsBefore).filter((r) => r.kind === 'generate' && !r.side).map((r) => JSON.stringify(r.body));
      if (asksModel) {
        // The agent ran it: its model got the command's own prompt, with no hand-off before it.
        expect(asked.some((body) => asksModel.test(body)), asked.join('\n').slice(0, 2000)).toBe(true);
        expect(asked.some((body) => body.includes('while you were away'))).toBe(false);
      } else {
        // Run by the agent itself: had the hand-off gone before it, the model would have been asked instead.
        expect(asked).toEqual([]);
      }
      const next = await run(chatId, 'And now? [[mock:reply:told]]');
      const handoff = next.events.find((e) => e.type === 'handoff') as Extract<AgentEvent, { type: 'handoff' }> | undefined;
      expect(handoff?.fromAgents).toEqual([agent.partner]);
      expect(handoff?.text).toContain('partner was here');
      expect(next.turn.text).toBe('told');
    });

    it('after an app restart the session comes back with its memory (load, resume or the history)', async () => {
      const before = await sessionOf(mainChat);
      const costBefore = before.cost;
      await app.core.shutdown();
      // Gemini can load a session only in a later minute than the one its chat file was named
      // after (created when a process opened the session, so no later than that turn's end).
      const sameMinute = Math.floor(Date.now() / 60_000) === Math.floor(mainChatLastTurnAt / 60_000);
      if (agent.loadNeedsNextMinute && sameMinute) await new Promise((r) => setTimeout(r, 60_500 - (Date.now() % 60_000)));
      app = await driveCore({ dataDir: world.dataDir, agentEnv: world.env });
      const requestsBefore = llm.requests.length;
      const after = await run(mainChat, 'Do you remember? [[mock:reply:remembered]]');
      expect(after.end.stopReason).toBe('end_turn');
      expect(after.turn.text).toBe('remembered');
      const ways = agent.reports.restart === 'resumedOrLoaded' ? ['resumed', 'loaded'] : [agent.reports.restart];
      expect(ways).toContain(start(after.events).sessionMode);
      if (agent.reports.restart !== 'history') expect(start(after.events).externalSessionId).toBe(before.externalSessionId);
      // Its memory: what it sends the model still holds the first turn of this chat.
      const asked = llm.requests.slice(requestsBefore).map((r) => JSON.stringify(r.body));
      expect(asked.some((body) => body.includes('Say hello.'))).toBe(true);
      // The replay of a loaded session never shows up as the new turn's text.
      expect(after.turn.text).not.toContain('first answer');
      if (agent.reports.cost) {
        // A cumulative cost is not charged again after the resume: the turn pays for itself only.
        const session = await sessionOf(mainChat);
        expect(session.cost - costBefore).toBeCloseTo(after.turn.usage.cost, 6);
        expect(after.turn.usage.cost).toBeLessThan(costBefore);
        // …and it does pay for itself, whether the agent's counter went on (opencode) or started again (Claude Code).
        expect(after.turn.usage.cost).toBeGreaterThan(0);
      }
    });
  });
}
