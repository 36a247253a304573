import { git, gitLines } from './git-runner';
import { joinStats, parseNumstatZ, parseRawZ, touchedPaths, type NumstatEntry, type RawEntry } from './diff-parse';

export type DiffEntry = RawEntry & Omit<NumstatEntry, 'path'>;

/** Unified diff text per file beyond this size is cut, and flagged truncated. */
export const MAX_FILE_DIFF_CHARS = 256 * 1024;

/**
 * diff(from → to) between two trees (or commits) with rename detection: status, modes, blob ids
 * and line counts per file. Two plumbing calls on trees already in the object store: no working
 * tree, no index.
 */
export async function diffTrees(cwd: string, from: string, to: string, paths?: string[]): Promise<DiffEntry[]> {
  const tail = paths ? ['--', ...paths] : [];
  const [raw, numstat] = await Promise.all([
    git(cwd, ['--literal-pathspecs', 'diff-tree', '-r', '-z', '-M', '--raw', from, to, ...tail]),
    git(cwd, ['--literal-pathspecs', 'diff-tree', '-r', '-z', '-M', '--numstat', from, to, ...tail]),
  ]);
  return joinStats(parseRawZ(raw), parseNumstatZ(numstat));
}

/** Every path that differs between two trees, without rename pairing (a rename touches both paths). */
export async function changedPaths(cwd: string, from: string, to: string): Promise<Set<string>> {
  if (from === to) return new Set();
  const raw = await git(cwd, ['diff-tree', '-r', '-z', '--no-renames', '--raw', from, to]);
  return touchedPaths(parseRawZ(raw));
}

export interface FileDiffText {
  diff: string;
  truncated: boolean;
}

/**
 * Unified diff text for every file of diff(from → to), in the same order (and with the same
 * rename pairing) as diffTrees, keyed by new path. Streamed line by line so one enormous file
 * costs at most MAX_FILE_DIFF_CHARS of memory.
 */
export async function unifiedDiffs(cwd: string, from: string, to: string, order: DiffEntry[]): Promise<Map<string, FileDiffText>> {
  const chunks: FileDiffText[] = [];
  let current: { text: string[]; size: number; truncated: boolean } | null = null;
  const flush = () => {
    if (current) chunks.push({ diff: current.text.join('\n') + '\n', truncated: current.truncated });
  };
  await gitLines(cwd, ['diff-tree', '-r', '-M', '-p', '--no-color', '--no-ext-diff', '--no-textconv', from, to], (line) => {
    // Content lines always start with ' ', '+', '-' or '\\', so only a real header matches.
    if (line.startsWith('diff --git ')) {
      flush();
      current = { text: [], size: 0, truncated: false };
    }
    if (!current || current.truncated) return;
    if (current.size + line.length + 1 > MAX_FILE_DIFF_CHARS) {
      current.truncated = true;
      return;
    }
    current.text.push(line);
    current.size += line.length + 1;
  });
  flush();
  const out = new Map<string, FileDiffText>();
  // diff-tree emits patches in the order of its raw output, one header per file.
  if (chunks.length === order.length) order.forEach((e, i) => out.set(e.path, chunks[i]!));
  return out;
}
