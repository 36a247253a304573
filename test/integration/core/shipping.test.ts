import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src-preload/contract';
import { Core } from '../../../src-main/core/core';
import { dispatch } from '../../../src-main/core/rpc/dispatch';
import type { CommandRunner } from '../../../src-main/core/shipping/command-runner';
import { runCommand } from '../../../src-main/core/shipping/command-runner';
import type { LaunchCommand } from '../../../src-main/core/open-in/open-commands';
import { FakeBackend } from '../../support/fake-backend';
import { git, makeRepo } from '../../support/git-repo';
import { processRunning } from '../../support/process-alive';
import { tempDir, type TempDir } from '../../support/temp-dir';

/**
 * Shipping through the contract, on real git and a real core (agents faked): the setup script of
 * a new worktree, commit with a drafted message, push, pull request up to gh's exact command, and
 * opening the worktree up to the launcher's exact command.
 */
describe('shipping a chat through the contract', () => {
  let dir: TempDir;
  let core: Core;
  let backends: FakeBackend[];
  let ghCalls: string[][];
  let launched: LaunchCommand[];
  const ended = new Map<string, string>();
  const events: Array<{ name: string; payload: unknown }> = [];

  const call = async <T = unknown>(method: string, params: unknown): Promise<T> => {
    const r = await dispatch(core.handlers, method, params);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { name: r.error.name, data: r.error.data });
    return r.result as T;
  };
  const waitFor = async (check: () => boolean, what: string, ms = 20_000) => {
    const until = Date.now() + ms;
    while (!check()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const send = async (chatId: string, prompt = 'hello') => (await call<{ turnId: string }>('turns.send', { chatId, agent: 'qwen', prompt })).turnId;
  const turn = async (chatId: string, prompt = 'hello') => {
    const turnId = await send(chatId, prompt);
    await waitFor(() => ended.has(turnId), 'the turn to end');
    await core.dispatcher.settled(chatId);
    return turnId;
  };
  const setupStates = (chatId: string) => events.filter((e) => e.name === 'setup.state' && (e.payload as { chatId: string }).chatId === chatId).map((e) => e.payload as EventPayload<'setup.state'>);

  beforeEach(async () => {
    dir = await tempDir('shipping-');
    const bin = path.join(dir.path, 'bin');
    mkdirSync(bin);
    for (const name of ['qwen', 'code']) {
      writeFileSync(path.join(bin, name), '#!/bin/sh\n');
      chmodSync(path.join(bin, name), 0o755);
    }
    backends = [];
    ghCalls = [];
    launched = [];
    ended.clear();
    events.length = 0;
    // gh is "installed and signed in": the fake answers like it; git push is the real one.
    const runner: CommandRunner = async (command, args, options) => {
      if (command !== 'gh') return runCommand(command, args, options);
      ghCalls.push(args);
      return { code: 0, stdout: args[0] === 'pr' ? 'https://github.com/acme/widgets/pull/12\n' : '', stderr: '', timedOut: false };
    };
    core = await Core.open({
      dataDir: path.join(dir.path, 'data'),
      agentSearchDirs: [bin],
      agentEnv: { PATH: '' },
      toolEnv: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
      validateEvents: true,
      commandRunner: runner,
      launcher: async (cmd) => void launched.push(cmd),
      backendFactory: (spec) => {
        const b = new FakeBackend(spec);
        backends.push(b);
        return b;
      },
    });
    core.events.subscribe((name, payload) => {
      events.push({ name, payload });
      const p = payload as EventPayload<'turn.event'>;
      if (name === 'turn.event' && p.event.type === 'turn.end') ended.set(p.turnId, p.event.stopReason);
    });
  });
  afterEach(async () => {
    await core.shutdown();
    await dir[Symbol.asyncDispose]();
  });

  async function openRepo(files: Record<string, string> = { 'README.md': '# r\n' }) {
    const repoDir = makeRepo(path.join(dir.path, 'repo'), files);
    const repo = await call<{ id: string }>('repos.open', { path: repoDir });
    const chat = await call<{ id: string }>('chats.create', { repoId: repo.id, title: 'Work' });
    return { repoDir, repoId: repo.id, chatId: chat.id };
  }

  it('runs the setup script once, in the new worktree before the first turn, with its output streamed', async () => {
    const { repoDir, repoId, chatId } = await openRepo();
    writeFileSync(path.join(repoDir, '.env'), 'SECRET=1\n');
    git(repoDir, 'config', 'core.excludesFile', '/dev/null');
    writeFileSync(path.join(repoDir, '.git', 'info', 'exclude'), '.env\n');
    const set = await call('repos.configure', { repoId, setupScript: 'echo "setting up in $(basename "$PWD")"\ncp "$BOOCODER_REPO/.env" .env\necho done >&2' });
    expect(set).toMatchObject({ repoId, setupScript: expect.stringContaining('cp'), setupTimeoutMs: 600_000 });

    await turn(chatId);
    const wt = core.store.worktrees.get(chatId)!.path;
    expect(readFileSync(path.join(wt, '.env'), 'utf8')).toBe('SECRET=1\n');
    const states = setupStates(chatId);
    expect(states.map((s) => s.status)).toEqual(['running', 'succeeded']);
    expect(states[1]!.log).toBe(`setting up in ${chatId}\ndone\n`);
    const output = events.filter((e) => e.name === 'setup.output').map((e) => (e.payload as { chunk: string }).chunk).join('');
    expect(output).toBe(states[1]!.log);
    // The script ran before the turn's first snapshot: its ignored .env is in nobody's pending change.
    expect((await call<{ files: unknown[] }>('changes.get', { chatId })).files).toEqual([]);

    await turn(chatId);
    expect(setupStates(chatId)).toHaveLength(2);
  });

  it('a script that leaves a background process holding its output ends when the script does', async () => {
    const { repoId, chatId } = await openRepo();
    const pidFile = path.join(dir.path, 'bg.pid');
    await call('repos.configure', { repoId, setupScript: `sleep 30 & echo $! > '${pidFile}'; echo started` });
    const started = Date.now();
    await turn(chatId);
    expect(Date.now() - started).toBeLessThan(15_000);
    // What it left running was stopped with it.
    const bg = Number(readFileSync(pidFile, 'utf8').trim());
    await waitFor(() => !processRunning(bg), 'the background process to be stopped', 5000);
    expect(setupStates(chatId).map((s) => [s.status, s.log])).toEqual([
      ['running', ''],
      ['succeeded', 'started\n'],
    ]);
  });

  it('a failing script holds the turn for the choice: retry, then continue; cancel ends the turn and the next turn runs it again', async () => {
    const { repoDir, repoId, chatId } = await openRepo();
    await call('repos.configure', { repoId, setupScript: `echo trying; test -f "${path.join(dir.path, 'ok')}" || { echo "no ok file" >&2; exit 3; }` });

    const turnId = await send(chatId);
    await waitFor(() => setupStates(chatId).some((s) => s.status === 'failed'), 'the failure');
    const failed = (await call<{ state: EventPayload<'setup.state'> }>('setup.status', { chatId })).state;
    expect(failed).toMatchObject({ status: 'failed', exitCode: 3, timedOut: false, log: 'trying\nno ok file\n', turnId });
    expect(backends.flatMap((b) => [...b.sessions.values()])).toHaveLength(0);
    expect(ended.has(turnId)).toBe(false);

    await call('setup.reply', { chatId, choice: 'retry' });
    await waitFor(() => setupStates(chatId).filter((s) => s.status === 'failed').length === 2, 'the second failure');
    await call('setup.reply', { chatId, choice: 'continue' });
    await waitFor(() => ended.has(turnId), 'the turn');
    expect(ended.get(turnId)).toBe('end_turn');
    await expect(call('setup.reply', { chatId, choice: 'retry' })).rejects.toMatchObject({ name: 'NotFound' });

    // A second chat: cancel, then the next turn tries again and succeeds.
    const chat2 = (await call<{ id: string }>('chats.create', { repoId, title: 'Two' })).id;
    const t1 = await send(chat2);
    await waitFor(() => setupStates(chat2).some((s) => s.status === 'failed'), 'the failure');
    await call('setup.reply', { chatId: chat2, choice: 'cancel' });
    await waitFor(() => ended.has(t1), 'the cancelled turn');
    expect(ended.get(t1)).toBe('cancelled');
    writeFileSync(path.join(dir.path, 'ok'), '');
    await turn(chat2);
    expect(setupStates(chat2).map((s) => s.status)).toEqual(['running', 'failed', 'running', 'succeeded']);
    expect(existsSync(repoDir)).toBe(true);
  });

  it('a hanging script is stopped at its timeout and shown as timed out; a turn cancel stops a running one', async () => {
    const { repoId, chatId } = await openRepo();
    await call('repos.configure', { repoId, setupScript: 'echo waiting; sleep 60', setupTimeoutMs: 1000 });
    const turnId = await send(chatId);
    await waitFor(() => setupStates(chatId).some((s) => s.status === 'failed'), 'the timeout');
    const state = setupStates(chatId).find((s) => s.status === 'failed')!;
    expect(state.timedOut).toBe(true);
    expect(state.log).toMatch(/^waiting\n\n\[setup script stopped: no end after 1 s\]/);
    expect(state.endedAt! - state.startedAt).toBeLessThan(10_000);
    await call('setup.reply', { chatId, choice: 'retry' });
    await waitFor(() => setupStates(chatId).filter((s) => s.status === 'running').length === 2, 'the retry');
    await call('turns.cancel', { turnId });
    await waitFor(() => ended.has(turnId), 'the cancel');
    expect(ended.get(turnId)).toBe('cancelled');
  });

  it('commits with a drafted message, pushes to a bare remote, opens a pull request with gh, and opens the worktree', async () => {
    const { repoDir, chatId } = await openRepo();
    const remote = path.join(dir.path, 'remote.git');
    git(dir.path, 'init', '-q', '--bare', remote);
    git(repoDir, 'remote', 'add', 'origin', remote);
    git(repoDir, 'push', '-q', 'origin', 'main');

    // The agent writes a file during its turn (held open while the test writes for it).
    const turnId = await send(chatId, '[[hold]] write it');
    await waitFor(() => !!core.store.worktrees.get(chatId) && backends.some((b) => [...b.sessions.values()].some((s) => s.isRunning)), 'the turn to start');
    const wt = core.store.worktrees.get(chatId)!.path;
    writeFileSync(path.join(wt, 'feature.txt'), 'feature\n');
    writeFileSync(path.join(wt, 'later.txt'), 'later\n');
    const chatSession = backends.flatMap((b) => [...b.sessions.values()]).find((s) => s.isRunning)!;
    chatSession.release();
    await waitFor(() => ended.has(turnId), 'the turn');
    await core.dispatcher.settled(chatId);

    const { message } = await call<{ message: string }>('changes.draftMessage', { chatId, agent: 'qwen', paths: ['feature.txt'] });
    expect(message).toBe('reply 1 (remembers 1)');
    // The draft went to a session of its own in BooCoder's folder; the chat's session never saw it.
    expect(chatSession.history).toEqual(['[[hold]] write it']);
    const side = backends.flatMap((b) => [...b.sessions.values()]).find((s) => s !== chatSession)!;
    expect(side.cwd).toBe(path.join(dir.path, 'data', 'agent-cwd'));
    expect(side.disposed).toBe(true);
    expect((await call<unknown[]>('turns.list', { chatId })).length).toBe(1);

    const committed = await call<{ commit: string; files: string[]; agents: string[] }>('changes.commit', { chatId, message: 'Add the feature', paths: ['feature.txt'] });
    expect(committed).toMatchObject({ files: ['feature.txt'], agents: ['qwen'] });
    expect((await call<{ files: Array<{ path: string; agent: string }> }>('changes.get', { chatId })).files.map((f) => [f.path, f.agent])).toEqual([['later.txt', 'qwen']]);
    expect((await call<{ unpushedCommits: string[] }>('chats.risk', { chatId })).unpushedCommits).toEqual([committed.commit]);
    const before = await call<{ branch: string; unpushed: number; base: { branch: string; behind: number; ahead: number } }>('chats.branch', { chatId });
    expect(before).toMatchObject({ branch: `boocoder/${chatId}`, unpushed: 1, base: { branch: 'main', behind: 0, ahead: 1 }, upstream: null });

    await expect(call('chats.push', { chatId, remote: 'upstream' })).rejects.toMatchObject({ name: 'RemoteNotFound', data: { remotes: ['origin'] } });
    const pushed = await call('chats.push', { chatId });
    expect(pushed).toEqual({ remote: 'origin', branch: `boocoder/${chatId}` });
    expect(git(remote, 'log', '-1', '--format=%B', `boocoder/${chatId}`)).toBe('Add the feature\n\nAgents: qwen');
    expect(git(remote, 'show', `boocoder/${chatId}:feature.txt`)).toBe('feature');
    expect((await call<{ unpushedCommits: string[] }>('chats.risk', { chatId })).unpushedCommits).toEqual([]);
    expect(await call('chats.branch', { chatId })).toMatchObject({ unpushed: 0, upstream: `origin/boocoder/${chatId}` });

    // A local bare remote has no pull request page; on a GitHub URL gh opens one.
    await expect(call('chats.pullRequest', { chatId })).rejects.toMatchObject({ name: 'PullRequestUnavailable' });
    git(repoDir, 'remote', 'add', 'github', 'git@github.com:acme/widgets.git');
    git(repoDir, 'remote', 'set-url', '--push', 'github', remote);
    const pr = await call('chats.pullRequest', { chatId, remote: 'github', title: 'Add the feature' });
    expect(pr).toEqual({ url: 'https://github.com/acme/widgets/pull/12', via: 'gh' });
    expect(ghCalls).toEqual([
      ['auth', 'status', '--hostname', 'github.com'],
      ['pr', 'create', '--repo', 'github.com/acme/widgets', '--head', `boocoder/${chatId}`, '--base', 'main', '--title', 'Add the feature', '--body', ''],
    ]);

    const targets = await call<{ path: string; editors: Array<{ id: string }> }>('chats.openTargets', { chatId });
    expect(targets.path).toBe(wt);
    expect(targets.editors.map((e) => e.id)).toEqual(['vscode']);
    expect(await call('chats.openIn', { chatId, target: 'editor' })).toEqual({ command: 'code', args: [wt] });
    await call('settings.update', { editorCommand: 'my-editor --new-window {path}' });
    await call('chats.openIn', { chatId, target: 'editor' });
    expect(launched.map((l) => [l.command, ...l.args])).toEqual([
      ['code', wt],
      ['my-editor', '--new-window', wt],
    ]);
  });
});
