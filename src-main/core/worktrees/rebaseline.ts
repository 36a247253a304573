import { overlayTree } from './overlay-tree';
import { commitTree } from './worktree-git';
import type { DiffEntry } from './tree-diff';

/**
 * After files were applied to the checkout, the chat's base moves forward by exactly those files:
 * new base = old base's tree with the applied files taken from the snapshot. The result is a
 * commit whose parent is the old base, kept alive by refs/boocoder/base/<chatId> and NOT put on
 * the worktree branch. Why not commit on the branch: the user commits the applied files in their
 * own checkout, so such a commit would stay "unpushed" forever and make every chat look at risk;
 * and moving the worktree's HEAD under a running agent would make its `git status` lie. Files not
 * applied keep their old base content, so they stay pending.
 */
export async function rebaseline(cwd: string, base: string, applied: DiffEntry[], message: string): Promise<string> {
  return commitTree(cwd, await overlayTree(cwd, base, applied), [base], message);
}
