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
 *    staged, unstaged or untracked change, and no (even ignored) file where we would add one —
 *    with one exception: a file whose uncommitted content is exactly the chat's base version
 *    (typically what an earlier apply of this chat wrote and the user has not committed yet).
 *    Applying over that overwrites nothing of the user's. Anything else is the user's own
 *    unsaved work, and an apply never merges into it.
 * 2. Merge in a scratch index seeded from the checkout's HEAD (with the exception above taken at
 *    its working-tree content): `git apply --3way --cached`. The
 *    patch carries full blob ids and the worktree shares the repo's object store, so git can fall
 *    back to a real 3-way merge of text files when HEAD moved on since the base. A conflict (exit
 *    1, or anything left unmerged) refuses the whole apply; only the scratch index saw it.
 * 3. Write: merged files are checked out of the scratch index into the working tree, deleted ones
 *    are removed. The checkout's own index is never touched: the applied files show up as unstaged
 *    changes (new files as untracked) and the user reviews and commits them.
 */
export async function applyToCheckout(repoPath: string, base: string, tree: string, selected: DiffEntry[]): Promise<void> {
  const targets = [...new Set(selected.flatMap((e) => (e.oldPath ? [e.oldPath, e.path] : [e.path])))];
  const { dirty, asBase } = await dirtyInCheckout(repoPath, base, targets, selected);
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
    if (asBase.length > 0) {
      const lines = asBase.map((b) => (b.entry ? `${b.entry.mode} ${b.entry.sha}\t${b.path}` : `0 ${ZERO}\t${b.path}`));
      await git(repoPath, ['update-index', '-z', '--index-info'], { env, input: lines.join('\0') + '\0' });
    }
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

const ZERO = '0000000000000000000000000000000000000000';

interface AsBase {
  path: string;
  /** The base's entry for the path; null = absent in the base and in the working tree. */
  entry: { mode: string; sha: string } | null;
}

/** Target paths with uncommitted state in the checkout, minus those exactly at the base version (see preflight above). */
async function dirtyInCheckout(repoPath: string, base: string, targets: string[], selected: DiffEntry[]): Promise<{ dirty: string[]; asBase: AsBase[] }> {
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
  const candidates = [...dirty].filter((p) => targets.includes(p)).sort();
  if (candidates.length === 0) return { dirty: [], asBase: [] };

  const baseEntries = new Map<string, { mode: string; sha: string }>();
  for (const rec of (await git(repoPath, ['--literal-pathspecs', 'ls-tree', '-z', base, '--', ...candidates])).split('\0')) {
    if (!rec) continue;
    const tab = rec.indexOf('\t');
    const [mode = '', , sha = ''] = rec.slice(0, tab).split(' ');
    baseEntries.set(rec.slice(tab + 1), { mode, sha });
  }
  const stillDirty: string[] = [];
  const asBase: AsBase[] = [];
  for (const p of candidates) {
    const want = baseEntries.get(p) ?? null;
    const have = await workingEntry(repoPath, p);
    const same = want === null ? have === null : have !== null && have.sha === want.sha && have.mode === want.mode;
    if (same) asBase.push({ path: p, entry: want });
    else stillDirty.push(p);
  }
  return { dirty: stillDirty, asBase };
}

/** Mode and blob id of a working-tree file as git would record it; null when absent. */
async function workingEntry(repoPath: string, rel: string): Promise<{ mode: string; sha: string } | null> {
  let st;
  try {
    st = await lstat(path.join(repoPath, rel));
  } catch {
    return null;
  }
  // Symlinks and folders are never "the base version" here: refusing is the safe answer.
  if (!st.isFile()) return { mode: 'other', sha: '' };
  const mode = st.mode & 0o111 ? '100755' : '100644';
  const sha = (await git(repoPath, ['hash-object', '--', rel])).trim();
  return { mode, sha };
}
