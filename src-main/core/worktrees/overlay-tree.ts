import { git } from './git-runner';
import type { DiffEntry } from './tree-diff';
import { scratchIndex, treeOf } from './worktree-git';

const ZERO = '0000000000000000000000000000000000000000';

/**
 * The tree of `base` (a commit or tree) with the files of `entries` taken from their new side:
 * added and modified files get the entry's blob and mode, deleted ones and the old side of a
 * rename are dropped. Written through a scratch index, so no working tree or real index is read.
 */
export async function overlayTree(cwd: string, base: string, entries: DiffEntry[]): Promise<string> {
  const scratch = await scratchIndex();
  try {
    const env = { GIT_INDEX_FILE: scratch.file };
    await git(cwd, ['read-tree', await treeOf(cwd, base)], { env });
    const lines: string[] = [];
    for (const e of entries) {
      // Mode 0 removes an entry from the index (update-index --index-info).
      if (e.oldPath) lines.push(`0 ${ZERO}\t${e.oldPath}`);
      if (e.status === 'deleted') lines.push(`0 ${ZERO}\t${e.path}`);
      else lines.push(`${e.newMode} ${e.newSha}\t${e.path}`);
    }
    if (lines.length > 0) await git(cwd, ['update-index', '-z', '--index-info'], { env, input: lines.join('\0') + '\0' });
    return (await git(cwd, ['write-tree'], { env })).trim();
  } finally {
    await scratch.dispose();
  }
}
