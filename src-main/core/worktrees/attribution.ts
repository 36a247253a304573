import type { PendingFileRow } from '../store/pending-changes-store';
import type { NumstatEntry, RawEntry } from './diff-parse';

/**
 * Who owns each file of a pending change. The pending change is always recomputed as
 * diff(base → now); attribution is carried over from the previous pending row and overwritten for
 * the files the latest step touched. A step is an agent's turn (`actor` = agent id) or the user's
 * own edits found between turns (`actor` = null). The previous row is persisted, so attribution
 * survives restarts without any in-memory state.
 */
export function attribute(
  entries: Array<RawEntry & Omit<NumstatEntry, 'path'>>,
  previous: ReadonlyMap<string, string | null>,
  touched: ReadonlySet<string>,
  actor: string | null,
): PendingFileRow[] {
  return entries.map((e) => {
    let agent: string | null;
    if (touched.has(e.path) || (e.oldPath !== null && touched.has(e.oldPath))) agent = actor;
    else if (previous.has(e.path)) agent = previous.get(e.path) ?? null;
    else if (e.oldPath !== null && previous.has(e.oldPath)) agent = previous.get(e.oldPath) ?? null;
    // Not touched now and unknown before: nobody we know of wrote it, so it is the user's.
    else agent = null;
    return {
      path: e.path,
      oldPath: e.oldPath,
      status: e.status,
      agent,
      additions: e.additions,
      deletions: e.deletions,
      binary: e.binary,
    };
  });
}

export function attributionMap(files: ReadonlyArray<Pick<PendingFileRow, 'path' | 'agent'>> | undefined): Map<string, string | null> {
  return new Map((files ?? []).map((f) => [f.path, f.agent]));
}
