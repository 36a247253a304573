import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent, AgentsStatus, Arena, EventPayload, SessionInfo, Turn } from '../../../src-preload/contract';
import { driveCore, until, type DrivenCore } from '../../support/fault-tools';
import { git, makeRepo } from '../../support/git-repo';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';
import { configureOpencodeAsking, configureQwen, makeAgentWorld } from '../agents/agent-world';
import type { AgentWorld } from '../agents/agent-conformance';

/**
 * The arena through a whole Core with the real opencode and qwen-code against the mock LLM: each
 * contestant in its own scratch worktree (the prompt's `{dir}` makes each write its own file),
 * permission prompts answered per contestant, pick, cancel, discard with and without work at
 * risk, a chat turn queued behind a running arena, and a quit mid-arena.
 */
describe('arena: opencode and qwen side by side', () => {
  let llm: MockLlm;
  let world: AgentWorld;
  let app: DrivenCore;
  let repoId: string;
  let repoDir: string;
  const answered = new Set<string>();

  const arenaEvents = (arenaId: string, agent?: string): AgentEvent[] =>
    app.seen
      .filter((e) => e.name === 'arena.event')
      .map((e) => e.payload as EventPayload<'arena.event'>)
      .filter((p) => p.arenaId === arenaId && (agent === undefined || p.agent === agent))
      .map((p) => p.event);

  /**
   * Allows every permission a contestant asks for, per contestant, as the arena view does, and
   * those of the chat's own turns (qwen starts in its asking mode).
   */
  const answerPermissions = () =>
    app.core.events.subscribe((name, payload) => {
      if (name !== 'arena.event' && name !== 'turn.event') return;
      const { event } = payload as EventPayload<'arena.event'>;
      if (event.type !== 'permission.request' || answered.has(event.requestId)) return;
      answered.add(event.requestId);
      const option = event.options.find((o) => o.kind === 'allow_once') ?? event.options[0]!;
      void app.call('permissions.reply', { requestId: event.requestId, optionId: option.optionId });
    });

  const arena = (arenaId: string) => app.call<Arena>('arena.get', { arenaId });
  const settledArena = async (arenaId: string, ms = 120_000) => {
    await until(async () => (await arena(arenaId)).status !== 'running', `arena ${arenaId} to end`, ms);
    return arena(arenaId);
  };
  const chat = async (title: string) => (await app.call<{ id: string }>('chats.create', { repoId, title })).id;
  const worktreeOf = (chatId: string) => app.core.store.worktrees.get(chatId)!.path;

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await makeAgentWorld(llm, [configureOpencodeAsking, configureQwen]);
    app = await driveCore({ dataDir: world.dataDir, agentEnv: world.env });
    answerPermissions();
    repoDir = await world.makeDir('repo');
    makeRepo(repoDir, { 'README.md': '# arena repo\n' });
    repoId = (await app.call<{ id: string }>('repos.open', { path: repoDir })).id;
  });

  afterAll(async () => {
    await app?.core.shutdown();
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('two contestants write different files; the pick lands only its files, attributed to it, the other is kept under its ref; turns queue behind the arena', async () => {
    const chatId = await chat('Arena pick');
    // An unapplied change of the chat (qwen's turn) and an edit of the user's: the fork holds both.
    const first = await app.send(chatId, 'qwen', 'Start. [[mock:write:base.txt:from the chat]]');
    expect((await app.end(first, 120_000)).stopReason).toBe('end_turn');
    await app.core.dispatcher.settled(chatId);
    writeFileSync(path.join(worktreeOf(chatId), 'user-note.txt'), 'mine\n');

    const { arenaId } = await app.call<{ arenaId: string }>('arena.start', {
      chatId,
      agents: ['opencode', 'qwen'],
      prompt: 'Each of you, write a file. [[mock:write:from-{dir}.txt:written by {dir}]]',
    });
    // A chat turn sent while the arena runs waits for it.
    const queued = await app.send(chatId, 'qwen', 'After the arena. [[mock:reply:after the arena]]');
    await until(() => app.events(queued).length > 0, 'the queued turn to say so', 10_000);
    expect(app.events(queued)[0]).toMatchObject({ type: 'turn.queued' });

    const done = await settledArena(arenaId);
    expect(done.status).toBe('done');
    const byAgent = new Map(done.contestants.map((c) => [c.agent, c]));
    for (const agent of ['opencode', 'qwen']) {
      const c = byAgent.get(agent)!;
      expect(c.status, JSON.stringify(c.error)).toBe('done');
      // Its diff is against the fork point: only its own file, not the chat's unapplied ones.
      expect(c.files.map((f) => f.path)).toEqual([`from-${agent}.txt`]);
      expect(c.files[0]!.diff).toContain(`+written by ${agent}`);
      expect(c.usage.inputTokens).toBeGreaterThan(0);
      expect(c.text.length).toBeGreaterThan(0);
      const events = arenaEvents(arenaId, agent);
      expect(events[0]).toMatchObject({ type: 'turn.start' });
      expect(events.at(-1)).toMatchObject({ type: 'turn.end', stopReason: 'end_turn' });
      // The contestant was told the chat's story, and worked in a copy holding its unapplied and user's files.
      expect(events.find((e) => e.type === 'handoff')).toMatchObject({ fromAgents: ['qwen'] });
      const scratch = app.core.store.arenas.contestants(arenaId).find((x) => x.agent === agent)!.path;
      expect(readFileSync(path.join(scratch, 'base.txt'), 'utf8').trim()).toBe('from the chat');
      expect(readFileSync(path.join(scratch, 'user-note.txt'), 'utf8')).toBe('mine\n');
    }
    // opencode asks before edits here: its prompt was answered as its own.
    expect(arenaEvents(arenaId, 'opencode').some((e) => e.type === 'permission.request')).toBe(true);
    // Nothing of the arena is in the chat yet; the queued turn ran once the arena ended.
    expect(existsSync(path.join(worktreeOf(chatId), 'from-opencode.txt'))).toBe(false);
    expect((await app.end(queued, 120_000)).stopReason).toBe('end_turn');

    const { turnId } = await app.call<{ turnId: string }>('arena.pick', { arenaId, agent: 'qwen' });
    const picked = await arena(arenaId);
    expect(picked).toMatchObject({ status: 'picked', pickedAgent: 'qwen', pickedTurnId: turnId });
    expect(readFileSync(path.join(worktreeOf(chatId), 'from-qwen.txt'), 'utf8').trim()).toBe('written by qwen');
    expect(existsSync(path.join(worktreeOf(chatId), 'from-opencode.txt'))).toBe(false);
    const changes = await app.call<{ files: Array<{ path: string; agent: string | null }> }>('changes.get', { chatId });
    expect(changes.files.map((f) => [f.path, f.agent]).sort()).toEqual([
      ['base.txt', 'qwen'],
      ['from-qwen.txt', 'qwen'],
      ['user-note.txt', null],
    ]);
    // The loser's work is in its ref; every scratch worktree is gone.
    const loser = picked.contestants.find((c) => c.agent === 'opencode')!;
    expect(git(repoDir, 'show', `${loser.archivedRef}:from-opencode.txt`)).toBe('written by opencode');
    expect(loser.files.map((f) => f.path)).toEqual(['from-opencode.txt']);
    for (const c of app.core.store.arenas.contestants(arenaId)) expect(existsSync(c.path)).toBe(false);
    expect(git(repoDir, 'worktree', 'list')).not.toContain(arenaId);

    // In the transcript: the winner's turn, marked as an arena win over the other.
    const turns = await app.call<Turn[]>('turns.list', { chatId });
    const win = turns.find((t) => t.id === turnId)!;
    expect(win).toMatchObject({ agent: 'qwen', status: 'done', prompt: expect.stringContaining('Each of you') });
    expect(win.parts[0]).toEqual({ kind: 'arena', arenaId, others: ['opencode'] });
    // It took place when the contestant ran.
    expect(win.startedAt).toBe(picked.contestants.find((c) => c.agent === 'qwen')!.startedAt);
    expect(win.text).toContain('Done');

    // The winner goes on in the chat: its contestant session was bound to the removed folder, so
    // its next turn starts a session told the whole chat, its arena turn included.
    const next = await app.send(chatId, 'qwen', 'Go on. [[mock:reply:going on]]');
    expect((await app.end(next, 120_000)).stopReason).toBe('end_turn');
    expect(app.events(next).find((e) => e.type === 'turn.start')).toMatchObject({ sessionMode: 'history' });
    const memory = app.events(next).find((e) => e.type === 'handoff') as Extract<AgentEvent, { type: 'handoff' }>;
    expect(memory.text).toContain('Each of you, write a file.');
    expect(memory.text).toContain('from-qwen.txt');
    // The others learn of the pick through the usual hand-off.
    const other = await app.send(chatId, 'opencode', 'What happened? [[mock:reply:heard]]');
    expect((await app.end(other, 120_000)).stopReason).toBe('end_turn');
    const handoff = app.events(other).find((e) => e.type === 'handoff') as Extract<AgentEvent, { type: 'handoff' }>;
    expect(handoff.fromAgents).toEqual(['qwen']);
    expect(handoff.text).toContain('from-qwen.txt');
    // What the loser cost counts in the usage summary; the winner's is in its turn.
    const summary = await app.call<{ rows: Array<{ chatId: string; agent: string; usage: { inputTokens: number } }> }>('usage.summary', { repoId });
    const chatTurns = await app.call<Turn[]>('turns.list', { chatId });
    const turnInput = (agent: string) => chatTurns.filter((t) => t.agent === agent).reduce((n, t) => n + t.usage.inputTokens, 0);
    const summed = (agent: string) => summary.rows.find((r) => r.chatId === chatId && r.agent === agent)!.usage.inputTokens;
    expect(summed('opencode')).toBe(turnInput('opencode') + loser.usage.inputTokens);
    expect(summed('qwen')).toBe(turnInput('qwen'));
    const sessions = await app.call<SessionInfo[]>('sessions.list', { chatId });
    expect(sessions.find((s) => s.agent === 'qwen')!.inputTokens).toBeGreaterThan(0);
    expect(await app.call('arena.list', { chatId })).toEqual([expect.objectContaining({ id: arenaId, status: 'picked', pickedAgent: 'qwen' })]);
    expect((await app.callError('arena.pick', { arenaId, agent: 'opencode' })).name).toBe('ArenaClosed');

    // The loser is restorable from its ref: its file lands as its turn, pending and attributed to it.
    expect((await app.callError('arena.restore', { arenaId, agent: 'qwen' })).name).toBe('NothingToRestore');
    const { turnId: restoredId } = await app.call<{ turnId: string }>('arena.restore', { arenaId, agent: 'opencode' });
    expect(readFileSync(path.join(worktreeOf(chatId), 'from-opencode.txt'), 'utf8')).toBe('written by opencode');
    const afterRestore = await app.call<{ files: Array<{ path: string; agent: string | null }> }>('changes.get', { chatId });
    expect(afterRestore.files.map((f) => [f.path, f.agent]).sort()).toEqual([
      ['base.txt', 'qwen'],
      ['from-opencode.txt', 'opencode'],
      ['from-qwen.txt', 'qwen'],
      ['user-note.txt', null],
    ]);
    const restoredTurn = (await app.call<Turn[]>('turns.list', { chatId })).at(-1)!;
    expect(restoredTurn).toMatchObject({ id: restoredId, agent: 'opencode', status: 'done' });
    expect(restoredTurn.parts[0]).toEqual({ kind: 'arena', arenaId, others: ['qwen'], restored: true });
    expect((await arena(arenaId)).contestants.find((c) => c.agent === 'opencode')!.restoredTurnId).toBe(restoredId);
    // Its cost moved into the turn: counted once.
    const summaryAfter = await app.call<{ rows: Array<{ chatId: string; agent: string; usage: { inputTokens: number } }> }>('usage.summary', { repoId });
    expect(summaryAfter.rows.find((r) => r.chatId === chatId && r.agent === 'opencode')!.usage.inputTokens).toBe(summed('opencode'));
    expect((await app.callError('arena.restore', { arenaId, agent: 'opencode' })).name).toBe('NothingToRestore');
  }, 300_000);

  it("opencode as the winner goes on in its contestant session, moved to the chat's worktree with its memory", async () => {
    const chatId = await chat('Arena winner goes on');
    // The chat had an opencode session before the arena: the winner's takes its place.
    const before = await app.send(chatId, 'opencode', 'Hello first. [[mock:reply:hello]]');
    expect((await app.end(before, 120_000)).stopReason).toBe('end_turn');
    const { arenaId } = await app.call<{ arenaId: string }>('arena.start', {
      chatId,
      agents: ['opencode', 'qwen'],
      prompt: 'Remember the word MARMALADE and write a file. [[mock:write:from-{dir}.txt:written by {dir}]]',
    });
    const done = await settledArena(arenaId);
    const contestant = app.core.store.arenas.contestants(arenaId).find((c) => c.agent === 'opencode')!;
    expect(done.contestants.find((c) => c.agent === 'opencode')!.status).toBe('done');
    await app.call('arena.pick', { arenaId, agent: 'opencode' });
    expect(existsSync(contestant.path)).toBe(false);

    const requestsBefore = llm.requests.length;
    const next = await app.send(chatId, 'opencode', 'Go on. [[mock:write:after-pick.txt:written after the pick]]');
    expect((await app.end(next, 120_000)).stopReason).toBe('end_turn');
    // The same session, resumed: no hand-off of its own arena turn, and its model still sees it.
    expect(app.events(next).find((e) => e.type === 'turn.start')).toMatchObject({ sessionMode: 'resumed', externalSessionId: contestant.externalSessionId });
    expect(app.events(next).some((e) => e.type === 'handoff')).toBe(false);
    const asked = llm.requests.slice(requestsBefore).map((r) => JSON.stringify(r.body));
    expect(asked.some((body) => body.includes('MARMALADE'))).toBe(true);
    // It works in the chat's worktree now, not the removed scratch folder.
    expect(readFileSync(path.join(worktreeOf(chatId), 'after-pick.txt'), 'utf8').trim()).toBe('written after the pick');
    expect(existsSync(contestant.path)).toBe(false);
    await app.core.dispatcher.settled(chatId);
    const changes = await app.call<{ files: Array<{ path: string; agent: string | null }> }>('changes.get', { chatId });
    expect(changes.files).toEqual(expect.arrayContaining([{ ...changes.files.find((f) => f.path === 'after-pick.txt'), agent: 'opencode' }]));
    expect(changes.files.map((f) => f.path).sort()).toEqual(['after-pick.txt', 'from-opencode.txt']);
  });

  it('a contestant picked the moment it ends is landed with its work: the pick waits for its state to be recorded', async () => {
    const chatId = await chat('Arena quick pick');
    const { arenaId } = await app.call<{ arenaId: string }>('arena.start', {
      chatId,
      agents: ['opencode', 'qwen'],
      prompt: 'Quick, a file. [[mock:write:quick-{dir}.txt:quick from {dir}]]',
    });
    // Picked from inside the event that says it ended, before its run had recorded its worktree.
    const picking = new Promise<{ agent: string; pick: Promise<{ turnId: string }> }>((resolve) => {
      const stop = app.core.events.subscribe((name, payload) => {
        if (name !== 'arena.event') return;
        const p = payload as EventPayload<'arena.event'>;
        if (p.arenaId !== arenaId || p.event.type !== 'turn.end' || p.event.stopReason !== 'end_turn') return;
        stop();
        resolve({ agent: p.agent, pick: app.call<{ turnId: string }>('arena.pick', { arenaId, agent: p.agent }) });
      });
    });
    const { agent, pick } = await picking;
    const { turnId } = await pick;
    expect(await arena(arenaId)).toMatchObject({ status: 'picked', pickedAgent: agent, pickedTurnId: turnId });
    expect(readFileSync(path.join(worktreeOf(chatId), `quick-${agent}.txt`), 'utf8').trim()).toBe(`quick from ${agent}`);
    const changes = await app.call<{ files: Array<{ path: string; agent: string | null }> }>('changes.get', { chatId });
    expect(changes.files.map((f) => [f.path, f.agent])).toEqual([[`quick-${agent}.txt`, agent]]);
  });

  it('a contestant cancelled mid-stream ends cancelled while the other goes on; an arena without changes discards without force', async () => {
    const chatId = await chat('Arena cancel');
    const { arenaId } = await app.call<{ arenaId: string }>('arena.start', { chatId, agents: ['qwen', 'opencode'], prompt: 'Slowly. [[mock:slow]]' });
    await until(() => arenaEvents(arenaId, 'qwen').filter((e) => e.type === 'text.delta').length >= 3, 'qwen to stream', 120_000);
    await app.call('arena.cancel', { arenaId, agent: 'qwen' });
    await until(() => arenaEvents(arenaId, 'qwen').some((e) => e.type === 'turn.end'), 'qwen to end', 30_000);
    expect(arenaEvents(arenaId, 'qwen').at(-1)).toMatchObject({ type: 'turn.end', stopReason: 'cancelled' });
    const mid = await arena(arenaId);
    expect(mid.status).toBe('running');
    expect(mid.contestants.find((c) => c.agent === 'opencode')!.status).toBe('running');
    expect(mid.contestants.find((c) => c.agent === 'qwen')!.text).toContain('chunk0');
    expect((await app.callError('arena.pick', { arenaId, agent: 'opencode' })).name).toBe('ContestantRunning');
    // The cancelled contestant's session is let go at once; the other's stays open while it works.
    const sessionOf = (agent: string) => app.core.store.arenas.contestants(arenaId).find((c) => c.agent === agent)!.externalSessionId;
    const liveSessions = async () => (await app.call<AgentsStatus>('agents.status', {})).sessions.map((s) => s.externalSessionId);
    await until(async () => !(await liveSessions()).includes(sessionOf('qwen')!), "qwen's contestant session to close", 10_000);
    expect(await liveSessions()).toContain(sessionOf('opencode'));

    const done = await settledArena(arenaId);
    expect(done.contestants.find((c) => c.agent === 'opencode')).toMatchObject({ status: 'done', stopReason: 'end_turn' });
    expect(done.contestants.find((c) => c.agent === 'qwen')).toMatchObject({ status: 'cancelled', files: [] });
    await app.call('arena.discard', { arenaId });
    expect((await arena(arenaId)).status).toBe('discarded');
  });

  it('discard is refused with work at risk unless forced; then the chat is as it was', async () => {
    const chatId = await chat('Arena discard');
    const before = await app.send(chatId, 'qwen', 'Start. [[mock:write:kept.txt:kept]]');
    await app.end(before, 120_000);
    await app.core.dispatcher.settled(chatId);
    const changesBefore = await app.call('changes.get', { chatId });
    const { arenaId } = await app.call<{ arenaId: string }>('arena.start', {
      chatId,
      agents: ['opencode', 'qwen'],
      prompt: 'Write. [[mock:write:drop-{dir}.txt:dropped]]',
    });
    const done = await settledArena(arenaId);
    expect(done.contestants.every((c) => c.files.length === 1)).toBe(true);
    const refused = await app.callError('arena.discard', { arenaId });
    expect(refused.name).toBe('ArenaAtRisk');
    expect(refused.message).toContain('drop-opencode.txt');
    expect((await arena(arenaId)).status).toBe('done');
    for (const c of app.core.store.arenas.contestants(arenaId)) expect(existsSync(c.path)).toBe(true);

    await app.call('arena.discard', { arenaId, force: true });
    const discarded = await arena(arenaId);
    expect(discarded.status).toBe('discarded');
    expect(await app.call('changes.get', { chatId })).toEqual(changesBefore);
    expect(existsSync(path.join(worktreeOf(chatId), 'drop-opencode.txt'))).toBe(false);
    for (const c of discarded.contestants) expect(git(repoDir, 'show', `${c.archivedRef}:drop-${c.agent}.txt`)).toBe('dropped');
    for (const c of app.core.store.arenas.contestants(arenaId)) expect(existsSync(c.path)).toBe(false);

    // A discarded contestant comes back by restore; one whose file the chat has changed since is refused, nothing changed.
    const mine = path.join(worktreeOf(chatId), 'drop-qwen.txt');
    writeFileSync(mine, 'the user wrote this\n');
    const conflict = await app.callError('arena.restore', { arenaId, agent: 'qwen' });
    expect(conflict).toMatchObject({ name: 'ApplyConflict', data: { files: ['drop-qwen.txt'] } });
    expect(readFileSync(mine, 'utf8')).toBe('the user wrote this\n');
    expect((await arena(arenaId)).contestants.every((c) => c.restoredTurnId === null)).toBe(true);
    await app.call('arena.restore', { arenaId, agent: 'opencode' });
    expect(readFileSync(path.join(worktreeOf(chatId), 'drop-opencode.txt'), 'utf8')).toBe('dropped');
    const pending = await app.call<{ files: Array<{ path: string; agent: string | null }> }>('changes.get', { chatId });
    expect(pending.files.map((f) => [f.path, f.agent]).sort()).toEqual([
      ['drop-opencode.txt', 'opencode'],
      ['drop-qwen.txt', null],
      ['kept.txt', 'qwen'],
    ]);
  });

  it("closing a chat whose open arena changed files goes through the guard; with force the arena is discarded and its worktrees go", async () => {
    const chatId = await chat('Arena close');
    const { arenaId } = await app.call<{ arenaId: string }>('arena.start', { chatId, agents: ['opencode', 'qwen'], prompt: 'Write. [[mock:write:close-{dir}.txt:x]]' });
    await settledArena(arenaId);
    const refused = await app.callError('chats.archive', { chatId });
    expect(refused.name).toBe('ChatAtRisk');
    expect(refused.message).toContain('arena');
    expect((await arena(arenaId)).status).toBe('done');
    await app.call('chats.archive', { chatId, force: true });
    expect((await arena(arenaId)).status).toBe('discarded');
    for (const c of app.core.store.arenas.contestants(arenaId)) expect(existsSync(c.path)).toBe(false);
  });

  it('a quit mid-arena: after the restart the arena is interrupted, with what each contestant had done, and still pickable', async () => {
    const chatId = await chat('Arena restart');
    const { arenaId } = await app.call<{ arenaId: string }>('arena.start', { chatId, agents: ['opencode', 'qwen'], prompt: 'Slowly. [[mock:slow]]' });
    await until(() => ['opencode', 'qwen'].every((a) => arenaEvents(arenaId, a).some((e) => e.type === 'text.delta')), 'both to stream', 120_000);
    // What an agent had written into its worktree before the quit (the mock's slow reply writes nothing).
    const scratch = app.core.store.arenas.contestants(arenaId).find((c) => c.agent === 'qwen')!.path;
    writeFileSync(path.join(scratch, 'half-done.txt'), 'half\n');
    await app.core.shutdown();
    // The reaper ran at quit: an open arena's worktrees are never touched.
    expect(existsSync(scratch)).toBe(true);

    app = await driveCore({ dataDir: world.dataDir, agentEnv: world.env });
    answerPermissions();
    const back = await arena(arenaId);
    expect(back.status).toBe('interrupted');
    for (const c of back.contestants) {
      expect(c.status).toBe('interrupted');
      expect(c.text).toContain('chunk0');
    }
    expect(back.contestants.find((c) => c.agent === 'qwen')!.files.map((f) => f.path)).toEqual(['half-done.txt']);
    const { turnId } = await app.call<{ turnId: string }>('arena.pick', { arenaId, agent: 'qwen' });
    const changes = await app.call<{ files: Array<{ path: string; agent: string | null }> }>('changes.get', { chatId });
    expect(changes.files).toEqual([expect.objectContaining({ path: 'half-done.txt', agent: 'qwen' })]);
    const turn = (await app.call<Turn[]>('turns.list', { chatId })).find((t) => t.id === turnId)!;
    expect(turn).toMatchObject({ agent: 'qwen', status: 'interrupted' });
    expect(existsSync(scratch)).toBe(false);
  });
});
