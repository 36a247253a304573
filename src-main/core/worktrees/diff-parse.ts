import type { PendingFileRow } from '../store/pending-changes-store';

/** Pure parsers for git's machine-readable diff output (`--raw -z`, `--numstat -z`). */

export type FileStatus = PendingFileRow['status'];

export interface RawEntry {
  status: FileStatus;
  path: string;
  oldPath: string | null;
  oldMode: string;
  newMode: string;
  oldSha: string;
  newSha: string;
}

export interface NumstatEntry {
  path: string;
  additions: number;
  deletions: number;
  binary: boolean;
}

const STATUS: Record<string, FileStatus> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  R: 'renamed',
  // A copy keeps its source, so for the diff panel it is a new file.
  C: 'added',
  T: 'type_changed',
};

/** `git diff-tree -r -z --raw [-M]`: ":old new oldsha newsha S\0path\0" or, for R/C, "...\0old\0new\0". */
export function parseRawZ(out: string): RawEntry[] {
  const parts = out.split('\0');
  const entries: RawEntry[] = [];
  let i = 0;
  while (i < parts.length) {
    const head = parts[i];
    if (head === undefined || head === '') {
      i++;
      continue;
    }
    if (!head.startsWith(':')) throw new Error(`unexpected raw diff record: ${head.slice(0, 80)}`);
    const [oldMode = '', newMode = '', oldSha = '', newSha = '', code = ''] = head.slice(1).split(' ');
    const letter = code.charAt(0);
    const status = STATUS[letter];
    if (letter === 'R' || letter === 'C') {
      const from = parts[i + 1] ?? '';
      const to = parts[i + 2] ?? '';
      entries.push({ status: status ?? 'modified', path: to, oldPath: letter === 'R' ? from : null, oldMode, newMode, oldSha, newSha });
      i += 3;
    } else {
      const p = parts[i + 1] ?? '';
      // U (unmerged) and X cannot come out of a tree-to-tree diff; treat anything odd as modified.
      entries.push({ status: status ?? 'modified', path: p, oldPath: null, oldMode, newMode, oldSha, newSha });
      i += 2;
    }
  }
  return entries;
}

/** `git diff-tree -r -z --numstat [-M]`: "a\td\tpath\0" or, for renames, "a\td\t\0old\0new\0"; binary is "-\t-". */
export function parseNumstatZ(out: string): NumstatEntry[] {
  const parts = out.split('\0');
  const entries: NumstatEntry[] = [];
  let i = 0;
  while (i < parts.length) {
    const head = parts[i];
    if (head === undefined || head === '') {
      i++;
      continue;
    }
    const [a = '', d = '', rest = ''] = head.split('\t', 3);
    // The path may itself contain tabs: it is everything after the second tab.
    const second = head.indexOf('\t', head.indexOf('\t') + 1);
    const inlinePath = second === -1 ? rest : head.slice(second + 1);
    const binary = a === '-' && d === '-';
    const additions = binary ? 0 : Number(a);
    const deletions = binary ? 0 : Number(d);
    if (inlinePath === '') {
      const to = parts[i + 2] ?? '';
      entries.push({ path: to, additions, deletions, binary });
      i += 3;
    } else {
      entries.push({ path: inlinePath, additions, deletions, binary });
      i += 1;
    }
  }
  return entries;
}

/**
 * `git diff-tree -z --raw --numstat`: all raw records (they start with ':') followed by all
 * numstat records, in one output.
 */
export function parseRawNumstatZ(out: string): { raw: RawEntry[]; numstat: NumstatEntry[] } {
  const parts = out.split('\0');
  let i = 0;
  while (i < parts.length && (parts[i] ?? '').startsWith(':')) {
    const code = (parts[i] ?? '').split(' ')[4] ?? '';
    i += code.startsWith('R') || code.startsWith('C') ? 3 : 2;
  }
  return { raw: parseRawZ(parts.slice(0, i).join('\0')), numstat: parseNumstatZ(parts.slice(i).join('\0')) };
}

/** Joins raw entries with their numstat by (new) path. */
export function joinStats(raw: RawEntry[], numstat: NumstatEntry[]): Array<RawEntry & Omit<NumstatEntry, 'path'>> {
  const byPath = new Map(numstat.map((n) => [n.path, n]));
  return raw.map((r) => {
    const n = byPath.get(r.path);
    // A pure mode change or an empty-file add has no lines; a gitlink has no numstat line at all.
    return { ...r, additions: n?.additions ?? 0, deletions: n?.deletions ?? 0, binary: n?.binary ?? false };
  });
}

/** Paths touched by a diff, counting both sides of a rename. */
export function touchedPaths(entries: Array<Pick<RawEntry, 'path' | 'oldPath'>>): Set<string> {
  const set = new Set<string>();
  for (const e of entries) {
    set.add(e.path);
    if (e.oldPath) set.add(e.oldPath);
  }
  return set;
}
