import { git, gitResult } from './git-runner';
import { scratchIndex } from './worktree-git';

export type CarryResult = { tree: string; conflicts: [] } | { tree: null; conflicts: string[] };

/**
 * The change diff(from → to) carried onto `onto` with a real 3-way merge: `onto`'s tree with the
 * change applied, or the files that conflict. What a cherry-pick does, for trees: a binary patch
 * with full blob ids goes through `git apply --3way --cached` in a scratch index, so git falls
 * back to a content merge where `onto` moved the same files. Nothing but objects is written.
 */
export async function carryChange(cwd: string, from: string, to: string, onto: string): Promise<CarryResult> {
  const patch = await git(cwd, ['diff-tree', '-r', '-M', '-p', '--binary', '--full-index', '--no-ext-diff', '--no-textconv', from, to]);
  if (!patch.trim()) return { tree: (await git(cwd, ['rev-parse', '--verify', `${onto}^{tree}`])).trim(), conflicts: [] };
  const scratch = await scratchIndex();
  try {
    const env = { GIT_INDEX_FILE: scratch.file };
    await git(cwd, ['read-tree', onto], { env });
    const applied = await gitResult(cwd, ['apply', '--3way', '--cached', '--whitespace=nowarn', '-'], { env, input: patch, okCodes: [1, 128] });
    const unmerged = [
      ...new Set(
        (await git(cwd, ['ls-files', '-u', '-z'], { env }))
          .split('\0')
          .filter(Boolean)
          .map((rec) => rec.slice(rec.indexOf('\t') + 1)),
      ),
    ].sort();
    if (unmerged.length > 0) return { tree: null, conflicts: unmerged };
    if (applied.code !== 0) return { tree: null, conflicts: filesOfApplyErrors(applied.stderr) };
    return { tree: (await git(cwd, ['write-tree'], { env })).trim(), conflicts: [] };
  } finally {
    await scratch.dispose();
  }
}

/** The paths `git apply` names in its errors ("error: patch failed: a.txt:3", "error: b.txt: does not exist in index"). */
function filesOfApplyErrors(stderr: string): string[] {
  const files = new Set<string>();
  for (const line of stderr.split('\n')) {
    const m = /^error: (?:patch failed: (.+):\d+|(.+?): (?:does not exist in index|already exists in index|patch does not apply|does not match index))$/.exec(line.trim());
    const file = m?.[1] ?? m?.[2];
    if (file) files.add(file);
  }
  return files.size > 0 ? [...files].sort() : ['(the patch did not apply)'];
}
