/** Which tab Ctrl+Tab / Ctrl+Shift+Tab lands on: cyclic, and stable when nothing is active. */
export function cycleTab(ids: readonly string[], active: string | null, step: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const i = active ? ids.indexOf(active) : -1;
  if (i < 0) return ids[0]!;
  return ids[(i + step + ids.length) % ids.length]!;
}

/** After closing `closed`, the neighbour to its right takes focus (or the left one at the end). */
export function tabAfterClose(ids: readonly string[], closed: string, active: string | null): string | null {
  const rest = ids.filter((id) => id !== closed);
  if (active !== closed) return active && rest.includes(active) ? active : (rest[0] ?? null);
  const i = ids.indexOf(closed);
  return rest[Math.min(i, rest.length - 1)] ?? null;
}
