import { copyFile, mkdir, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { git, GitError } from './git-runner';

/**
 * A snapshot is the tree object of a worktree's files as they are now, written without touching
 * the worktree's own index or files: `git add -A` runs against a private index (GIT_INDEX_FILE)
 * and `write-tree` turns it into a tree. Untracked files count, ignored ones do not (git's own
 * exclude rules decide).
 *
 * The private index persists between snapshots (one file per worktree, outside the worktree) so
 * `add -A` only re-hashes files whose stat data changed: on a 50,000-file repo a snapshot costs
 * about what `git status` does. It is first seeded from a copy of the worktree's real index, which
 * already carries stat data for every checked-out file; a copy is safe to take because git
 * replaces its index by rename, so we read either the old or the new file, never a torn one.
 *
 * Known limit: a file that was snapshotted once and later becomes ignored stays in the private
 * index (as a tracked file would in git itself) until the index is re-seeded.
 */
// The untracked cache (an index extension keyed on folder mtimes) lets `add -A` skip re-listing
// folders that did not change, the part of its work that grows with the repo rather than the
// change. core.bigFileThreshold=1 sends every new blob of one `add` into a single pack (git's
// bulk check-in) instead of one loose file per blob: creating files dominates the cost of a
// snapshot on slow filesystems. git's own auto-gc folds these packs together like fetched ones.
// Both settings apply to this one command; the user's config is not touched.
const ADD = ['-c', 'core.untrackedCache=true', '-c', 'core.bigFileThreshold=1', 'add', '-A', '--', '.'];

export async function snapshotTree(worktreePath: string, indexFile: string): Promise<string> {
  await stageWorktree(worktreePath, indexFile);
  return writeSnapshotTree(worktreePath, indexFile);
}

/** Step 1 of a snapshot: make the private index mirror the worktree's files. */
export async function stageWorktree(worktreePath: string, indexFile: string): Promise<void> {
  await mkdir(path.dirname(indexFile), { recursive: true });
  const env = { GIT_INDEX_FILE: indexFile };
  if (!(await exists(indexFile))) await seedIndex(worktreePath, indexFile);
  try {
    await git(worktreePath, ADD, { env });
  } catch (e) {
    // A private index that git cannot use (torn by a crash, split-index, another git version):
    // throw it away and start again from HEAD; correctness never depends on its contents.
    // A stale `.lock` left by a crash is ours alone (the caller holds the chat's lock and the app
    // is single-instance), so it goes too.
    if (!(e instanceof GitError)) throw e;
    await dropSnapshotIndex(indexFile);
    await git(worktreePath, ['read-tree', 'HEAD'], { env });
    await git(worktreePath, ADD, { env });
  }
}

/** Step 2 of a snapshot: the staged private index as a tree object. */
export async function writeSnapshotTree(worktreePath: string, indexFile: string): Promise<string> {
  return (await git(worktreePath, ['write-tree'], { env: { GIT_INDEX_FILE: indexFile } })).trim();
}

async function seedIndex(worktreePath: string, indexFile: string): Promise<void> {
  const gitDir = (await git(worktreePath, ['rev-parse', '--absolute-git-dir'])).trim();
  const realIndex = path.join(gitDir, 'index');
  const env = { GIT_INDEX_FILE: indexFile };
  try {
    const original = await stat(realIndex);
    await copyFile(realIndex, indexFile);
    // Keep the original's mtime: git's racy-clean check compares entries against the index
    // file's own mtime, and a newer copy would make a same-second edit look clean.
    await utimes(indexFile, original.atime, original.mtime);
  } catch {
    // no real index yet (or unreadable): start from HEAD
    await git(worktreePath, ['read-tree', 'HEAD'], { env });
  }
  // Index format 4 compresses paths: a smaller file to read and write on every snapshot.
  await git(worktreePath, ['update-index', '--index-version', '4'], { env });
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Forget a worktree's private index (the worktree was removed or recreated). */
export async function dropSnapshotIndex(indexFile: string): Promise<void> {
  await rm(indexFile, { force: true });
  await rm(`${indexFile}.lock`, { force: true });
}
