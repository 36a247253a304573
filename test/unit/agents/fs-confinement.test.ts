import { mkdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  readConfinedTextFile,
  resolveConfinedPath,
  sliceLines,
  writeConfinedTextFile,
} from '../../../src-main/core/agents/acp/fs-confinement';
import { tempDir, type TempDir } from '../../support/temp-dir';

/** Real temp dirs with real symlinks: root/ is the worktree, outside/ is elsewhere. */
let dir: TempDir;
let root: string;
let outside: string;

beforeEach(async () => {
  dir = await tempDir('fs-confine-');
  root = path.join(dir.path, 'root');
  outside = path.join(dir.path, 'outside');
  await mkdir(path.join(root, 'src'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(root, 'src', 'a.txt'), 'one\ntwo\nthree\nfour\n');
  await writeFile(path.join(outside, 'secret.txt'), 'secret');
});
afterEach(async () => {
  await dir[Symbol.asyncDispose]();
});

const refused = { name: 'PathOutsideWorktree' };

describe('fs confinement to the worktree', () => {
  it('allows plain paths inside, absolute or relative', async () => {
    expect(await readConfinedTextFile(root, path.join(root, 'src', 'a.txt'))).toBe('one\ntwo\nthree\nfour\n');
    expect(await readConfinedTextFile(root, 'src/a.txt')).toBe('one\ntwo\nthree\nfour\n');
  });

  it('refuses ../ escapes, even ones that come back through another dir', async () => {
    await expect(readConfinedTextFile(root, path.join(root, '..', 'outside', 'secret.txt'))).rejects.toMatchObject(refused);
    await expect(readConfinedTextFile(root, '../outside/secret.txt')).rejects.toMatchObject(refused);
    await expect(writeConfinedTextFile(root, 'src/../../outside/new.txt', 'x')).rejects.toMatchObject(refused);
  });

  it('refuses an absolute path elsewhere', async () => {
    await expect(readConfinedTextFile(root, path.join(outside, 'secret.txt'))).rejects.toMatchObject(refused);
    await expect(writeConfinedTextFile(root, '/etc/boocoder-should-not-exist', 'x')).rejects.toMatchObject(refused);
  });

  it('refuses a path through a symlinked directory that points outside, for reads and writes', async () => {
    await symlink(outside, path.join(root, 'linkdir'));
    await expect(readConfinedTextFile(root, path.join(root, 'linkdir', 'secret.txt'))).rejects.toMatchObject(refused);
    await expect(writeConfinedTextFile(root, path.join(root, 'linkdir', 'new.txt'), 'x')).rejects.toMatchObject(refused);
    await expect(writeConfinedTextFile(root, path.join(root, 'linkdir', 'deep', 'new.txt'), 'x')).rejects.toMatchObject(refused);
    await expect(readFile(path.join(outside, 'new.txt'), 'utf8')).rejects.toThrow();
  });

  it('refuses a symlinked file that points outside, and a dangling link a write would create outside', async () => {
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'src', 'leak.txt'));
    await expect(readConfinedTextFile(root, path.join(root, 'src', 'leak.txt'))).rejects.toMatchObject(refused);
    await expect(writeConfinedTextFile(root, path.join(root, 'src', 'leak.txt'), 'x')).rejects.toMatchObject(refused);
    expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('secret');

    await symlink(path.join(outside, 'not-yet.txt'), path.join(root, 'dangling.txt'));
    await expect(writeConfinedTextFile(root, path.join(root, 'dangling.txt'), 'x')).rejects.toMatchObject(refused);
    await expect(readFile(path.join(outside, 'not-yet.txt'), 'utf8')).rejects.toThrow();
  });

  it('allows symlinks inside that point inside', async () => {
    await symlink(path.join(root, 'src'), path.join(root, 'srclink'));
    await symlink(path.join(root, 'src', 'a.txt'), path.join(root, 'alink.txt'));
    expect(await readConfinedTextFile(root, path.join(root, 'srclink', 'a.txt'), { line: 2, limit: 1 })).toBe('two');
    expect(await readConfinedTextFile(root, path.join(root, 'alink.txt'), { limit: 1 })).toBe('one');
    await writeConfinedTextFile(root, path.join(root, 'srclink', 'b.txt'), 'b');
    expect(await readFile(path.join(root, 'src', 'b.txt'), 'utf8')).toBe('b');
  });

  it('works when the worktree itself is reached through a symlink', async () => {
    const alias = path.join(dir.path, 'alias');
    await symlink(root, alias);
    expect(await readConfinedTextFile(alias, path.join(alias, 'src', 'a.txt'), { line: 4 })).toBe('four\n');
    expect(await readConfinedTextFile(alias, path.join(root, 'src', 'a.txt'), { line: 1, limit: 2 })).toBe('one\ntwo');
  });

  it('creates parent dirs inside the worktree for writes', async () => {
    await writeConfinedTextFile(root, path.join(root, 'new', 'deep', 'file.txt'), 'hello');
    expect(await readFile(path.join(root, 'new', 'deep', 'file.txt'), 'utf8')).toBe('hello');
    expect(await resolveConfinedPath(root, 'new/deep/file.txt')).toBe(path.join(await realpath(root), 'new', 'deep', 'file.txt'));
  });

  it('reports a missing file inside as not found, not as outside', async () => {
    await expect(readConfinedTextFile(root, 'nope.txt')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('slices lines 1-based with an optional limit', () => {
    expect(sliceLines('a\nb\nc', {})).toBe('a\nb\nc');
    expect(sliceLines('a\nb\nc', { line: 2 })).toBe('b\nc');
    expect(sliceLines('a\nb\nc', { line: 1, limit: 2 })).toBe('a\nb');
    expect(sliceLines('a\nb\nc', { line: 5 })).toBe('');
  });
});
