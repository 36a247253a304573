import { mkdir, readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { git } from '../worktrees/git-runner';
import { KeyedMutex } from '../worktrees/keyed-mutex';
import { dropSnapshotIndex, snapshotTree } from '../worktrees/snapshot';
import { changedPaths } from '../worktrees/tree-diff';
import { commitTree, pruneWorktrees, updateRef, writeTreeFiles } from '../worktrees/worktree-git';

/**
 * An arena contestant's scratch worktree: a detached git worktree of the chat's repository,
 * forked from the chat's worktree as it is (its HEAD, then its uncommitted and untracked files
 * laid over it), under `<worktreesRoot>/<arenaId>/<agent>` so it sits with the chats' own
 * worktrees (the folder agents may write to).
 */

/**
 * git's worktree registry of one repository is changed one command at a time: two `worktree add`
 * or `remove` side by side can trip over each other's files under `.git/worktrees`.
 */
const registry = new KeyedMutex();

/** Where a contestant's scratch worktree lives; the folder's name is the agent's id. */
export const scratchPath = (worktreesRoot: string, arenaId: string, agent: string): string => path.join(worktreesRoot, arenaId, agent);

/** The private snapshot index of a contestant's worktree: next to it, in its arena's folder. */
export const contestantIndexFile = (worktree: string, agent: string): string => path.join(path.dirname(worktree), `.${agent}.index`);

/** The arena's folder that holds its contestants' worktrees. */
export const arenaFolder = (worktreesRoot: string, arenaId: string): string => path.join(worktreesRoot, arenaId);

/**
 * Creates the scratch worktree at `dest`: a checkout of `head` (which leaves git an index with
 * stat data for every file, so snapshots and the agent's own `git status` stay cheap), then only
 * the files where the fork state differs from `head` written over it. Its index stays at HEAD:
 * what was uncommitted in the chat is uncommitted here too.
 */
export async function forkScratch(repoPath: string, head: string, forkTree: string, dest: string): Promise<void> {
  await mkdir(path.dirname(dest), { recursive: true });
  await registry.run(repoPath, () => git(repoPath, ['worktree', 'add', '--quiet', '--detach', dest, head]));
  const differing = [...(await changedPaths(repoPath, head, forkTree))];
  if (differing.length > 0) await writeTreeFiles(dest, forkTree, differing);
}

/** The tree of the scratch worktree's files now (its index and files untouched). */
export async function snapshotScratch(dest: string, indexFile: string): Promise<string> {
  return snapshotTree(dest, indexFile);
}

/** Keeps `tree` reachable under `ref` as a commit on `parent`, so it outlives the worktree. */
export async function keepUnderRef(repoPath: string, ref: string, tree: string, parent: string, message: string): Promise<void> {
  await updateRef(repoPath, ref, await commitTree(repoPath, tree, [parent], message));
}

/** Removes a scratch worktree (and its arena's folder once empty) and its private index; git's registry is pruned. */
export async function removeScratch(repoPath: string, dest: string, indexFile: string): Promise<void> {
  await registry.run(repoPath, async () => {
    await git(repoPath, ['worktree', 'remove', '--force', '--force', dest]).catch(async () => {
      // Not a registered worktree any more (removed by hand, half created): the folder alone goes.
      await rm(dest, { recursive: true, force: true });
    });
    await pruneWorktrees(repoPath);
  });
  await dropSnapshotIndex(indexFile);
  const parent = path.dirname(dest);
  try {
    if ((await readdir(parent)).length === 0) await rmdir(parent);
  } catch {
    // already gone
  }
}
