import { AppError } from '../errors';
import { carryChange } from './carry-changes';
import { git, gitResult } from './git-runner';
import { identityEnv, userIdentity, type GitIdentity } from './git-identity';
import { changedPaths } from './tree-diff';
import { commitTree, headCommit, treeOf, writeTreeFiles } from './worktree-git';
import type { WorktreeAccess } from './worktree-service';

export type UpdateStrategy = 'merge' | 'rebase';

export interface BaseBranch {
  /** The branch the repository's checkout has out ("main"), or "HEAD" when it is detached. */
  branch: string;
  commit: string;
}

export interface BaseStatus extends BaseBranch {
  /** Commits on the base branch the chat's branch does not have yet. */
  behind: number;
  /** Commits on the chat's branch the base branch does not have. */
  ahead: number;
}

/** What the chat's worktree follows: whatever the user's checkout has out now. */
export async function baseBranch(repoPath: string): Promise<BaseBranch> {
  const commit = await headCommit(repoPath);
  if (!commit) throw new AppError('NotFound', `${repoPath} has no commit to follow.`);
  const name = (await gitResult(repoPath, ['symbolic-ref', '--short', '-q', 'HEAD'], { okCodes: [1] })).stdout.trim();
  return { branch: name || 'HEAD', commit };
}

/** How far the chat's branch (at `head`) is behind and ahead of the base branch. */
export async function baseStatus(repoPath: string, head: string): Promise<BaseStatus> {
  const base = await baseBranch(repoPath);
  const [behind, ahead] = (await git(repoPath, ['rev-list', '--left-right', '--count', `${base.commit}...${head}`])).trim().split(/\s+/).map(Number);
  return { ...base, behind: behind ?? 0, ahead: ahead ?? 0 };
}

/**
 * Brings the chat's worktree onto the base branch's tip: its commits merged with it (default) or
 * replayed onto it, then its uncommitted files carried over with a 3-way merge. Everything is
 * computed as objects first; a conflict anywhere throws UpdateConflict naming the files with the
 * branch, the worktree and the pending change exactly as they were. On success the branch moves
 * (compare-and-swap), the changed files are written, and the pending change is re-based on a new
 * base = the new branch tip with what was applied to the checkout but not committed carried over,
 * so what was pending stays pending with its attribution. That base's parent is the base
 * branch's tip, never the chat's own commits, so unpushed commits stay counted.
 */
export async function updateFromBase(w: WorktreeAccess, strategy: UpdateStrategy): Promise<{ base: string; branch: string; updated: boolean; head: string }> {
  if (w.turnRunning) throw new AppError('ChatBusy', 'A turn is running in this chat; wait for it to end before updating it.');
  const { branch, commit: tip } = await baseBranch(w.repoPath);
  const head = await requireHead(w);
  if (await isAncestor(w.repoPath, tip, head)) return { base: tip, branch, updated: false, head };

  const newHead = (await isAncestor(w.repoPath, head, tip))
    ? tip
    : strategy === 'merge'
      ? await mergeCommit(w, head, tip, branch, await userIdentity(w.row.path))
      : await replayCommits(w, head, tip, branch, await userIdentity(w.row.path));

  const files = await carryChange(w.repoPath, head, w.tree, newHead);
  if (files.tree === null) throw conflict(branch, files.conflicts, 'your uncommitted changes in the worktree');

  const baseTree = await treeOf(w.repoPath, w.row.baseCommit);
  let newBaseTree = await treeOf(w.repoPath, newHead);
  if (baseTree !== (await treeOf(w.repoPath, head))) {
    // Files applied to the checkout but not committed here: still not pending after the update.
    // Where the base branch changed them too, the new tip's version wins and they show as pending.
    const carried = await carryChange(w.repoPath, head, w.row.baseCommit, newHead);
    if (carried.tree !== null) newBaseTree = carried.tree;
  }
  const newBase = await commitTree(w.repoPath, newBaseTree, [tip], `boocoder: base of chat ${w.row.chatId} after an update from ${branch}`);

  await git(w.repoPath, ['update-ref', '-m', `boocoder: update from ${branch}`, `refs/heads/${w.row.branch}`, newHead, head]);
  await git(w.row.path, ['reset', '-q', '--mixed', newHead]);
  const moved = [...(await changedPaths(w.repoPath, w.tree, files.tree))];
  if (moved.length > 0) await writeTreeFiles(w.row.path, files.tree, moved);
  await w.rebase(newBase);
  return { base: tip, branch, updated: true, head: newHead };
}

async function requireHead(w: WorktreeAccess): Promise<string> {
  const head = await headCommit(w.row.path);
  if (!head) throw new AppError('NotFound', `The worktree of chat ${w.row.chatId} has no HEAD commit.`);
  return head;
}

async function isAncestor(cwd: string, maybeAncestor: string, of: string): Promise<boolean> {
  return (await gitResult(cwd, ['merge-base', '--is-ancestor', maybeAncestor, of], { okCodes: [1] })).code === 0;
}

const conflict = (branch: string, files: string[], what: string) =>
  new AppError('UpdateConflict', `Updating from ${branch} conflicts with ${what} in: ${files.join(', ')}. Nothing was changed.`, { files });

/** A merge commit of the chat's branch and the base tip, computed without a working tree. */
async function mergeCommit(w: WorktreeAccess, head: string, tip: string, branch: string, who: GitIdentity): Promise<string> {
  const merged = await gitResult(w.repoPath, ['merge-tree', '--write-tree', '--name-only', '--no-messages', head, tip], { okCodes: [1] });
  const [tree = '', ...conflicted] = merged.stdout.split('\n').filter(Boolean);
  if (merged.code === 1) throw conflict(branch, [...new Set(conflicted)].sort(), "the chat's commits");
  const message = `Merge branch '${branch}' into ${w.row.branch}\n`;
  return (await git(w.repoPath, ['commit-tree', tree, '-p', head, '-p', tip, '-F', '-'], { env: identityEnv(who), input: message })).trim();
}

/**
 * The chat's own commits (merges left out, commits already on the base dropped, as `git rebase`
 * does) replayed one by one onto the base tip, each keeping its author, message and date; the
 * user commits them.
 */
async function replayCommits(w: WorktreeAccess, head: string, tip: string, branch: string, who: GitIdentity): Promise<string> {
  const commits = (await git(w.repoPath, ['rev-list', '--reverse', '--no-merges', '--right-only', '--cherry-pick', `${tip}...${head}`])).split('\n').filter(Boolean);
  let onto = tip;
  for (const c of commits) {
    const parent = (await git(w.repoPath, ['rev-parse', '--verify', `${c}^`])).trim();
    const picked = await carryChange(w.repoPath, parent, c, onto);
    if (picked.tree === null) throw conflict(branch, picked.conflicts, `commit ${c.slice(0, 10)}`);
    const [name = '', email = '', date = ''] = (await git(w.repoPath, ['log', '-1', '--format=%an%x00%ae%x00%ad', '--date=raw', c])).trim().split('\0');
    const message = await git(w.repoPath, ['log', '-1', '--format=%B', c]);
    const env = { ...identityEnv(who), GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: date };
    onto = (await git(w.repoPath, ['commit-tree', picked.tree, '-p', onto, '-F', '-'], { env, input: message })).trim();
  }
  return onto;
}
