import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Arena, ContestantSetupPart, EventPayload, Turn } from '../../../src-preload/contract';
import type { AgentSessionHandle, OpenSessionOptions } from '../../../src-main/core/agents/agent-backend';
import { Core } from '../../../src-main/core/core';
import { dispatch } from '../../../src-main/core/rpc/dispatch';
import { FakeBackend } from '../../support/fake-backend';
import { git, makeRepo } from '../../support/git-repo';
import { processRunning } from '../../support/process-alive';
import { tempDir, type TempDir } from '../../support/temp-dir';

const AGENTS = ['qwen', 'gemini'];

/**
 * A fake agent that writes `from-<agent>.txt` in its worktree when prompted (so each contestant
 * has a change of its own), and notes whether the setup script's `.env` was there when its
 * session opened.
 */
class WritingBackend extends FakeBackend {
  static opened: Array<{ agent: string; cwd: string; envThere: boolean }> = [];

  override async openSession(options: OpenSessionOptions): Promise<AgentSessionHandle> {
    const handle = await super.openSession(options);
    WritingBackend.opened.push({ agent: this.spec.id, cwd: options.cwd, envThere: existsSync(path.join(options.cwd, '.env')) });
    const prompt = handle.prompt.bind(handle);
    handle.prompt = async (o) => {
      writeFileSync(path.join(options.cwd, `from-${this.spec.id}.txt`), `written by ${this.spec.id}\n`);
      return prompt(o);
    };
    return handle;
  }
}

/**
 * The repository's setup script in arena contestants' scratch worktrees, through the contract on
 * real git and a real core (agents faked): it runs in each one side by side before its session
 * opens, its output streams and is kept with the contestant (after a restart too), what it leaves
 * is not the contestant's change, and a failure or a timeout holds that contestant alone for
 * retry / continue / cancel.
 */
