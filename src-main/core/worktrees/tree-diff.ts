import { git, gitStream, lineSplitter } from './git-runner';
import { joinStats, parseRawNumstatZ, parseRawZ, touchedPaths, type NumstatEntry, type RawEntry } from './diff-parse';

export type DiffEntry = RawEntry & Omit<NumstatEntry, 'path'>;

/** Unified diff text per file beyond this size is cut, and flagged truncated. */
export const MAX_FILE_DIFF_CHARS = 256 * 1024;

const DIFF_OPTS = ['-r', '-z', '-M', '--raw', '--numstat'];

/**
 * diff(from → to) between two trees (or commits) with rename detection: status, modes, blob ids
 * and line counts per file, in one plumbing call on objects already in the store (no working
 * tree, no index).
 */
export async function diffTrees(cwd: string, from: string, to: string, paths?: string[]): Promise<DiffEntry[]> {
  const tail = paths ? ['--', ...paths] : [];
  const { raw, numstat } = parseRawNumstatZ(await git(cwd, ['--literal-pathspecs', 'diff-tree', ...DIFF_OPTS, from, to, ...tail]));
  return joinStats(raw, numstat);
}

/** diffTrees(base → tree of the private index), read straight from the index (see diffIndexWithText). */
export async function diffIndex(worktreePath: string, indexFile: string, base: string): Promise<DiffEntry[]> {
  const out = await git(worktreePath, ['diff-index', '--cached', ...DIFF_OPTS, base], { env: { GIT_INDEX_FILE: indexFile } });
  const { raw, numstat } = parseRawNumstatZ(out);
  return joinStats(raw, numstat);
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
 * diffTrees plus the unified diff text of every file, keyed by new path, from ONE git process:
 * with `-z --raw --numstat -p` git prints the NUL-separated records, an empty record, then the
 * patches in the same order as the records (one `diff --git` header per file). The patch part is
 * read line by line so one enormous file costs at most MAX_FILE_DIFF_CHARS of memory.
 */
export function diffTreesWithText(cwd: string, from: string, to: string): Promise<{ entries: DiffEntry[]; texts: Map<string, FileDiffText> }> {
  return streamDiff(cwd, ['diff-tree', ...DIFF_OPTS, '-p', '--no-color', '--no-ext-diff', '--no-textconv', from, to]);
}

/**
 * diff(base → a private index) with the same output as diffTreesWithText(base, tree-of-that-index):
 * lets the pending diff run while `write-tree` is still turning the same index into a tree.
 */
export function diffIndexWithText(worktreePath: string, indexFile: string, base: string): Promise<{ entries: DiffEntry[]; texts: Map<string, FileDiffText> }> {
  return streamDiff(worktreePath, ['diff-index', '--cached', ...DIFF_OPTS, '-p', '--no-color', '--no-ext-diff', '--no-textconv', base], { GIT_INDEX_FILE: indexFile });
}

async function streamDiff(cwd: string, args: string[], env?: Record<string, string>): Promise<{ entries: DiffEntry[]; texts: Map<string, FileDiffText> }> {
  let head = '';
  let scanFrom = 0;
  let inPatch = false;
  const chunks: FileDiffText[] = [];
  let current: { text: string[]; size: number; truncated: boolean } | null = null;
  const flush = () => {
    if (current) chunks.push({ diff: current.text.join('\n') + '\n', truncated: current.truncated });
    current = null;
  };
  const lines = lineSplitter((line) => {
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
  await gitStream(cwd, args, (chunk) => {
    if (inPatch) {
      lines.push(chunk);
      return;
    }
    head += chunk;
    // Records never contain two NULs in a row; the first pair ends the record part.
    const cut = head.indexOf('\0\0', scanFrom);
    if (cut === -1) {
      scanFrom = Math.max(0, head.length - 1);
      return;
    }
    inPatch = true;
    const rest = head.slice(cut + 2);
    head = head.slice(0, cut + 1);
    lines.push(rest);
  }, env ? { env } : {});
  lines.end();
  flush();
  const { raw, numstat } = parseRawNumstatZ(head);
  const entries = joinStats(raw, numstat);
  const texts = new Map<string, FileDiffText>();
  if (chunks.length === entries.length) entries.forEach((e, i) => texts.set(e.path, chunks[i]!));
  return { entries, texts };
}
