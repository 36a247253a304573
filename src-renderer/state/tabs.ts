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

/** What a chat's last turn left for the user to see, when it ended while another tab was active. */
export type UnseenEnd = 'done' | 'failed';

/** Pure: what a turn that ended in a tab the user is not looking at leaves on that tab (a cancel is the user's own doing: nothing). */
export function unseenEndOf(stopReason: string): UnseenEnd | null {
  if (stopReason === 'cancelled' || stopReason === 'interrupted') return null;
  return stopReason === 'error' ? 'failed' : 'done';
}

/** Pure: the tab's dot: pulsing while an agent works, else what ended unseen, else none. */
export function tabIndicator(busy: boolean, unseen: UnseenEnd | undefined): 'busy' | UnseenEnd | null {
  return busy ? 'busy' : (unseen ?? null);
}
