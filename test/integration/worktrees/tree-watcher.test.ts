import { chmodSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TreeWatcher, TreeWatchUnavailable } from '../../../src-main/core/worktrees/tree-watcher';
import { tempDir } from '../../support/temp-dir';

async function watched(files: Record<string, string> = { 'a.txt': 'a', 'src/deep/b.txt': 'b' }) {
  const dir = await tempDir('boocoder-watch-');
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir.path, rel)), { recursive: true });
    writeFileSync(path.join(dir.path, rel), content);
  }
  const watcher = await TreeWatcher.start(dir.path, { maxDirs: 100 });
  return {
    root: dir.path,
    watcher,
    /** Whether the mark moved across `change`, read the way a snapshot reads it (settled). */
    async moves(change: () => void): Promise<boolean> {
      await watcher.settle();
      const before = watcher.mark;
      change();
      await watcher.settle();
      return watcher.mark !== before;
    },
    async [Symbol.asyncDispose]() {
      watcher.close();
      await dir[Symbol.asyncDispose]();
    },
  };
}

/** Settles the watcher and checks it vouches for the tree again (every new directory attached). */
async function attached(watcher: TreeWatcher): Promise<void> {
  await watcher.settle();
  expect(watcher.reliable).toBe(true);
}

describe('TreeWatcher', () => {
  it('sees a write made just before it settles, at the root and deep down, every time', async () => {
    await using w = await watched();
    for (let i = 0; i < 100; i++) {
      const rel = i % 2 ? 'a.txt' : 'src/deep/b.txt';
      expect(await w.moves(() => writeFileSync(path.join(w.root, rel), `v${i}`))).toBe(true);
    }
    expect(w.watcher.reliable).toBe(true);
  });

  it('sees creation, deletion, renames and mode changes', async () => {
    await using w = await watched();
    expect(await w.moves(() => writeFileSync(path.join(w.root, 'new.txt'), 'n'))).toBe(true);
    expect(await w.moves(() => rmSync(path.join(w.root, 'new.txt')))).toBe(true);
    expect(await w.moves(() => renameSync(path.join(w.root, 'a.txt'), path.join(w.root, 'src/a.txt')))).toBe(true);
    expect(await w.moves(() => chmodSync(path.join(w.root, 'src/a.txt'), 0o755))).toBe(true);
  });

  it('does not move when files are only read', async () => {
    await using w = await watched();
    expect(
      await w.moves(() => {
        readFileSync(path.join(w.root, 'a.txt'));
        statSync(path.join(w.root, 'src/deep/b.txt'));
        readdirSync(path.join(w.root, 'src'), { recursive: true });
      }),
    ).toBe(false);
  });

  it('follows directories created, moved and removed after it started', async () => {
    await using w = await watched();
    expect(await w.moves(() => mkdirSync(path.join(w.root, 'fresh/inner'), { recursive: true }))).toBe(true);
    await attached(w.watcher);
    expect(await w.moves(() => writeFileSync(path.join(w.root, 'fresh/inner/x.txt'), 'x'))).toBe(true);

    expect(await w.moves(() => renameSync(path.join(w.root, 'fresh'), path.join(w.root, 'moved')))).toBe(true);
    await attached(w.watcher);
    expect(await w.moves(() => writeFileSync(path.join(w.root, 'moved/inner/x.txt'), 'y'))).toBe(true);

    // Removed and made again under the same name: the new folder is the one watched.
    expect(
      await w.moves(() => {
        rmSync(path.join(w.root, 'moved'), { recursive: true });
        mkdirSync(path.join(w.root, 'moved'));
      }),
    ).toBe(true);
    await attached(w.watcher);
    expect(await w.moves(() => writeFileSync(path.join(w.root, 'moved/again.txt'), 'z'))).toBe(true);
  });

  it('does not vouch for the tree until a new directory is watched; settle waits for it', async () => {
    await using w = await watched();
    await w.watcher.settle();
    mkdirSync(path.join(w.root, 'pending'));
    // Two ticks deliver the event; attaching needs an lstat, a watch and a listing more.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(w.watcher.reliable).toBe(false);
    await w.watcher.settle();
    expect(w.watcher.reliable).toBe(true);
    expect(await w.moves(() => writeFileSync(path.join(w.root, 'pending/x.txt'), 'x'))).toBe(true);
  });

  it('stops vouching when its root is replaced', async () => {
    await using w = await watched();
    rmSync(w.root, { recursive: true });
    mkdirSync(w.root);
    await w.watcher.settle();
    for (let i = 0; i < 200 && w.watcher.failureReason === null; i++) await new Promise((r) => setTimeout(r, 5));
    expect(w.watcher.failureReason).toMatch(/removed or replaced/);
    expect(w.watcher.reliable).toBe(false);
  });

  it('refuses trees it cannot vouch for: too many directories, a nested repository', async () => {
    await using dir = await tempDir('boocoder-watch-');
    for (let i = 0; i < 5; i++) mkdirSync(path.join(dir.path, `d${i}`));
    await expect(TreeWatcher.start(dir.path, { maxDirs: 3 })).rejects.toThrow(TreeWatchUnavailable);
    await expect(TreeWatcher.start(dir.path, { maxDirs: 3 })).rejects.toThrow(/more than 3 directories/);

    mkdirSync(path.join(dir.path, 'd0/.git'));
    await expect(TreeWatcher.start(dir.path, { maxDirs: 100 })).rejects.toThrow(/nested repository/);
    // The worktree's own .git (a file at the root) is fine.
    rmSync(path.join(dir.path, 'd0/.git'), { recursive: true });
    writeFileSync(path.join(dir.path, '.git'), 'gitdir: /elsewhere\n');
    const ok = await TreeWatcher.start(dir.path, { maxDirs: 100 });
    expect(ok.reliable).toBe(true);

    // A repository cloned into the tree later makes it stop vouching too.
    mkdirSync(path.join(dir.path, 'd1/.git'));
    await ok.settle();
    for (let i = 0; i < 200 && ok.failureReason === null; i++) await new Promise((r) => setTimeout(r, 5));
    expect(ok.failureReason).toMatch(/nested repository/);
    ok.close();
  });

  it('reports nothing once closed', async () => {
    await using w = await watched();
    w.watcher.close();
    expect(w.watcher.reliable).toBe(false);
    const before = w.watcher.mark;
    writeFileSync(path.join(w.root, 'a.txt'), 'after close');
    await w.watcher.settle();
    expect(w.watcher.mark).toBe(before);
  });
});
