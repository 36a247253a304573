/**
 * Pure: ranks paths for an @ mention. A path matches when the query's characters appear in it in
 * order (case-insensitive); matches in the file name, at word starts and in a row rank higher,
 * and shorter paths break ties, the way editors' quick-open lists do.
 */
export function rankPaths(paths: readonly string[], query: string, limit: number): string[] {
  const q = query.toLowerCase();
  if (!q) return [...paths].sort((a, b) => a.length - b.length || a.localeCompare(b)).slice(0, limit);
  const scored: Array<{ path: string; score: number }> = [];
  for (const p of paths) {
    const score = matchScore(p, q);
    if (score !== null) scored.push({ path: p, score });
  }
  scored.sort((a, b) => b.score - a.score || a.path.length - b.path.length || a.path.localeCompare(b.path));
  return scored.slice(0, limit).map((s) => s.path);
}

export function matchScore(path: string, lowerQuery: string): number | null {
  const lower = path.toLowerCase();
  const nameStart = lower.lastIndexOf('/') + 1;
  let score = 0;
  let at = 0;
  let previous = -2;
  for (const ch of lowerQuery) {
    const found = lower.indexOf(ch, at);
    if (found < 0) return null;
    if (found === previous + 1) score += 3;
    if (found >= nameStart) score += 2;
    if (found === 0 || '/._-'.includes(lower[found - 1]!)) score += 2;
    previous = found;
    at = found + 1;
  }
  if (lower.slice(nameStart).includes(lowerQuery)) score += 10;
  return score;
}
