import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentSpec } from '../../../src-main/core/agents/agent-backend';
import { AgentPool } from '../../../src-main/core/sessions/agent-pool';
import { Supervisor } from '../../../src-main/core/sessions/supervisor';
import { Store } from '../../../src-main/core/store/store';
import { FakeBackend } from '../../support/fake-backend';
import { tempDir, type TempDir } from '../../support/temp-dir';

const spec: AgentSpec = { id: 'qwen', name: 'Qwen', kind: 'acp', command: '/bin/true', args: [], env: {} };

describe('Supervisor', () => {
  let dir: TempDir;
  let store: Store;
  let pool: AgentPool;
  let backends: FakeBackend[];
  let clock: number;
  let restarts: Array<{ agent: string; reason: string }>;
  let supervisor: Supervisor;

  beforeEach(async () => {
    dir = await tempDir('supervisor-');
    store = Store.open(path.join(dir.path, 'db.sqlite'));
    store.settings.update({ idleTtlMs: 60_000 });
    const repo = store.repos.upsert('/tmp/repo');
    store.chats.create(repo.id, 'a');
    backends = [];
    clock = 1_000_000;
    pool = new AgentPool(
      store,
      (s) => {
        const b = new FakeBackend(s);
        backends.push(b);
        return b;
      },
      () => store.settings.get(),
      () => clock,
    );
    restarts = [];
    supervisor = new Supervisor({ pool, intervalMs: 1_000_000, staleGraceMs: 10 * 60_000, now: () => clock, onRestart: (agent, reason) => restarts.push({ agent, reason }) });
  });
  afterEach(async () => {
    await supervisor.stop();
    await pool.dispose();
    store.close();
    await dir[Symbol.asyncDispose]();
  });

  const chatId = () => store.chats.list()[0]!.id;

  it('evicts sessions idle past the TTL on a tick', async () => {
    await pool.getOrCreate(chatId(), spec, '/tmp/w');
    await supervisor.tick();
    expect(pool.list()).toHaveLength(1);
    clock += 61_000;
    await supervisor.tick();
    expect(pool.list()).toHaveLength(0);
    expect(store.sessions.get(chatId(), 'qwen')!.status).toBe('evicted');
  });

  it('restarts an unresponsive idle process, and its sessions reattach later', async () => {
    await pool.getOrCreate(chatId(), spec, '/tmp/w');
    backends[0]!.probeOk = false;
    await supervisor.tick();
    expect(restarts).toEqual([{ agent: 'qwen', reason: expect.stringContaining('health check') }]);
    expect(backends[0]!.disposed).toBe(true);
    expect(pool.list()).toHaveLength(0);
    const again = await pool.getOrCreate(chatId(), spec, '/tmp/w');
    expect(backends).toHaveLength(2);
    expect(again.handle.origin).toBe('new');
  });

  it('does not restart under a recent busy turn, but does once the turn is stale', async () => {
    const s = await pool.getOrCreate(chatId(), spec, '/tmp/w');
    pool.markBusy(s, true);
    backends[0]!.probeOk = false;
    await supervisor.tick();
    expect(restarts).toEqual([]);
    expect(backends[0]!.disposed).toBe(false);
    clock += 11 * 60_000;
    await supervisor.tick();
    expect(restarts).toHaveLength(1);
    expect(backends[0]!.disposed).toBe(true);
  });

  it('never evicts a busy session, however idle its clock looks', async () => {
    const s = await pool.getOrCreate(chatId(), spec, '/tmp/w');
    pool.markBusy(s, true);
    clock += 3600_000;
    await supervisor.tick();
    expect(pool.list()).toHaveLength(1);
  });
});
