/**
 * Agents often title a tool call with the absolute path inside the chat's worktree, which is
 * long and the same for every call. When the title contains the folder of a file the call
 * changed, that folder is dropped, leaving the path as the repository sees it.
 */
export function shortenToolTitle(title: string, diffPaths: readonly string[]): string {
  let out = title;
  for (const p of diffPaths) {
    if (!p.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(p)) continue;
    const cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
    const dir = p.slice(0, cut + 1);
    if (dir.length > 1 && out.includes(dir)) out = out.split(dir).join('');
  }
  return out;
}
