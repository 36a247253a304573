import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapshotTree } from '../../../src-main/core/worktrees/snapshot';
import { WorktreeSnapshots } from '../../../src-main/core/worktrees/worktree-snapshots';
import { makeRepo } from '../../support/git-repo';
import { tempDir } from '../../support/temp-dir';

async function setup(options: { maxWatchedDirs?: number } = {}) {
  const dir = await tempDir('boocoder-snaps-');
  const worktree = makeRepo(path.join(dir.path, 'wt'), { 'README.md': '# r\n', 'd1/a.txt': 'a\n' });
  const snapshots = new WorktreeSnapshots({ indexRoot: path.join(dir.path, 'index'), ...options });
  let n = 0;
  return {
    dir: dir.path,
    worktree,
    snapshots,
    /** The tree git computes from scratch, through an index of its own: what `take` must agree with. */
    truth: () => snapshotTree(worktree, path.join(dir.path, `truth-${n++}.index`)),
    async [Symbol.asyncDispose]() {
      snapshots.close();
      await dir[Symbol.asyncDispose]();
    },
  };
}

describe('WorktreeSnapshots', () => {
  it('answers from the watcher when nothing changed, and runs git when something did', async () => {
    await using s = await setup();
    const first = await s.snapshots.take('c1', s.worktree, { watch: true });
    expect(s.snapshots.counts).toEqual({ reused: 0, taken: 1 });
    expect((await s.snapshots.take('c1', s.worktree, { watch: true })).tree).toBe(first.tree);
    expect((await s.snapshots.take('c1', s.worktree, { watch: true })).tree).toBe(first.tree);
    expect(s.snapshots.counts).toEqual({ reused: 2, taken: 1 });

    // Written with no await before the snapshot: the change must still be seen.
    writeFileSync(path.join(s.worktree, 'd1/a.txt'), 'changed\n');
    const second = await s.snapshots.take('c1', s.worktree, { watch: true });
    expect(second.tree).not.toBe(first.tree);
    expect(second.tree).toBe(await s.truth());
    expect(s.snapshots.counts).toEqual({ reused: 2, taken: 2 });
  });

  it('computes the diff alongside only when git runs; a reused snapshot leaves it to the caller', async () => {
    await using s = await setup();
    const base = (await s.snapshots.take('c1', s.worktree, { watch: true })).tree;
    writeFileSync(path.join(s.worktree, 'new.txt'), 'n\n');
    const taken = await s.snapshots.take('c1', s.worktree, { diffFrom: base, watch: true });
    expect(taken.entries?.map((e) => e.path)).toEqual(['new.txt']);
    const reused = await s.snapshots.take('c1', s.worktree, { diffFrom: base, watch: true });
    expect(reused).toEqual({ tree: taken.tree });
  });

  it('starts no watcher unless asked to, but uses one a turn started', async () => {
    await using s = await setup();
    await s.snapshots.take('c1', s.worktree);
    await s.snapshots.take('c1', s.worktree);
    expect(s.snapshots.counts).toEqual({ reused: 0, taken: 2 });
    await s.snapshots.take('c1', s.worktree, { watch: true });
    await s.snapshots.take('c1', s.worktree);
    expect(s.snapshots.counts).toEqual({ reused: 1, taken: 3 });
  });

  it('always runs git when the worktree cannot be watched', async () => {
    await using s = await setup({ maxWatchedDirs: 1 });
    const a = await s.snapshots.take('c1', s.worktree, { watch: true });
    const b = await s.snapshots.take('c1', s.worktree, { watch: true });
    expect(b.tree).toBe(a.tree);
    expect(s.snapshots.counts).toEqual({ reused: 0, taken: 2 });
  });

  it('forgets a chat: its index goes and the next snapshot runs git', async () => {
    await using s = await setup();
    await s.snapshots.take('c1', s.worktree, { watch: true });
    expect(existsSync(s.snapshots.indexFile('c1'))).toBe(true);
    await s.snapshots.forget('c1');
    expect(existsSync(s.snapshots.indexFile('c1'))).toBe(false);
    await s.snapshots.take('c1', s.worktree, { watch: true });
    expect(s.snapshots.counts).toEqual({ reused: 0, taken: 2 });
  });

  it('runs git for every snapshot once closed', async () => {
    await using s = await setup();
    await s.snapshots.take('c1', s.worktree, { watch: true });
    s.snapshots.close();
    await s.snapshots.take('c1', s.worktree, { watch: true });
    await s.snapshots.take('c1', s.worktree, { watch: true });
    expect(s.snapshots.counts).toEqual({ reused: 0, taken: 3 });
  });

  it('agrees with a from-scratch snapshot after any sequence of edits (property)', async () => {
    // Few names, so that edits meet: a folder removed and made again, then written into, is where
    // a watcher that lost track of a folder would go wrong.
    const names = ['a.txt', 'd1/a.txt', 'd1/d2/b.txt', 'd3/c.txt'];
    const dirs = ['d1', 'd1/d2', 'd3'];
    const op = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('write' as const), file: fc.constantFrom(...names), content: fc.string({ maxLength: 8 }) }), weight: 3 },
      fc.record({ kind: fc.constant('rm' as const), file: fc.constantFrom(...names, ...dirs) }),
      fc.record({ kind: fc.constant('mkdir' as const), file: fc.constantFrom(...dirs) }),
      fc.record({ kind: fc.constant('rename' as const), file: fc.constantFrom(...names, ...dirs), to: fc.constantFrom(...names, ...dirs) }),
      fc.record({ kind: fc.constant('chmod' as const), file: fc.constantFrom(...names) }),
      fc.record({ kind: fc.constant('symlink' as const), file: fc.constantFrom(...names) }),
      { arbitrary: fc.record({ kind: fc.constant('take' as const) }), weight: 3 },
    );
    await using s = await setup();
    let chat = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const chatId = `p${chat++}`;
        await s.snapshots.take(chatId, s.worktree, { watch: true });
        for (const o of ops) {
          const p = path.join(s.worktree, o.kind === 'take' ? '' : o.file);
          try {
            if (o.kind === 'write') {
              mkdirSync(path.dirname(p), { recursive: true });
              writeFileSync(p, o.content);
            } else if (o.kind === 'rm') rmSync(p, { recursive: true, force: true });
            else if (o.kind === 'mkdir') mkdirSync(p, { recursive: true });
            else if (o.kind === 'rename') renameSync(p, path.join(s.worktree, o.to));
            else if (o.kind === 'chmod') chmodSync(p, 0o755);
            else if (o.kind === 'symlink') symlinkSync('README.md', p);
            else expect((await s.snapshots.take(chatId, s.worktree, { watch: true })).tree).toBe(await s.truth());
          } catch (e) {
            // The edit itself was impossible (no such file, a folder in the way): the tree is as it was.
            if (!['ENOENT', 'EEXIST', 'ENOTDIR', 'EISDIR', 'ENOTEMPTY', 'EINVAL'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
          }
        }
        expect((await s.snapshots.take(chatId, s.worktree, { watch: true })).tree).toBe(await s.truth());
        // Nothing changed since: the same tree, from the cache when the watcher can vouch.
        const again = await s.snapshots.take(chatId, s.worktree, { watch: true });
        expect(again.tree).toBe(await s.truth());
        await s.snapshots.forget(chatId);
      }),
      { numRuns: 60 },
    );
    expect(s.snapshots.counts.reused).toBeGreaterThan(0);
  });
});
