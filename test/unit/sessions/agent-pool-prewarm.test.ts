import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentSessionHandle, AgentSpec, OpenSessionOptions } from '../../../src-main/core/agents/agent-backend';
import { AgentPool } from '../../../src-main/core/sessions/agent-pool';
import { Store } from '../../../src-main/core/store/store';
import { FakeBackend } from '../../support/fake-backend';
import { tempDir, type TempDir } from '../../support/temp-dir';

const spec: AgentSpec = { id: 'qwen', name: 'Qwen', kind: 'acp', command: '/bin/true', args: [], env: {} };

/** A backend whose session opens wait until the test lets them through. */
class GatedBackend extends FakeBackend {
  opens = 0;
  private gate: (() => void) | null = null;
  private gated: Promise<void> | null = null;
  hold(): void {
    this.gated = new Promise((r) => (this.gate = r));
  }
  release(): void {
    this.gate?.();
    this.gated = null;
  }
  override async openSession(options: OpenSessionOptions): Promise<AgentSessionHandle> {
    this.opens++;
    await this.gated;
    return super.openSession(options);
  }
}

describe('AgentPool: pre-warmed sessions', () => {
  let dir: TempDir;
  let store: Store;
  let pool: AgentPool;
  let backends: GatedBackend[];
  let chatId: string;

  beforeEach(async () => {
    dir = await tempDir('pool-prewarm-');
    store = Store.open(path.join(dir.path, 'db.sqlite'));
    const repo = store.repos.upsert('/tmp/repo');
    chatId = store.chats.create(repo.id, 'a').id;
    backends = [];
    pool = new AgentPool(
      store,
      (s) => {
        const b = new GatedBackend(s);
        backends.push(b);
        return b;
      },
      () => store.settings.get(),
    );
  });
  afterEach(async () => {
    await pool.dispose();
    store.close();
    await dir[Symbol.asyncDispose]();
  });

  it('a turn arriving while a pre-warm opens shares its open: one session, no longer pre-warmed', async () => {
    const warm = pool.getOrCreate(chatId, spec, '/tmp/w', { prewarm: true });
    await new Promise((r) => setImmediate(r));
    const turn = pool.getOrCreate(chatId, spec, '/tmp/w');
    const [a, b] = await Promise.all([warm, turn]);
    expect(a).toBe(b);
    expect(backends[0]!.opens).toBe(1);
    expect(a.prewarmed).toBe(false);
  });

  it('a pre-warmed session stays marked until a turn claims it', async () => {
    const s = await pool.getOrCreate(chatId, spec, '/tmp/w', { prewarm: true });
    expect(s.prewarmed).toBe(true);
    expect(pool.status(() => 'a').sessions[0]).toMatchObject({ prewarmed: true });
    expect(await pool.getOrCreate(chatId, spec, '/tmp/w')).toBe(s);
    expect(s.prewarmed).toBe(false);
  });

  it('cancelled while opening: the session is dropped when it arrives and the process it started is stopped', async () => {
    const b = new GatedBackend(spec);
    b.hold();
    pool = new AgentPool(store, () => b, () => store.settings.get());
    const warm = pool.getOrCreate(chatId, spec, '/tmp/w', { prewarm: true });
    await new Promise((r) => setImmediate(r));
    // The cancel returns while the agent is still starting: closing a chat does not wait for it.
    await pool.cancelPrewarm(chatId, 'qwen');
    expect(b.disposed).toBe(false);
    b.release();
    await expect(warm).rejects.toMatchObject({ name: 'PrewarmCancelled' });
    expect(pool.list()).toEqual([]);
    expect(b.disposed).toBe(true);
    expect(pool.backendIds()).toEqual([]);
  });

  it('a cancel after a turn claimed the open changes nothing', async () => {
    const b = new GatedBackend(spec);
    b.hold();
    pool = new AgentPool(store, () => b, () => store.settings.get());
    const warm = pool.getOrCreate(chatId, spec, '/tmp/w', { prewarm: true });
    await new Promise((r) => setImmediate(r));
    const turn = pool.getOrCreate(chatId, spec, '/tmp/w');
    const cancel = pool.cancelPrewarm(chatId, 'qwen');
    b.release();
    await cancel;
    const session = await turn;
    expect(await warm).toBe(session);
    expect(pool.list()).toEqual([session]);
    expect(b.disposed).toBe(false);
  });

  it('a pre-warmed session no turn used is let go on cancel; a used one is kept', async () => {
    await pool.getOrCreate(chatId, spec, '/tmp/w', { prewarm: true });
    await pool.cancelPrewarm(chatId, 'qwen');
    expect(pool.list()).toEqual([]);
    const used = await pool.getOrCreate(chatId, spec, '/tmp/w');
    await pool.cancelPrewarm(chatId, 'qwen');
    expect(pool.list()).toEqual([used]);
  });

  it('recycling an agent waits for its busy sessions: never under a turn', async () => {
    const s = await pool.getOrCreate(chatId, spec, '/tmp/w');
    pool.markBusy(s, true);
    expect(await pool.recycleBackend('qwen')).toBe(false);
    expect(pool.list()).toEqual([s]);
    pool.markBusy(s, false);
    expect(await pool.recycleBackend('qwen')).toBe(true);
    expect(pool.list()).toEqual([]);
    expect(store.sessions.get(chatId, 'qwen')).toMatchObject({ status: 'evicted', externalSessionId: s.handle.externalSessionId });
  });
});