describe('arena: the setup script in each contestant’s worktree', () => {
  let dir: TempDir;
  let bin: string;
  let core: Core;
  const events: Array<{ name: string; payload: unknown }> = [];

  const call = async <T = unknown>(method: string, params: unknown): Promise<T> => {
    const r = await dispatch(core.handlers, method, params);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { name: r.error.name, data: r.error.data });
    return r.result as T;
  };
  const waitFor = async (check: () => boolean | Promise<boolean>, what: string, ms = 20_000) => {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const openCore = async () => {
    core = await Core.open({
      dataDir: path.join(dir.path, 'data'),
      agentSearchDirs: [bin],
      agentEnv: { PATH: '' },
      validateEvents: true,
      backendFactory: (spec) => new WritingBackend(spec),
    });
    core.events.subscribe((name, payload) => events.push({ name, payload }));
  };
  const arena = (arenaId: string) => call<Arena>('arena.get', { arenaId });
  const contestant = async (arenaId: string, agent: string) => (await arena(arenaId)).contestants.find((c) => c.agent === agent)!;
  const setupPart = async (arenaId: string, agent: string) => (await contestant(arenaId, agent)).parts[0] as ContestantSetupPart | undefined;
  const setupEvents = (arenaId: string, agent: string) =>
    events
      .filter((e) => e.name === 'arena.setup')
      .map((e) => e.payload as EventPayload<'arena.setup'>)
      .filter((p) => p.arenaId === arenaId && p.agent === agent)
      .map((p) => p.setup);
  const settled = async (arenaId: string) => {
    await waitFor(async () => (await arena(arenaId)).status !== 'running', 'the arena to end');
    return arena(arenaId);
  };
  const scratchOf = (arenaId: string, agent: string) => core.store.arenas.contestants(arenaId).find((c) => c.agent === agent)!.path;

  beforeEach(async () => {
    dir = await tempDir('arena-setup-');
    bin = path.join(dir.path, 'bin');
    mkdirSync(bin);
    for (const name of AGENTS) {
      writeFileSync(path.join(bin, name), '#!/bin/sh\n');
      chmodSync(path.join(bin, name), 0o755);
    }
    events.length = 0;
    WritingBackend.opened = [];
    await openCore();
  });
  afterEach(async () => {
    await core.shutdown();
    await dir[Symbol.asyncDispose]();
  });

  /** A repository whose checkout has an ignored `.env`, with `setupScript` configured, and a chat in it. */
  async function openRepo(setupScript: string, setupTimeoutMs?: number) {
    const repoDir = makeRepo(path.join(dir.path, 'repo'), { 'README.md': '# r\n', '.gitignore': '.env\ndeps/\n' });
    git(repoDir, 'config', 'core.excludesFile', '/dev/null');
    writeFileSync(path.join(repoDir, '.env'), 'SECRET=1\n');
    const repo = await call<{ id: string }>('repos.open', { path: repoDir });
    await call('repos.configure', { repoId: repo.id, setupScript, ...(setupTimeoutMs ? { setupTimeoutMs } : {}) });
    const chat = await call<{ id: string }>('chats.create', { repoId: repo.id, title: 'Arena' });
    return { repoDir, repoId: repo.id, chatId: chat.id };
  }
  const startArena = async (chatId: string, agents = AGENTS) => (await call<{ arenaId: string }>('arena.start', { chatId, agents, prompt: 'Write your file.' })).arenaId;
  /** A script that fails (exit 3) in qwen's worktree until `okFile` exists, and succeeds in every other. */
  const failingForQwenUntil = (okFile: string) =>
    `echo "trying in $(basename "$PWD")"\nif [ "$(basename "$PWD")" = qwen ] && [ ! -e '${okFile}' ]; then echo "no ok file" >&2; exit 3; fi\necho ok`;

  it('runs in each contestant’s worktree side by side before its session opens; what it leaves is there but not in the diff, and its log stays after a pick and a restart', async () => {
    const started = path.join(dir.path, 'started');
    mkdirSync(started);
    // Each run waits until the other has started too: they can only both succeed side by side.
    const { chatId } = await openRepo(
      [
        'me=$(basename "$PWD")',
        `touch '${started}'/"$me"`,
        `i=0; while [ "$(ls '${started}' | wc -l)" -lt 2 ]; do i=$((i+1)); [ $i -gt 200 ] && { echo "alone" >&2; exit 9; }; sleep 0.05; done`,
        'echo "setting up $me"',
        'cp "$BOOCODER_REPO/.env" .env',
        'mkdir -p deps && echo installed > deps/marker',
        'echo generated > generated.txt',
      ].join('\n'),
    );
    const arenaId = await startArena(chatId);
    const done = await settled(arenaId);
    expect(done.status).toBe('done');

    for (const agent of AGENTS) {
      const c = done.contestants.find((x) => x.agent === agent)!;
      expect(c.status, JSON.stringify(c.error)).toBe('done');
      // Its diff is the agent's file only: not the ignored .env and deps/, nor generated.txt, which git does not ignore.
      expect(c.files.map((f) => f.path)).toEqual([`from-${agent}.txt`]);
      const scratch = scratchOf(arenaId, agent);
      expect(readFileSync(path.join(scratch, '.env'), 'utf8')).toBe('SECRET=1\n');
      expect(readFileSync(path.join(scratch, 'deps', 'marker'), 'utf8')).toBe('installed\n');
      expect(existsSync(path.join(scratch, 'generated.txt'))).toBe(true);
      // The setup leads its transcript; its output streamed as it came.
      const setup = c.parts[0] as ContestantSetupPart;
      expect(setup).toMatchObject({ kind: 'setup', status: 'succeeded', exitCode: 0, timedOut: false, afterFailure: null, log: `setting up ${agent}\n` });
      expect(setup.treeAfter).toMatch(/^[0-9a-f]{40}$/);
      const output = events
        .filter((e) => e.name === 'arena.setupOutput' && (e.payload as EventPayload<'arena.setupOutput'>).agent === agent)
        .map((e) => (e.payload as EventPayload<'arena.setupOutput'>).chunk)
        .join('');
      expect(output).toBe(setup.log);
      expect(setupEvents(arenaId, agent).map((s) => s.status)).toEqual(['running', 'succeeded', 'succeeded']);
      expect(c.startedAt!).toBeGreaterThanOrEqual(setup.endedAt!);
    }
    // Each session opened in its own worktree, after its script had run there.
    expect(WritingBackend.opened.map((o) => [o.agent, o.envThere, path.basename(o.cwd)]).sort()).toEqual([
      ['gemini', true, 'gemini'],
      ['qwen', true, 'qwen'],
    ]);

    const { turnId } = await call<{ turnId: string }>('arena.pick', { arenaId, agent: 'qwen' });
    const changes = await call<{ files: Array<{ path: string; agent: string | null }> }>('changes.get', { chatId });
    expect(changes.files.map((f) => [f.path, f.agent])).toEqual([['from-qwen.txt', 'qwen']]);
    // The chat's turn is the agent's work: the setup ran in the scratch worktree, not the chat's.
    const win = (await call<Turn[]>('turns.list', { chatId })).find((t) => t.id === turnId)!;
    expect(win.parts.some((p) => p.kind === 'setup')).toBe(false);

    // The log is kept with the contestant: after the pick, and after a restart.
    await core.shutdown();
    await openCore();
    for (const agent of AGENTS) expect(await setupPart(arenaId, agent)).toMatchObject({ kind: 'setup', status: 'succeeded', log: `setting up ${agent}\n` });
  });

  it('a failure holds that contestant alone: the other finishes meanwhile; retry runs it again and it succeeds', async () => {
    const okFile = path.join(dir.path, 'ok');
    const { chatId } = await openRepo(failingForQwenUntil(okFile));
    const arenaId = await startArena(chatId);
    await waitFor(async () => (await setupPart(arenaId, 'qwen'))?.status === 'failed', 'qwen’s setup to fail');
    await waitFor(async () => (await contestant(arenaId, 'gemini')).status === 'done', 'gemini to finish while qwen waits');
    const waiting = await contestant(arenaId, 'qwen');
    expect(waiting.status).toBe('queued');
    expect(waiting.parts).toEqual([expect.objectContaining({ kind: 'setup', status: 'failed', exitCode: 3, timedOut: false, afterFailure: null, log: 'trying in qwen\nno ok file\n' })]);
    expect(WritingBackend.opened.map((o) => o.agent)).toEqual(['gemini']);
    expect((await arena(arenaId)).status).toBe('running');
    // Only a failed setup that waits takes a choice.
    await expect(call('arena.setupReply', { arenaId, agent: 'gemini', choice: 'retry' })).rejects.toMatchObject({ name: 'SetupNotWaiting' });
    await expect(call('arena.setupReply', { arenaId, agent: 'codex', choice: 'retry' })).rejects.toMatchObject({ name: 'NotFound' });

    writeFileSync(okFile, '');
    await call('arena.setupReply', { arenaId, agent: 'qwen', choice: 'retry' });
    const done = await settled(arenaId);
    const qwen = done.contestants.find((c) => c.agent === 'qwen')!;
    expect(qwen.status).toBe('done');
    expect(qwen.parts[0]).toMatchObject({ kind: 'setup', status: 'succeeded', afterFailure: null, log: 'trying in qwen\nok\n' });
    expect(qwen.files.map((f) => f.path)).toEqual(['from-qwen.txt']);
    expect(setupEvents(arenaId, 'qwen').map((s) => s.status)).toEqual(['running', 'failed', 'running', 'succeeded', 'succeeded']);
    await expect(call('arena.setupReply', { arenaId, agent: 'qwen', choice: 'retry' })).rejects.toMatchObject({ name: 'SetupNotWaiting' });
  });

  it('continue goes on without it; cancel cancels that contestant only, the other finishes', async () => {
    const { repoId, chatId } = await openRepo(failingForQwenUntil(path.join(dir.path, 'never')));
    const first = await startArena(chatId);
    await waitFor(async () => (await setupPart(first, 'qwen'))?.status === 'failed', 'qwen’s setup to fail');
    await call('arena.setupReply', { arenaId: first, agent: 'qwen', choice: 'continue' });
    const continued = await settled(first);
    const qwen = continued.contestants.find((c) => c.agent === 'qwen')!;
    expect(qwen.status).toBe('done');
    expect(qwen.parts[0]).toMatchObject({ kind: 'setup', status: 'failed', exitCode: 3, afterFailure: 'continued' });
    expect(qwen.files.map((f) => f.path)).toEqual(['from-qwen.txt']);

    const chat2 = (await call<{ id: string }>('chats.create', { repoId, title: 'Two' })).id;
    const second = await startArena(chat2);
    await waitFor(async () => (await setupPart(second, 'qwen'))?.status === 'failed', 'qwen’s setup to fail');
    await call('arena.setupReply', { arenaId: second, agent: 'qwen', choice: 'cancel' });
    const cancelled = await settled(second);
    expect(cancelled.status).toBe('done');
    const byAgent = new Map(cancelled.contestants.map((c) => [c.agent, c]));
    expect(byAgent.get('qwen')).toMatchObject({ status: 'cancelled', stopReason: 'cancelled', files: [] });
    expect(byAgent.get('qwen')!.parts[0]).toMatchObject({ kind: 'setup', status: 'failed', afterFailure: 'cancelled' });
    expect(byAgent.get('gemini')).toMatchObject({ status: 'done', files: [expect.objectContaining({ path: 'from-gemini.txt' })] });
  });

  it('a hanging script is stopped at the repository’s timeout and waits like a failure; cancelling the arena stops a running one', async () => {
    const pids = path.join(dir.path, 'pids');
    mkdirSync(pids);
    // qwen's hangs; gemini's ends at once.
    const { repoId, chatId } = await openRepo(
      `if [ "$(basename "$PWD")" = qwen ]; then echo waiting; sleep 60 & echo $! > '${pids}'/"$(basename "$PWD")"; wait; fi`,
      1000,
    );
    const arenaId = await startArena(chatId);
    await waitFor(async () => (await setupPart(arenaId, 'qwen'))?.status === 'failed', 'the timeout');
    const timedOut = (await setupPart(arenaId, 'qwen'))!;
    expect(timedOut).toMatchObject({ timedOut: true, afterFailure: null });
    expect(timedOut.log).toMatch(/^waiting\n\n\[setup script stopped: no end after 1 s\]/);
    expect(timedOut.endedAt! - timedOut.startedAt).toBeLessThan(10_000);
    // What it started was stopped with it.
    await waitFor(() => !processRunning(Number(readFileSync(path.join(pids, 'qwen'), 'utf8'))), 'the hanging sleep to be stopped', 5000);
    await call('arena.setupReply', { arenaId, agent: 'qwen', choice: 'continue' });
    expect((await settled(arenaId)).contestants.map((c) => c.status)).toEqual(['done', 'done']);

    // Every script hangs now, with no timeout to speak of: cancelling the arena stops them.
    await call('repos.configure', { repoId, setupScript: `echo waiting; sleep 60 & echo $! > '${pids}'/"$(basename "$PWD")-2"; wait`, setupTimeoutMs: 600_000 });
    const chat2 = (await call<{ id: string }>('chats.create', { repoId, title: 'Two' })).id;
    const hanging = await startArena(chat2);
    await waitFor(() => AGENTS.every((a) => existsSync(path.join(pids, `${a}-2`))), 'both scripts to run');
    await call('arena.cancel', { arenaId: hanging });
    const cancelled = await settled(hanging);
    expect(cancelled.contestants.map((c) => [c.agent, c.status, (c.parts[0] as ContestantSetupPart).afterFailure])).toEqual([
      ['qwen', 'cancelled', 'cancelled'],
      ['gemini', 'cancelled', 'cancelled'],
    ]);
    for (const a of AGENTS) await waitFor(() => !processRunning(Number(readFileSync(path.join(pids, `${a}-2`), 'utf8'))), `${a}’s script to be stopped`, 5000);
    expect(WritingBackend.opened.filter((o) => o.cwd.includes(hanging))).toEqual([]);
  });
});
