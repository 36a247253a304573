import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveCore, FAKE_ACP_AGENT, TSX_IMPORT, type DrivenCore } from '../../support/fault-tools';
import { makeRepo } from '../../support/git-repo';
import { tempDir, type TempDir } from '../../support/temp-dir';
import { isolatedEnv } from '../host/serve-process';

/**
 * An ACP agent asking the client to read or write files outside the chat's worktree, through a
 * real session of a whole Core (the scripted fake agent sends the fs/* requests it is told to):
 * `..`, absolute paths, a symlinked directory and a symlinked file pointing out, a dangling
 * symlink. Every one is refused with PathOutsideWorktree and nothing outside changes.
 */

describe('ACP fs/* confinement through a real session', () => {
  let dir: TempDir;
  let app: DrivenCore;
  let chatId: string;
  let worktree: string;
  let outside: string;

  beforeAll(async () => {
    dir = await tempDir('sec-fs-');
    outside = path.join(dir.path, 'outside');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'secret.txt'), 'TOP SECRET');
    app = await driveCore({ dataDir: path.join(dir.path, 'data'), agentEnv: isolatedEnv(dir.path) });
    await app.call('agents.configure', { id: 'fake', name: 'Fake', command: process.execPath, args: ['--import', TSX_IMPORT, FAKE_ACP_AGENT, 'normal'] });
    const repoDir = realpathSync(makeRepo(path.join(dir.path, 'repo'), { 'README.md': 'inside\n' }));
    const repo = await app.call<{ id: string }>('repos.open', { path: repoDir });
    chatId = (await app.call<{ id: string }>('chats.create', { repoId: repo.id })).id;
    const t = await app.send(chatId, 'fake', 'hello');
    expect((await app.end(t, 30_000)).stopReason).toBe('end_turn');
    worktree = app.core.store.worktrees.get(chatId)!.path;
    // Links planted in the worktree (as a malicious repo or an earlier tool could).
    symlinkSync(outside, path.join(worktree, 'linkdir'));
    symlinkSync(path.join(outside, 'secret.txt'), path.join(worktree, 'linkfile.txt'));
    symlinkSync(path.join(outside, 'not-yet.txt'), path.join(worktree, 'dangling.txt'));
  });
  afterAll(async () => {
    await app?.core.shutdown();
    await dir?.[Symbol.asyncDispose]();
  });

  async function reply(prompt: string): Promise<string> {
    const t = await app.send(chatId, 'fake', prompt);
    expect((await app.end(t, 30_000)).stopReason).toBe('end_turn');
    return (await app.call<Array<{ id: string; text: string }>>('turns.list', { chatId })).find((r) => r.id === t)!.text;
  }

  it('reads and writes inside the worktree work (control)', async () => {
    expect(await reply('read:README.md')).toBe('content: inside\n');
    expect(await reply(`read:${path.join(worktree, 'README.md')}`)).toBe('content: inside\n');
    expect(await reply('write:sub/new.txt:made inside')).toBe('written');
    expect(readFileSync(path.join(worktree, 'sub', 'new.txt'), 'utf8')).toBe('made inside');
  });

  const escapes = (): string[] => [
    '../outside/secret.txt',
    '../../outside/secret.txt',
    'sub/../../outside/secret.txt',
    path.join(outside, 'secret.txt'),
    '/etc/passwd',
    'linkdir/secret.txt',
    'linkfile.txt',
    'dangling.txt',
  ];

  it('refuses every read outside with PathOutsideWorktree and discloses nothing', async () => {
    for (const p of escapes()) {
      const text = await reply(`read:${p}`);
      expect(text, p).toMatch(/^error: /);
      expect(text, p).toContain('PathOutsideWorktree');
      expect(text, p).not.toContain('TOP SECRET');
      expect(text, p).not.toContain('root:');
    }
  });

  it('refuses every write outside and nothing outside changes', async () => {
    const targets = ['../outside/pwned.txt', path.join(outside, 'pwned.txt'), 'linkdir/pwned.txt', 'linkfile.txt', 'dangling.txt', '/tmp/boocoder-pwned.txt'];
    for (const p of targets) {
      const text = await reply(`write:${p}:pwned`);
      expect(text, p).toMatch(/^error: /);
      expect(text, p).toContain('PathOutsideWorktree');
    }
    expect(readFileSync(path.join(outside, 'secret.txt'), 'utf8')).toBe('TOP SECRET');
    expect(existsSync(path.join(outside, 'pwned.txt'))).toBe(false);
    expect(existsSync(path.join(outside, 'not-yet.txt'))).toBe(false);
    expect(existsSync('/tmp/boocoder-pwned.txt')).toBe(false);
  });
});
