import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Arena, EventPayload, PrewarmStatus } from '../../../src-preload/contract';
import { parseSessionKey } from '../../../src-main/core/sessions/session-key';
import { driveCore, until, type DrivenCore } from '../../support/fault-tools';
import { git, makeRepo } from '../../support/git-repo';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';
import { configureOpencodeAcpWith } from '../../support/agent-env/opencode-acp-env';
import { configureQwen, makeAgentWorld } from '../agents/agent-world';
import type { AgentWorld } from '../agents/agent-conformance';

const AGENTS = ['opencode', 'qwen'];
const PROMPT = 'Each of you, write a file. [[mock:write:from-{dir}.txt:written by {dir}]]';
/** Modes that write without asking (qwen's sessions start in its asking mode; opencode's config allows edits). */
const MODES = { qwen: 'auto-edit' };

/**
 * An arena's contestants prepared while the user picks them, through a whole Core with the real
 * opencode and qwen-code on the mock LLM: the arena then runs on the very worktrees and sessions
 * prepared, forks anew when the chat's worktree moved meanwhile, lets go of what is unpicked or
 * closed, skips what it must not prepare, and removes what a crash left behind.
 */
describe('arena: contestants prepared while the user picks them', () => {
  let llm: MockLlm;
  let world: AgentWorld;
  let app: DrivenCore;
  let repoId: string;
  let repoDir: string;

  const chat = async (title: string) => (await app.call<{ id: string }>('chats.create', { repoId, title })).id;
  const worktreeOf = (chatId: string) => app.core.store.worktrees.get(chatId)!.path;
  const prewarm = (chatId: string, agents: string[]) => app.call<{ statuses: PrewarmStatus[] }>('arena.prewarm', { chatId, agents });
  const lastState = (chatId: string, agent: string) =>
    app.seen
      .filter((e) => e.name === 'arena.prewarm')
      .map((e) => e.payload as EventPayload<'arena.prewarm'>)
      .filter((p) => p.chatId === chatId && p.agent === agent)
      .at(-1);
  const ready = (chatId: string, agents: string[]) =>
    until(
      () => agents.every((a) => {
        const s = lastState(chatId, a);
        if (s?.state === 'failed') throw new Error(`${a} failed to prepare: ${s.error?.message}`);
        return s?.state === 'ready';
      }),
      `${agents.join(', ')} to be prepared`,
      120_000,
    );
  /** The scratch sessions open now, by the arena (or preparation) that owns them and the agent. */
  const scratchSessions = () =>
    app.core.pool
      .list()
      .filter((s) => s.ephemeral)
      .map((s) => ({ owner: parseSessionKey(s.key).chatId, agent: s.agent, sessionId: s.handle.externalSessionId, cwd: s.handle.cwd }));
  const settledArena = async (arenaId: string) => {
    await until(async () => (await app.call<Arena>('arena.get', { arenaId })).status !== 'running', `arena ${arenaId} to end`, 120_000);
    return app.call<Arena>('arena.get', { arenaId });
  };

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await makeAgentWorld(llm, [configureOpencodeAcpWith({ edit: 'allow', bash: 'allow' }), configureQwen]);
    app = await driveCore({ dataDir: world.dataDir, agentEnv: world.env });
    repoDir = await world.makeDir('repo');
    makeRepo(repoDir, { 'README.md': '# prepared arena\n' });
    repoId = (await app.call<{ id: string }>('repos.open', { path: repoDir })).id;
  });

  afterAll(async () => {
    await app?.core.shutdown();
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('the arena runs on the worktrees and sessions prepared for it, forked with the chat’s unapplied files', async () => {
    const chatId = await chat('Prepared');
    // An uncommitted file of the user's in the chat's worktree: the prepared copies hold it.
    writeFileSync(path.join((await app.core.worktrees.ensure(chatId)).path, 'user-note.txt'), 'mine\n');
    const { statuses } = await prewarm(chatId, AGENTS);
    expect(statuses.map((s) => [s.agent, s.state])).toEqual([['opencode', 'warming'], ['qwen', 'warming']]);
    await ready(chatId, AGENTS);
    const prepared = scratchSessions();
    expect(prepared.map((s) => s.agent).sort()).toEqual(AGENTS);
    const owner = prepared[0]!.owner;
    expect(prepared.every((s) => s.owner === owner)).toBe(true);
    for (const s of prepared) expect(readFileSync(path.join(s.cwd, 'user-note.txt'), 'utf8')).toBe('mine\n');
    // Asked again (the launcher re-renders): nothing new starts.
    expect((await prewarm(chatId, AGENTS)).statuses.map((s) => s.state)).toEqual(['ready', 'ready']);
    expect(scratchSessions()).toEqual(prepared);

    const { arenaId } = await app.call<{ arenaId: string }>('arena.start', { chatId, agents: AGENTS, prompt: PROMPT, modes: MODES });
    // The arena is the one prepared: same id, so the same folders and the same sessions.
    expect(arenaId).toBe(owner);
    const done = await settledArena(arenaId);
    for (const c of done.contestants) {
      expect(c.status, JSON.stringify(c.error)).toBe('done');
      expect(c.files.map((f) => f.path)).toEqual([`from-${c.agent}.txt`]);
      const row = app.core.store.arenas.contestants(arenaId).find((x) => x.agent === c.agent)!;
      const was = prepared.find((s) => s.agent === c.agent)!;
      expect(row.externalSessionId).toBe(was.sessionId);
      expect(row.path).toBe(was.cwd);
    }
    // Its folder is an arena's now: not marked as a leftover preparation.
    expect(existsSync(path.join(path.dirname(prepared[0]!.cwd), '.boocoder-prepared.json'))).toBe(false);
    // The arena closed its sessions when its contestants ended.
    expect(scratchSessions()).toEqual([]);
    await app.call('arena.discard', { arenaId, force: true });
    expect(existsSync(path.dirname(prepared[0]!.cwd))).toBe(false);
  });

  it('a chat worktree that moved after the preparation: the contestants fork anew and see it', async () => {
    const chatId = await chat('Moved');
    await prewarm(chatId, AGENTS);
    await ready(chatId, AGENTS);
    const prepared = scratchSessions();
    writeFileSync(path.join(worktreeOf(chatId), 'late-note.txt'), 'written after the preparation\n');

    const { arenaId } = await app.call<{ arenaId: string }>('arena.start', { chatId, agents: AGENTS, prompt: PROMPT, modes: MODES });
    const done = await settledArena(arenaId);
    for (const c of done.contestants) {
      expect(c.status, JSON.stringify(c.error)).toBe('done');
      // The late file is part of the fork, so not the contestant's change, and it is in its worktree.
      expect(c.files.map((f) => f.path)).toEqual([`from-${c.agent}.txt`]);
      const row = app.core.store.arenas.contestants(arenaId).find((x) => x.agent === c.agent)!;
      expect(readFileSync(path.join(row.path, 'late-note.txt'), 'utf8')).toBe('written after the preparation\n');
      // A new session: the prepared one was opened on the stale copy and let go.
      expect(row.externalSessionId).not.toBe(prepared.find((s) => s.agent === c.agent)!.sessionId);
    }
    expect(scratchSessions()).toEqual([]);
    await app.call('arena.discard', { arenaId, force: true });
  });

  it('an agent unpicked is let go, and everything when the launcher closes; nothing is left running or on disk', async () => {
    const chatId = await chat('Unpicked');
    await prewarm(chatId, AGENTS);
    await ready(chatId, AGENTS);
    const prepared = scratchSessions();
    const folder = path.dirname(prepared[0]!.cwd);
    const opencodeDir = prepared.find((s) => s.agent === 'opencode')!.cwd;

    await prewarm(chatId, ['qwen']);
    await until(() => !existsSync(opencodeDir), "opencode's prepared worktree to go", 30_000);
    expect(lastState(chatId, 'opencode')?.state).toBe('cancelled');
    expect(scratchSessions().map((s) => s.agent)).toEqual(['qwen']);

    await prewarm(chatId, []);
    await until(() => !existsSync(folder), 'the prepared folder to go', 30_000);
    expect(scratchSessions()).toEqual([]);
    expect(git(repoDir, 'worktree', 'list').includes(folder)).toBe(false);
    // The chat itself is as it was: its own worktree stays.
    expect(existsSync(worktreeOf(chatId))).toBe(true);
  });

  it('an arena started while its contestants are still being prepared uses them as they come', async () => {
    const chatId = await chat('Racing');
    await prewarm(chatId, AGENTS);
    const { arenaId } = await app.call<{ arenaId: string }>('arena.start', { chatId, agents: AGENTS, prompt: PROMPT, modes: MODES });
    const done = await settledArena(arenaId);
    for (const c of done.contestants) {
      expect(c.status, JSON.stringify(c.error)).toBe('done');
      expect(c.files.map((f) => f.path)).toEqual([`from-${c.agent}.txt`]);
    }
    expect(scratchSessions()).toEqual([]);
    await app.call('arena.discard', { arenaId, force: true });
    const root = path.dirname(worktreeOf(chatId));
    expect(existsSync(path.join(root, arenaId))).toBe(false);
  });

  it('closing the chat lets its preparation go', async () => {
    const chatId = await chat('Closed');
    await prewarm(chatId, ['qwen']);
    await ready(chatId, ['qwen']);
    const folder = path.dirname(scratchSessions()[0]!.cwd);
    await app.call('chats.archive', { chatId, force: true });
    expect(existsSync(folder)).toBe(false);
    expect(scratchSessions()).toEqual([]);
  });

  it('nothing is prepared while the repository has a setup script (it runs when the arena starts)', async () => {
    const chatId = await chat('With setup');
    await app.call('repos.configure', { repoId, setupScript: 'echo set up' });
    try {
      const { statuses } = await prewarm(chatId, AGENTS);
      for (const s of statuses) expect(s).toMatchObject({ state: 'skipped', reason: expect.stringContaining('setup script') });
      expect(scratchSessions()).toEqual([]);
    } finally {
      await app.call('repos.configure', { repoId, setupScript: null });
    }
  });

  it('a preparation a crash left behind is removed at the next start; a folder it did not make is left alone', async () => {
    const chatId = await chat('Leftover');
    await prewarm(chatId, ['qwen']);
    await ready(chatId, ['qwen']);
    const root = path.dirname(worktreeOf(chatId));
    // What a crash leaves: a marked folder holding a git worktree, with no arena made of it.
    const leftover = path.join(root, 'arena_leftover0000000000');
    mkdirSync(leftover);
    git(repoDir, 'worktree', 'add', '--quiet', '--detach', path.join(leftover, 'qwen'), 'HEAD');
    writeFileSync(path.join(leftover, '.boocoder-prepared.json'), JSON.stringify({ chatId, repoPath: repoDir }));
    const unknown = path.join(root, 'arena_notmine000000000000');
    mkdirSync(path.join(unknown, 'qwen'), { recursive: true });
    writeFileSync(path.join(unknown, 'qwen', 'work.txt'), 'someone’s\n');
    const live = path.dirname(scratchSessions()[0]!.cwd);

    await app.core.arena.recoverAll();
    expect(existsSync(leftover)).toBe(false);
    expect(git(repoDir, 'worktree', 'list').includes(leftover)).toBe(false);
    expect(readFileSync(path.join(unknown, 'qwen', 'work.txt'), 'utf8')).toBe('someone’s\n');
    // A preparation of this run is no leftover.
    expect(existsSync(live)).toBe(true);
    await prewarm(chatId, []);
    await until(() => !existsSync(live), 'the live preparation to go', 30_000);
  });
});
