import { describe, expect, it } from 'vitest';
import type { AgentPool, LiveSession } from '../../../src-main/core/sessions/agent-pool';
import type { MemoryInput } from '../../../src-main/core/sessions/memory-policy';
import { sessionKey } from '../../../src-main/core/sessions/session-key';
import { Supervisor } from '../../../src-main/core/sessions/supervisor';

const MB = 1024 * 1024;
const MIN = 60_000;
const now = 1000 * MIN;

/** The pool as the supervisor's memory pass sees it: a snapshot in, recycles and evictions out. */
function fakePool(snapshot: MemoryInput, live: Array<Pick<LiveSession, 'chatId' | 'agent' | 'lastUsedAt' | 'busy'>>) {
  const done: string[] = [];
  const pool = {
    decide: () => [],
    applyEvictions: async () => {},
    processes: () => [],
    list: () => live as LiveSession[],
    memorySnapshot: () => snapshot,
    recycleBackend: async (agent: string) => {
      done.push(`recycle ${agent}`);
      return true;
    },
    evict: async (chatId: string, agent: string) => {
      done.push(`evict ${chatId}/${agent}`);
      return true;
    },
  } as unknown as AgentPool;
  return { pool, done };
}

describe('Supervisor: memory', () => {
  it('recycles opencode when most of its memory is idle directories, and prepares the chats still in use again', async () => {
    const dirs = ['/a', '/b', '/c', '/d', '/e', '/f'].map((directory, i) => ({ directory, live: true, busy: false, lastUsedAt: i === 0 ? now - 1000 : now - 60 * MIN }));
    const snapshot: MemoryInput = {
      now,
      budgetBytes: 0,
      instanceIdleMs: 10 * MIN,
      processes: [{ agent: 'opencode', rssBytes: 560 * MB, baselineBytes: 200 * MB, instances: dirs }],
      sessions: [],
    };
    const live = [
      { chatId: 'active', agent: 'opencode', lastUsedAt: now - 1000, busy: false },
      { chatId: 'old', agent: 'opencode', lastUsedAt: now - 60 * MIN, busy: false },
    ];
    const { pool, done } = fakePool(snapshot, live);
    const rewarmed: Array<{ agent: string; chats: string[] }> = [];
    const recycled: string[] = [];
    const supervisor = new Supervisor({
      pool,
      intervalMs: 1_000_000,
      staleGraceMs: 10 * MIN,
      directoryIdleMs: 10 * MIN,
      onRecycled: (agent, chats) => rewarmed.push({ agent, chats }),
      onMemoryAction: (a) => recycled.push(a.type),
    });
    await supervisor.tick();
    expect(done).toEqual(['recycle opencode']);
    expect(recycled).toEqual(['recycle']);
    expect(rewarmed).toEqual([{ agent: 'opencode', chats: ['active'] }]);
  });

  it('over the budget evicts the idle sessions the policy names, through the pool (which re-checks busy)', async () => {
    const snapshot: MemoryInput = {
      now,
      budgetBytes: 400 * MB,
      instanceIdleMs: 10 * MIN,
      processes: [{ agent: 'qwen', rssBytes: 500 * MB, baselineBytes: 300 * MB }],
      sessions: [
        { key: sessionKey('c1', 'qwen'), agent: 'qwen', busy: false, lastUsedAt: now - 5 * MIN, prewarmed: false },
        { key: sessionKey('c2', 'qwen'), agent: 'qwen', busy: true, lastUsedAt: now - 50 * MIN, prewarmed: false },
      ],
    };
    const { pool, done } = fakePool(snapshot, []);
    await new Supervisor({ pool, intervalMs: 1_000_000, staleGraceMs: 10 * MIN }).tick();
    expect(done).toEqual(['evict c1/qwen']);
  });
});
