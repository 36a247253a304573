/** One entry of `git worktree list --porcelain -z`. */
export interface GitWorktreeEntry {
  path: string;
  head: string | null;
  branch: string | null;
  bare: boolean;
  locked: boolean;
  /** git itself considers the entry stale (its folder is gone). */
  prunable: boolean;
}

/** Pure parser: records are NUL-separated attribute lines, entries end with an empty record. */
export function parseWorktreeList(out: string): GitWorktreeEntry[] {
  const entries: GitWorktreeEntry[] = [];
  let cur: GitWorktreeEntry | null = null;
  for (const rec of out.split('\0')) {
    if (rec === '') {
      if (cur) entries.push(cur);
      cur = null;
      continue;
    }
    const space = rec.indexOf(' ');
    const key = space === -1 ? rec : rec.slice(0, space);
    const value = space === -1 ? '' : rec.slice(space + 1);
    if (key === 'worktree') {
      if (cur) entries.push(cur);
      cur = { path: value, head: null, branch: null, bare: false, locked: false, prunable: false };
      continue;
    }
    if (!cur) continue;
    if (key === 'HEAD') cur.head = value;
    else if (key === 'branch') cur.branch = value;
    else if (key === 'bare') cur.bare = true;
    else if (key === 'locked') cur.locked = true;
    else if (key === 'prunable') cur.prunable = true;
  }
  if (cur) entries.push(cur);
  return entries;
}
