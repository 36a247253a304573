import { mkdtemp, readdir, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EMPTY_TREE, git, gitResult, revExists } from './git-runner';
import { parseWorktreeList, type GitWorktreeEntry } from './worktree-list';

/** Small git operations on worktrees and refs, each one command or a short fixed sequence. */

export async function listWorktrees(repoPath: string): Promise<GitWorktreeEntry[]> {
  return parseWorktreeList(await git(repoPath, ['worktree', 'list', '--porcelain', '-z']));
}

export async function pruneWorktrees(repoPath: string): Promise<void> {
  await git(repoPath, ['worktree', 'prune']);
}

export async function headCommit(cwd: string): Promise<string | null> {
  const r = await gitResult(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.trim() : null;
}

export async function resolve(cwd: string, rev: string): Promise<string> {
  return (await git(cwd, ['rev-parse', '--verify', rev])).trim();
}

export async function treeOf(cwd: string, commit: string): Promise<string> {
  return (await git(cwd, ['rev-parse', '--verify', `${commit}^{tree}`])).trim();
}

export async function commitTree(cwd: string, tree: string, parents: string[], message: string): Promise<string> {
  const args = ['commit-tree', tree];
  for (const p of parents) args.push('-p', p);
  args.push('-m', message);
  return (await git(cwd, args)).trim();
}

export async function updateRef(cwd: string, ref: string, commit: string): Promise<void> {
  await git(cwd, ['update-ref', ref, commit]);
}

export async function deleteRef(cwd: string, ref: string): Promise<void> {
  await gitResult(cwd, ['update-ref', '-d', ref], { okCodes: [1] });
}

export async function branchExists(cwd: string, branch: string): Promise<boolean> {
  return revExists(cwd, `refs/heads/${branch}`);
}

/**
 * Commits on `head` that exist nowhere else: not in the checkout's HEAD, not on any branch other
 * than our own boocoder/* ones, not on a remote branch, not in `base` (what the worktree started
 * from, or the re-baselined commit whose parents lead back to it).
 */
export async function unpushedCommits(repoPath: string, head: string, base: string): Promise<string[]> {
  const out = await git(repoPath, ['rev-list', head, '--not', base, '--exclude=boocoder/*', '--branches', '--remotes', ...((await headCommit(repoPath)) ? ['HEAD'] : [])]);
  return out.split('\n').filter(Boolean);
}

/** A scratch dir for a temporary index file; removed by the caller through the returned dispose. */
export async function scratchIndex(): Promise<{ file: string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'boocoder-idx-'));
  return { file: path.join(dir, 'index'), dispose: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Makes the files of `worktreePath` equal `tree` for `paths` (all paths when omitted): files in the
 * tree are written with their mode, files absent from it are removed. Works through a scratch
 * index so the worktree's own index is untouched — staged state in the worktree stays as it was.
 */
export async function writeTreeFiles(worktreePath: string, tree: string, paths?: string[]): Promise<void> {
  const scratch = await scratchIndex();
  try {
    const env = { GIT_INDEX_FILE: scratch.file };
    await git(worktreePath, ['read-tree', tree], { env });
    let present: string[];
    let absent: string[];
    if (paths) {
      const listed = new Set(
        (await git(worktreePath, ['--literal-pathspecs', 'ls-files', '-z', '--', ...paths], { env })).split('\0').filter(Boolean),
      );
      present = paths.filter((p) => listed.has(p));
      absent = paths.filter((p) => !listed.has(p));
    } else {
      present = [];
      // Whole-tree mode: everything the worktree has on HEAD but the tree lacks goes away.
      const head = (await headCommit(worktreePath)) ?? EMPTY_TREE;
      absent = (await git(worktreePath, ['diff-tree', '-r', '-z', '--no-renames', '--name-only', '--diff-filter=D', head, tree]))
        .split('\0')
        .filter(Boolean);
    }
    for (const p of absent) await removeFile(worktreePath, p);
    if (paths) {
      if (present.length > 0) await git(worktreePath, ['checkout-index', '-f', '-z', '--stdin'], { env, input: present.join('\0') + '\0' });
    } else {
      await git(worktreePath, ['checkout-index', '-a', '-f'], { env });
    }
  } finally {
    await scratch.dispose();
  }
}

/** Removes a file and then any parent folders it leaves empty (git does not track folders). */
export async function removeFile(root: string, rel: string): Promise<void> {
  const full = path.join(root, rel);
  await rm(full, { force: true });
  let dir = path.dirname(full);
  const top = path.resolve(root);
  while (dir.startsWith(top + path.sep)) {
    try {
      if ((await readdir(dir)).length > 0) break;
      await rmdir(dir);
    } catch {
      break;
    }
    dir = path.dirname(dir);
  }
}
