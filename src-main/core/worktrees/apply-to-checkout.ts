import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors';
import { git, gitResult } from './git-runner';
import { removeFile, scratchIndex } from './worktree-git';
import type { DiffEntry } from './tree-diff';

/**
 * Applies diff(base → tree) for the selected files to the user's real checkout with a 3-way merge,
 * or refuses and changes nothing.
 *
 * 1. Preflight: every target path (both sides of a rename) must be clean in the checkout — no
 *    staged, unstaged or untracked change, and no (even ignored) file where we would add one.
 *    Anything else is the user's own unsaved work, and an apply never merges into it.
 * 2. Merge in a scratch index seeded from the checkout's HEAD: `git apply --3way --cached`. The
 *    patch carries full blob ids and the worktree shares the repo's object store, so git can fall
 *    back to a real 3-way merge of text files when HEAD moved on since the base. A conflict (exit
 *    1, or anything left unmerged) refuses the whole apply; only the scratch index saw it.
 * 3. Write: merged files are checked out of the scratch index into the working tree, deleted ones
 *    are removed. The checkout's own index is never touched: the applied files show up as unstaged
 *    changes (new files as untracked) and the user reviews and commits them.
 */
export async function applyToCheckout(repoPath: string, base: string, tree: string, selected: DiffEntry[]): Promise<void> {
  const targets = [...new Set(selected.flatMap((e) => (e.oldPath ? [e.oldPath, e.path] : [e.path])))];
  const dirty = await dirtyInCheckout(repoPath, targets, selected);
  if (dirty.length > 0) {
    throw new AppError(
      'ApplyConflict',
      `Uncommitted changes in the checkout would be overwritten: ${dirty.join(', ')}. Commit or stash them, then apply again.`,
      { files: dirty },
    );
  }

  const patch = await git(repoPath, ['--literal-pathspecs', 'diff-tree', '-r', '-M', '-p', '--binary', '--full-index', '--no-ext-diff', '--no-textconv', base, tree, '--', ...targets]);
  const scratch = await scratchIndex();
  try {
    const env = { GIT_INDEX_FILE: scratch.file };
    const hasHead = (await gitResult(repoPath, ['rev-parse', '--verify', '--quiet', 'HEAD'], { okCodes: [1, 128] })).code === 0;
    await git(repoPath, hasHead ? ['read-tree', 'HEAD'] : ['read-tree', '--empty'], { env });
    const merged = await gitResult(repoPath, ['apply', '--3way', '--cached', '--whitespace=nowarn', '-'], { env, input: patch, okCodes: [1, 128] });
    const unmerged = (await git(repoPath, ['ls-files', '-u', '-z'], { env }))
      .split('\0')
      .filter(Boolean)
      .map((rec) => rec.slice(rec.indexOf('\t') + 1));
    if (merged.code !== 0 || unmerged.length > 0) {
      const files = unmerged.length > 0 ? [...new Set(unmerged)] : selected.map((e) => e.path);
      throw new AppError('ApplyConflict', `The change does not merge cleanly into the checkout: ${files.join(', ')}. Nothing was changed.`, {
        files,
        detail: merged.stderr.trim().slice(0, 4000),
      });
    }

    const present = new Set((await git(repoPath, ['--literal-pathspecs', 'ls-files', '-z', '--', ...targets], { env })).split('\0').filter(Boolean));
    for (const p of targets) if (!present.has(p)) await removeFile(repoPath, p);
    const write = targets.filter((p) => present.has(p));
    if (write.length > 0) await git(repoPath, ['checkout-index', '-f', '-z', '--stdin'], { env, input: write.join('\0') + '\0' });
  } finally {
    await scratch.dispose();
  }
}

/** Target paths with any uncommitted state in the checkout (see preflight above). */
async function dirtyInCheckout(repoPath: string, targets: string[], selected: DiffEntry[]): Promise<string[]> {
  const status = await git(repoPath, ['--literal-pathspecs', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...targets]);
  const dirty = new Set<string>();
  const recs = status.split('\0');
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i];
    if (!rec) continue;
    const code = rec.slice(0, 2);
    dirty.add(rec.slice(3));
    // A staged rename's record is followed by its source path.
    if (code.includes('R') || code.includes('C')) {
      const from = recs[++i];
      if (from) dirty.add(from);
    }
  }
  // Ignored files are invisible to status, so look on disk where we would create a file.
  const tracked = new Set((await git(repoPath, ['--literal-pathspecs', 'ls-files', '-z', '--', ...targets])).split('\0').filter(Boolean));
  for (const e of selected) {
    if (e.status !== 'added' && e.status !== 'renamed') continue;
    if (tracked.has(e.path) || dirty.has(e.path)) continue;
    try {
      await lstat(path.join(repoPath, e.path));
      dirty.add(e.path);
    } catch {
      // nothing there: fine
    }
  }
  return [...dirty].filter((p) => targets.includes(p)).sort();
}
