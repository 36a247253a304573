import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorName, MAX_PROMPT_CHARS } from '../../../src-preload/contract';
import type { AgentSpec } from '../../../src-main/core/agents/agent-backend';
import { driveCore, type DrivenCore } from '../../support/fault-tools';
import { FakeBackend } from '../../support/fake-backend';
import { git, makeRepo } from '../../support/git-repo';
import { tempDir, type TempDir } from '../../support/temp-dir';

/**
 * The contract refusing what must not pass, through a whole Core (in-memory agents): changes.apply
 * and changes.discard with paths outside the repo or through a symlink in the worktree, oversized
 * prompts, unknown ids. Every refusal is a named contract error (never Internal), and nothing on
 * disk outside the worktree changes.
 */

describe('contract refusals', () => {
  let dir: TempDir;
  let app: DrivenCore;
  let repoDir: string;
  let chatId: string;
  let worktree: string;
  let outside: string;

  const expectNamed = (e: { name: string; message: string }, name?: string) => {
    expect(ErrorName.options).toContain(e.name);
    expect(e.name).not.toBe('Internal');
    if (name) expect(e.name, e.message).toBe(name);
  };

  beforeAll(async () => {
    dir = await tempDir('sec-contract-');
    outside = path.join(dir.path, 'outside');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'victim.txt'), 'untouched');
    app = await driveCore({ dataDir: path.join(dir.path, 'data'), agentEnv: { PATH: process.env.PATH }, backendFactory: (spec: AgentSpec) => new FakeBackend(spec) });
    repoDir = realpathSync(makeRepo(path.join(dir.path, 'repo'), { 'README.md': 'base\n' }));
    const repo = await app.call<{ id: string }>('repos.open', { path: repoDir });
    chatId = (await app.call<{ id: string }>('chats.create', { repoId: repo.id })).id;
    const t = await app.send(chatId, 'qwen', 'make the worktree');
    expect((await app.end(t, 20_000)).stopReason).toBe('end_turn');
    worktree = app.core.store.worktrees.get(chatId)!.path;
    // The user's own edits in the worktree: a file, and a symlink pointing out of it.
    writeFileSync(path.join(worktree, 'changed.txt'), 'edited\n');
    symlinkSync(outside, path.join(worktree, 'escape'));
    const t2 = await app.send(chatId, 'qwen', 'pick up the edits');
    expect((await app.end(t2, 20_000)).stopReason).toBe('end_turn');
    const files = (await app.call<{ files: Array<{ path: string }> }>('changes.get', { chatId })).files.map((f) => f.path).sort();
    expect(files).toEqual(['changed.txt', 'escape']);
  });
  afterAll(async () => {
    await app?.core.shutdown();
    await dir?.[Symbol.asyncDispose]();
  });

  const escapes = () => ['../x', '../../outside/victim.txt', '/etc/passwd', path.join(outside, 'victim.txt'), path.join(worktree, 'changed.txt'), 'escape/victim.txt', 'changed.txt/../../outside/victim.txt', './changed.txt', 'changed.txt\0', '.git/config'];

  it('changes.apply with a path outside, absolute, or through the symlink: NotFound, nothing applied anywhere', async () => {
    for (const p of escapes()) {
      const error = await app.callError('changes.apply', { chatId, paths: [p] });
      expectNamed(error, 'NotFound');
      // All or nothing: a bad path next to a good one applies neither.
      expectNamed(await app.callError('changes.apply', { chatId, paths: ['changed.txt', p] }), 'NotFound');
    }
    expect(git(repoDir, 'status', '--porcelain')).toBe('');
    expect(readFileSync(path.join(outside, 'victim.txt'), 'utf8')).toBe('untouched');
    expect(readdirSync(outside)).toEqual(['victim.txt']);
  });

  it('changes.discard likewise: NotFound, the worktree and the outside untouched', async () => {
    for (const p of escapes()) expectNamed(await app.callError('changes.discard', { chatId, paths: [p] }), 'NotFound');
    expect(readFileSync(path.join(worktree, 'changed.txt'), 'utf8')).toBe('edited\n');
    expect(lstatSync(path.join(worktree, 'escape')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(outside, 'victim.txt'), 'utf8')).toBe('untouched');
  });

  it('applying a symlink creates the link itself in the checkout; its target is never written through', async () => {
    expect(await app.call('changes.apply', { chatId, paths: ['escape'] })).toEqual({ applied: ['escape'] });
    expect(lstatSync(path.join(repoDir, 'escape')).isSymbolicLink()).toBe(true);
    expect(readdirSync(outside)).toEqual(['victim.txt']);
    expect(readFileSync(path.join(outside, 'victim.txt'), 'utf8')).toBe('untouched');
  });

  it('refuses an oversized prompt with PromptTooLarge naming the field, and records no turn', async () => {
    const before = (await app.call<unknown[]>('turns.list', { chatId })).length;
    const error = await app.callError('turns.send', { chatId, agent: 'qwen', prompt: 'x'.repeat(MAX_PROMPT_CHARS + 1) });
    expectNamed(error, 'PromptTooLarge');
    expect(error.message).toContain('prompt');
    expect((await app.call<unknown[]>('turns.list', { chatId })).length).toBe(before);
    // Exactly at the limit is accepted.
    const ok = await app.send(chatId, 'qwen', 'y'.repeat(MAX_PROMPT_CHARS));
    expect((await app.end(ok, 20_000)).stopReason).toBe('end_turn');
  });

  it('unknown ids get named errors', async () => {
    const calls: Array<[string, unknown]> = [
      ['chats.risk', { chatId: 'chat_nope' }],
      ['chats.archive', { chatId: 'chat_nope' }],
      ['chats.restore', { chatId: 'chat_nope' }],
      ['chats.rename', { chatId: 'chat_nope', title: 'x' }],
      ['chats.create', { repoId: 'repo_nope' }],
      ['turns.list', { chatId: 'chat_nope' }],
      ['turns.cancel', { turnId: 'turn_nope' }],
      ['turns.send', { chatId: 'chat_nope', agent: 'qwen', prompt: 'x' }],
      ['turns.send', { chatId, agent: 'no-such-agent', prompt: 'x' }],
      ['sessions.list', { chatId: 'chat_nope' }],
      ['sessions.restart', { agent: 'no-such-agent' }],
      ['permissions.reply', { requestId: 'perm_nope', optionId: 'allow' }],
      ['changes.get', { chatId: 'chat_nope' }],
      ['changes.apply', { chatId: 'chat_nope' }],
      ['changes.discard', { chatId: 'chat_nope' }],
      ['agents.options', { agent: 'no-such-agent' }],
    ];
    const seen: Record<string, string> = {};
    for (const [method, params] of calls) {
      const reply = await app.callError(method, params).catch((e: Error) => ({ name: 'SUCCEEDED', message: e.message }));
      seen[`${method} ${JSON.stringify(params)}`] = reply.name;
    }
    for (const [call, name] of Object.entries(seen)) {
      expect(ErrorName.options, `${call} → ${name}`).toContain(name);
      expect(name, call).toBe('NotFound');
    }
  });

  it('sessions.stop names an unknown chat or agent, and is a no-op for a session that is not live', async () => {
    expectNamed(await app.callError('sessions.stop', { chatId: 'chat_nope', agent: 'qwen' }), 'NotFound');
    expectNamed(await app.callError('sessions.stop', { chatId, agent: 'no-such-agent' }), 'NotFound');
    expect(await app.call('sessions.stop', { chatId, agent: 'goose' })).toEqual({});
    expect(await app.call<{ sessions: unknown[] }>('agents.status', {})).toMatchObject({ sessions: expect.any(Array) });
  });

  it('repos.open refuses what is not a git repo, with a named error', async () => {
    for (const p of ['/etc', '/nonexistent/nowhere', path.join(outside, 'victim.txt'), '../..', 'relative/path']) {
      const e = await app.callError('repos.open', { path: p });
      expectNamed(e);
      expect(['NotADirectory', 'NotAGitRepo', 'InvalidInput', 'NotFound']).toContain(e.name);
    }
    expect(existsSync(path.join(outside, '.git'))).toBe(false);
  });
});
