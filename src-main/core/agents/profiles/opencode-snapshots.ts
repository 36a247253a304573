/**
 * opencode keeps a git repository of its own per directory and snapshots the whole worktree
 * into it before and after every step, for its own undo and revert. BooCoder never uses those
 * (it takes its own snapshots of the chat's worktree, and reviews and discards through them),
 * and they cost every turn about 0.1 s and a new chat's first turn more (the repository is
 * created on the directory's first prompt), besides a copy of each worktree's files on disk.
 * So BooCoder turns them off in the inline config opencode merges over all the others
 * (`OPENCODE_CONFIG_CONTENT`), keeping everything else in a value the user set. A value that is
 * not a JSON object is left as it is, for opencode to name the mistake in its own words.
 */
export function snapshotsOff(existing: string | undefined): string {
  if (existing === undefined || existing.trim() === '') return JSON.stringify({ snapshot: false });
  let parsed: unknown;
  try {
    parsed = JSON.parse(existing);
  } catch {
    return existing;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return existing;
  return JSON.stringify({ ...parsed, snapshot: false });
}
