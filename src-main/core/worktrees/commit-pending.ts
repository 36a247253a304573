import { AppError } from '../errors';
import { withAgentsTrailer } from './agents-trailer';
import { git } from './git-runner';
import { identityEnv, userIdentity } from './git-identity';
import { overlayTree } from './overlay-tree';
import { rebaseline } from './rebaseline';
import { diffTrees } from './tree-diff';
import { headCommit } from './worktree-git';
import { selectFiles, type WorktreeAccess } from './worktree-service';

export interface CommitResult {
  commit: string;
  files: string[];
  agents: string[];
}

/**
 * Commits pending files (all, or the ones named) on the chat's own branch, as the user.
 *
 * The commit is HEAD's tree with exactly those files taken from the worktree's snapshot, so
 * files left out stay uncommitted whatever the worktree's index holds. The branch moves with a
 * compare-and-swap on its old tip, and the worktree's own index is reset to the new commit for
 * those paths only, so `git status` inside the worktree agrees. No hooks run: this is plumbing,
 * not `git commit` (the files are what the diff panel showed, byte for byte).
 *
 * The pending change then loses those files: the base moves forward by them (the same
 * re-baseline as after an apply, off the branch), so the rest keep their content and
 * attribution, and the new commit is not reachable from the base, so the work-loss guard
 * counts it as unpushed until a push.
 */
export async function commitPending(w: WorktreeAccess, message: string, paths?: string[]): Promise<CommitResult> {
  if (w.turnRunning) throw new AppError('ChatBusy', 'A turn is running in this chat; wait for it to end before committing.');
  if (!message.trim()) throw new AppError('InvalidInput', 'A commit needs a message.');
  const selected = selectFiles(w.pending, paths);
  if (selected.length === 0) throw new AppError('NothingToCommit', 'The chat has no pending change to commit.');
  const who = await userIdentity(w.row.path);
  const wanted = new Set(selected.map((f) => f.path));
  const entries = (await diffTrees(w.repoPath, w.row.baseCommit, w.tree)).filter((e) => wanted.has(e.path));
  const agents = [...new Set(selected.map((f) => f.agent).filter((a): a is string => a !== null))].sort();

  const head = await headCommit(w.row.path);
  if (!head) throw new AppError('NotFound', `The worktree of chat ${w.row.chatId} has no HEAD commit.`);
  const tree = await overlayTree(w.repoPath, head, entries);
  const text = withAgentsTrailer(message, agents);
  const commit = (await git(w.repoPath, ['commit-tree', tree, '-p', head, '-F', '-'], { env: identityEnv(who), input: text })).trim();
  await git(w.repoPath, ['update-ref', '-m', 'boocoder: commit', `refs/heads/${w.row.branch}`, commit, head]);
  const touched = [...new Set(entries.flatMap((e) => (e.oldPath ? [e.oldPath, e.path] : [e.path])))];
  await git(w.row.path, ['--literal-pathspecs', 'reset', '-q', commit, '--', ...touched]);

  const newBase = await rebaseline(w.repoPath, w.row.baseCommit, entries, `boocoder: ${entries.length} file(s) of chat ${w.row.chatId} committed as ${commit.slice(0, 12)}`);
  await w.rebase(newBase);
  return { commit, files: entries.map((e) => e.path).sort(), agents };
}
