import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { git, gitResult } from './git-runner';
import { scratchIndex } from './worktree-git';

export type CarryResult = { tree: string; conflicts: [] } | { tree: null; conflicts: string[] };

interface Stage {
  mode: string;
  sha: string;
}

/**
 * The change diff(from → to) carried onto `onto` with a 3-way merge (what a cherry-pick does,
 * for trees): `onto`'s tree with the change in, or the files that conflict. Nothing but objects is
 * written: the merge runs in a scratch index.
 *
 * `git read-tree -m from onto to` merges at the tree level (a file changed on one side only, the
 * same change on both, a file added identically on both — say one applied to the checkout and
 * committed there — all resolve). Files changed on both sides are merged line by line with
 * `git merge-file`, as git's own merge does; a content conflict, a binary file changed on both
 * sides, a change against a deletion, or differing adds are conflicts. (git 2.40's
 * `merge-tree --merge-base` would do all of this in one command; the machines this runs on may
 * have an older git.)
 */
export async function carryChange(cwd: string, from: string, to: string, onto: string): Promise<CarryResult> {
  const scratch = await scratchIndex();
  try {
    const env = { GIT_INDEX_FILE: scratch.file };
    await git(cwd, ['read-tree', '-m', '-i', '--aggressive', from, onto, to], { env });
    const unmerged = new Map<string, Map<number, Stage>>();
    for (const rec of (await git(cwd, ['ls-files', '-u', '-z'], { env })).split('\0')) {
      if (!rec) continue;
      const tab = rec.indexOf('\t');
      const [mode = '', sha = '', stage = ''] = rec.slice(0, tab).split(' ');
      const p = rec.slice(tab + 1);
      if (!unmerged.has(p)) unmerged.set(p, new Map());
      unmerged.get(p)!.set(Number(stage), { mode, sha });
    }
    const conflicts: string[] = [];
    const resolved: string[] = [];
    for (const [p, stages] of unmerged) {
      const merged = await mergeFile(cwd, stages);
      if (merged) resolved.push(`${merged.mode} ${merged.sha}\t${p}`);
      else conflicts.push(p);
    }
    if (conflicts.length > 0) return { tree: null, conflicts: conflicts.sort() };
    if (resolved.length > 0) {
      await git(cwd, ['update-index', '-z', '--force-remove', '--stdin'], { env, input: [...unmerged.keys()].join('\0') + '\0' });
      await git(cwd, ['update-index', '-z', '--index-info'], { env, input: resolved.join('\0') + '\0' });
    }
    return { tree: (await git(cwd, ['write-tree'], { env })).trim(), conflicts: [] };
  } finally {
    await scratch.dispose();
  }
}

/** A line-level merge of a file changed on both sides; null = a conflict. */
async function mergeFile(cwd: string, stages: Map<number, Stage>): Promise<Stage | null> {
  const base = stages.get(1);
  const ours = stages.get(2);
  const theirs = stages.get(3);
  if (!ours || !theirs) return null; // changed on one side, deleted on the other
  if (ours.sha === theirs.sha && ours.mode === theirs.mode) return ours;
  if (!base || !isRegular(ours.mode) || !isRegular(theirs.mode) || !isRegular(base.mode)) return null;
  const mode = ours.mode === base.mode ? theirs.mode : ours.mode;
  const dir = await mkdtemp(path.join(tmpdir(), 'boocoder-merge-'));
  try {
    // unpack-file writes a blob's bytes into the current folder: a private one, never a checkout.
    const gitDir = path.resolve(cwd, (await git(cwd, ['rev-parse', '--git-common-dir'])).trim());
    const unpack = async (s: Stage) => path.join(dir, (await git(dir, ['unpack-file', s.sha], { env: { GIT_DIR: gitDir } })).trim());
    const [o, b, t] = [await unpack(ours), await unpack(base), await unpack(theirs)];
    for (const file of [o, b, t]) if ((await readFile(file)).includes(0)) return null; // binary: git does not merge these either
    // merge-file writes the result into its first file and exits with the number of conflicts.
    const r = await gitResult(dir, ['merge-file', '-q', o, b, t], { okCodes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 127], env: { GIT_DIR: gitDir } });
    if (r.code !== 0) return null;
    const sha = (await git(dir, ['hash-object', '-w', '--', o], { env: { GIT_DIR: gitDir } })).trim();
    return { mode, sha };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const isRegular = (mode: string) => mode === '100644' || mode === '100755';

