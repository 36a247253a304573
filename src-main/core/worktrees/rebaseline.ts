import { git } from './git-runner';
import { commitTree, scratchIndex, treeOf } from './worktree-git';
import type { DiffEntry } from './tree-diff';

const ZERO = '0000000000000000000000000000000000000000';

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
  const scratch = await scratchIndex();
  try {
    const env = { GIT_INDEX_FILE: scratch.file };
    await git(cwd, ['read-tree', await treeOf(cwd, base)], { env });
    const lines: string[] = [];
    for (const e of applied) {
      // Mode 0 removes an entry from the index (update-index --index-info).
      if (e.oldPath) lines.push(`0 ${ZERO}\t${e.oldPath}`);
      if (e.status === 'deleted') lines.push(`0 ${ZERO}\t${e.path}`);
      else lines.push(`${e.newMode} ${e.newSha}\t${e.path}`);
    }
    if (lines.length > 0) await git(cwd, ['update-index', '-z', '--index-info'], { env, input: lines.join('\0') + '\0' });
    const tree = (await git(cwd, ['write-tree'], { env })).trim();
    return await commitTree(cwd, tree, [base], message);
  } finally {
    await scratch.dispose();
  }
}
