/**
 * Which live sessions to evict, decided over a snapshot with no I/O: idle past the TTL, then the
 * least recently used beyond the cap — a pre-warmed session no turn has used yet before any
 * other. A busy session is never evicted, even when that leaves the pool over its cap (it becomes
 * evictable when its turn ends).
 */
export interface LiveSessionSnapshot {
  key: string;
  busy: boolean;
  lastUsedAt: number;
  /** Opened ahead of a first turn that has not come yet. */
  prewarmed?: boolean;
}

export interface EvictionInput {
  now: number;
  idleTtlMs: number;
  maxLiveSessions: number;
  sessions: LiveSessionSnapshot[];
  /** Room to keep free under the cap (1 when a new session is about to open). */
  reserve?: number;
}

export interface Eviction {
  key: string;
  reason: 'idle' | 'lru';
}

export function decideEvictions(input: EvictionInput): Eviction[] {
  const evictions: Eviction[] = [];
  const remaining: LiveSessionSnapshot[] = [];
  for (const s of input.sessions) {
    if (!s.busy && input.now - s.lastUsedAt >= input.idleTtlMs) evictions.push({ key: s.key, reason: 'idle' });
    else remaining.push(s);
  }
  const cap = Math.max(0, input.maxLiveSessions - (input.reserve ?? 0));
  let excess = remaining.length - cap;
  if (excess > 0) {
    const candidates = remaining.filter((s) => !s.busy).sort((a, b) => Number(!!b.prewarmed) - Number(!!a.prewarmed) || a.lastUsedAt - b.lastUsedAt || a.key.localeCompare(b.key));
    for (const s of candidates) {
      if (excess <= 0) break;
      evictions.push({ key: s.key, reason: 'lru' });
      excess--;
    }
  }
  return evictions;
}
