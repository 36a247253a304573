import { describe, expect, it } from 'vitest';
import { decideEvictions, type LiveSessionSnapshot } from '../../../src-main/core/sessions/lifecycle-policy';

const MIN = 60_000;
const s = (key: string, idleMin: number, busy = false): LiveSessionSnapshot => ({ key, busy, lastUsedAt: 100 * MIN - idleMin * MIN });

describe('decideEvictions', () => {
  const base = { now: 100 * MIN, idleTtlMs: 30 * MIN, maxLiveSessions: 3 };
  it.each([
    { name: 'nothing to do under the cap and TTL', sessions: [s('a', 1), s('b', 5)], expected: [] },
    { name: 'idle past the TTL is evicted', sessions: [s('a', 31), s('b', 5)], expected: [{ key: 'a', reason: 'idle' }] },
    { name: 'exactly at the TTL is evicted', sessions: [s('a', 30)], expected: [{ key: 'a', reason: 'idle' }] },
    { name: 'busy past the TTL is kept', sessions: [s('a', 90, true)], expected: [] },
    {
      name: 'over the cap evicts the least recently used',
      sessions: [s('a', 1), s('b', 9), s('c', 3), s('d', 5)],
      expected: [{ key: 'b', reason: 'lru' }],
    },
    {
      name: 'over the cap never evicts a busy one, even the oldest',
      sessions: [s('a', 1), s('b', 20, true), s('c', 3), s('d', 5)],
      expected: [{ key: 'd', reason: 'lru' }],
    },
    {
      name: 'all busy over the cap: nothing evicted',
      sessions: [s('a', 1, true), s('b', 2, true), s('c', 3, true), s('d', 4, true)],
      expected: [],
    },
    {
      name: 'idle evictions count toward the cap',
      sessions: [s('a', 40), s('b', 2), s('c', 3), s('d', 4)],
      expected: [{ key: 'a', reason: 'idle' }],
    },
  ])('$name', ({ sessions, expected }) => {
    expect(decideEvictions({ ...base, sessions })).toEqual(expected);
  });

  it('reserves room for a session about to open', () => {
    const sessions = [s('a', 1), s('b', 2), s('c', 3)];
    expect(decideEvictions({ ...base, sessions })).toEqual([]);
    expect(decideEvictions({ ...base, sessions, reserve: 1 })).toEqual([{ key: 'c', reason: 'lru' }]);
  });

  it('lets a pre-warmed session no turn has used go first, however recent', () => {
    const sessions = [s('a', 1), s('b', 9), { ...s('warm', 0), prewarmed: true }, s('d', 5)];
    expect(decideEvictions({ ...base, sessions })).toEqual([{ key: 'warm', reason: 'lru' }]);
  });

  it('breaks ties in last use deterministically by key', () => {
    const sessions = [s('b', 5), s('a', 5), s('c', 1), s('d', 1)];
    expect(decideEvictions({ ...base, sessions })).toEqual([{ key: 'a', reason: 'lru' }]);
  });
});
