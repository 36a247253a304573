import { describe, expect, it } from 'vitest';
import { decideMemory, type DirectoryInstance, type MemoryInput, type SessionMemorySnapshot } from '../../../src-main/core/sessions/memory-policy';

const MB = 1024 * 1024;
const MIN = 60_000;
const now = 100 * MIN;
const session = (key: string, agent: string, idleMin: number, extra: Partial<SessionMemorySnapshot> = {}): SessionMemorySnapshot => ({
  key,
  agent,
  busy: false,
  lastUsedAt: now - idleMin * MIN,
  prewarmed: false,
  ...extra,
});
const dir = (directory: string, idleMin: number, extra: Partial<DirectoryInstance> = {}): DirectoryInstance => ({
  directory,
  live: true,
  busy: false,
  lastUsedAt: now - idleMin * MIN,
  ...extra,
});
const input = (over: Partial<MemoryInput>): MemoryInput => ({ now, budgetBytes: 0, instanceIdleMs: 10 * MIN, processes: [], sessions: [], ...over });

describe('decideMemory: an agent that keeps a booted instance per directory', () => {
  // 200 MB of its own, 60 MB per directory.
  const opencode = (dirs: DirectoryInstance[]) => ({ agent: 'opencode', rssBytes: (200 + 60 * dirs.length) * MB, baselineBytes: 200 * MB, instances: dirs });

  it('is recycled when most of its memory is idle directories, even with no budget', () => {
    const dirs = [dir('/a', 1), ...['/b', '/c', '/d', '/e', '/f'].map((d) => dir(d, 30))];
    const actions = decideMemory(input({ processes: [opencode(dirs)] }));
    expect(actions).toEqual([{ type: 'recycle', agent: 'opencode', reason: expect.stringContaining('5 of its 6 directories are idle') }]);
  });

  it('is kept while its idle directories are the smaller part of its memory', () => {
    const dirs = [dir('/a', 1), dir('/b', 30), dir('/c', 30)];
    expect(decideMemory(input({ processes: [opencode(dirs)] }))).toEqual([]);
  });

  it('counts a directory whose session is gone as idle, however recent', () => {
    const dirs = ['/a', '/b', '/c', '/d', '/e'].map((d) => dir(d, 0, { live: false }));
    expect(decideMemory(input({ processes: [opencode(dirs)] }))).toEqual([{ type: 'recycle', agent: 'opencode', reason: expect.any(String) }]);
  });

  it('is never recycled while one of its directories runs a turn', () => {
    const dirs = [dir('/a', 0, { busy: true }), ...['/b', '/c', '/d', '/e', '/f', '/g'].map((d) => dir(d, 60))];
    expect(decideMemory(input({ processes: [opencode(dirs)], budgetBytes: 100 * MB }))).toEqual([]);
  });

  it('is recycled over the budget with any idle directory', () => {
    const dirs = [dir('/a', 1), dir('/b', 30)];
    expect(decideMemory(input({ processes: [opencode(dirs)], budgetBytes: 300 * MB }))).toEqual([
      { type: 'recycle', agent: 'opencode', reason: expect.stringContaining('over the memory budget') },
    ]);
  });

  it('is not recycled when its baseline is unknown and nothing presses', () => {
    const dirs = ['/a', '/b', '/c'].map((d) => dir(d, 60));
    const p = { agent: 'opencode', rssBytes: 400 * MB, instances: dirs };
    expect(decideMemory(input({ processes: [p] }))).toEqual([]);
  });
});

describe('decideMemory: the budget', () => {
  const qwen = { agent: 'qwen', rssBytes: 500 * MB, baselineBytes: 300 * MB };

  it('does nothing under the budget, or with no budget', () => {
    const sessions = [session('a', 'qwen', 5), session('b', 'qwen', 1)];
    expect(decideMemory(input({ processes: [qwen], sessions, budgetBytes: 1024 * MB }))).toEqual([]);
    expect(decideMemory(input({ processes: [qwen], sessions, budgetBytes: 0 }))).toEqual([]);
  });

  it('evicts idle sessions least recently used first until the estimate is under the budget', () => {
    // 200 MB above the baseline over 4 sessions: 50 MB each; 120 MB over → three evictions.
    const sessions = [session('a', 'qwen', 1), session('b', 'qwen', 9), session('c', 'qwen', 3), session('d', 'qwen', 5)];
    const actions = decideMemory(input({ processes: [qwen], sessions, budgetBytes: 380 * MB }));
    expect(actions.map((a) => (a.type === 'evict' ? a.key : a.agent))).toEqual(['b', 'd', 'c']);
  });

  it('lets a pre-warmed session go before any used one', () => {
    const sessions = [session('old', 'qwen', 50), session('warm', 'qwen', 0, { prewarmed: true })];
    const actions = decideMemory(input({ processes: [qwen], sessions, budgetBytes: 450 * MB }));
    expect(actions).toEqual([{ type: 'evict', key: 'warm', reason: expect.stringContaining('over the memory budget') }]);
  });

  it('never evicts a busy session, even when that leaves it over the budget', () => {
    const sessions = [session('a', 'qwen', 90, { busy: true }), session('b', 'qwen', 1, { busy: true })];
    expect(decideMemory(input({ processes: [qwen], sessions, budgetBytes: 10 * MB }))).toEqual([]);
  });

  it('stops a process left with no session once its last one is evicted', () => {
    const sessions = [session('a', 'qwen', 5)];
    expect(decideMemory(input({ processes: [qwen], sessions, budgetBytes: 100 * MB }))).toEqual([
      { type: 'evict', key: 'a', reason: expect.any(String) },
      { type: 'recycle', agent: 'qwen', reason: 'over the memory budget, with no session left' },
    ]);
  });

  it('does not evict sessions of an agent whose memory is its directories (evicting them frees nothing)', () => {
    const opencode = { agent: 'opencode', rssBytes: 900 * MB, baselineBytes: 300 * MB, instances: [dir('/a', 0, { busy: true })] };
    const sessions = [session('oc', 'opencode', 0, { busy: true }), session('q1', 'qwen', 20), session('q2', 'qwen', 2)];
    const actions = decideMemory(input({ processes: [opencode, qwen], sessions, budgetBytes: 1300 * MB }));
    expect(actions).toEqual([{ type: 'evict', key: 'q1', reason: expect.any(String) }]);
  });
});
