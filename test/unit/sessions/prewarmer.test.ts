import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrewarmStatus } from '../../../src-preload/contract';
import type { AgentSpec } from '../../../src-main/core/agents/agent-backend';
import type { AgentCatalog } from '../../../src-main/core/agents/catalog/agent-catalog';
import { AppError } from '../../../src-main/core/errors';
import { EventBus } from '../../../src-main/core/events/event-bus';
import { AgentPool } from '../../../src-main/core/sessions/agent-pool';
import { Prewarmer } from '../../../src-main/core/sessions/prewarmer';
import { Store } from '../../../src-main/core/store/store';
import { FakeBackend } from '../../support/fake-backend';
import { tempDir, type TempDir } from '../../support/temp-dir';

const spec: AgentSpec = { id: 'qwen', name: 'Qwen', kind: 'acp', command: '/bin/true', args: [], env: {} };

/** A backend that cannot start, as a missing API key makes a real agent exit at once. */
class FailingBackend extends FakeBackend {
  override async start(): Promise<void> {
    throw new AppError('AgentStartFailed', 'qwen exited before it answered initialize (code 1)');
  }
}

/** A backend whose start waits until the test lets it through, as a real agent takes seconds to boot. */
class SlowStartBackend extends FakeBackend {
  static gate: Promise<void> = Promise.resolve();
  override async start(): Promise<void> {
    await SlowStartBackend.gate;
    return super.start();
  }
}

describe('Prewarmer', () => {
  let dir: TempDir;
  let store: Store;
  let pool: AgentPool;
  let events: EventBus;
  let seen: PrewarmStatus[];
  let chatId: string;
  let failing: boolean;
  let slow: boolean;
  let prepares: number;
  let prewarmer: Prewarmer;

  beforeEach(async () => {
    dir = await tempDir('prewarmer-');
    store = Store.open(path.join(dir.path, 'db.sqlite'));
    chatId = store.chats.create(store.repos.upsert('/tmp/repo').id, 'a').id;
    failing = false;
    prepares = 0;
    slow = false;
    pool = new AgentPool(store, (s) => (failing ? new FailingBackend(s) : slow ? new SlowStartBackend(s) : new FakeBackend(s)), () => store.settings.get());
    events = new EventBus(true);
    seen = [];
    events.subscribe((name, payload) => {
      if (name === 'sessions.prewarm') seen.push(payload as PrewarmStatus);
    });
    const catalog = { require: () => spec } as unknown as AgentCatalog;
    const workspace = {
      prepare: async () => {
        prepares++;
        return { path: '/tmp/worktree' };
      },
    };
    prewarmer = new Prewarmer({ store, events, pool, catalog, workspace, settings: () => store.settings.get() });
  });
  afterEach(async () => {
    await prewarmer.drain();
    await pool.dispose();
    store.close();
    await dir[Symbol.asyncDispose]();
  });

  const settle = async (state: PrewarmStatus['state']) => {
    for (let i = 0; i < 200 && seen.at(-1)?.state !== state; i++) await new Promise((r) => setTimeout(r, 5));
    expect(seen.at(-1)?.state).toBe(state);
  };

  it('warms the worktree and the session once, however often it is asked', async () => {
    expect(prewarmer.prewarm(chatId, 'qwen')).toMatchObject({ state: 'warming' });
    expect(prewarmer.prewarm(chatId, 'qwen')).toMatchObject({ state: 'warming' });
    await settle('ready');
    expect(prewarmer.prewarm(chatId, 'qwen')).toEqual({ chatId, agent: 'qwen', state: 'ready' });
    expect(prepares).toBe(1);
    expect(pool.list()).toEqual([expect.objectContaining({ chatId, prewarmed: true })]);
  });

  it('asked again while its cancel is under way (the user came straight back), it warms anew', async () => {
    prewarmer.prewarm(chatId, 'qwen');
    const cancelled = prewarmer.cancel(chatId);
    expect(prewarmer.prewarm(chatId, 'qwen')).toMatchObject({ state: 'warming' });
    await cancelled;
    await settle('ready');
    expect(seen.map((s) => s.state)).toContain('cancelled');
    expect(pool.list()).toHaveLength(1);
  });

  it('reports a start failure with its named error, and does not retry it at once', async () => {
    failing = true;
    prewarmer.prewarm(chatId, 'qwen');
    await settle('failed');
    expect(seen.at(-1)).toEqual({ chatId, agent: 'qwen', state: 'failed', error: { name: 'AgentStartFailed', message: 'qwen exited before it answered initialize (code 1)' } });
    expect(prewarmer.prewarm(chatId, 'qwen')).toMatchObject({ state: 'failed' });
    expect(prepares).toBe(1);
  });

  it('a ready pre-warm the pool lets go is ready no more', async () => {
    prewarmer.prewarm(chatId, 'qwen');
    await settle('ready');
    await pool.evict(chatId, 'qwen');
    expect(seen.at(-1)).toMatchObject({ state: 'cancelled', reason: expect.stringContaining('let go') });
  });

  it('closing the chat does not wait for an agent still starting; what it started is let go when it arrives', async () => {
    slow = true;
    let letThrough!: () => void;
    SlowStartBackend.gate = new Promise((r) => (letThrough = r));
    prewarmer.prewarm(chatId, 'qwen');
    await new Promise((r) => setTimeout(r, 10));
    await prewarmer.cancelChat(chatId);
    expect(seen.map((s) => s.state)).not.toContain('cancelled');
    letThrough();
    await settle('cancelled');
    expect(pool.list()).toEqual([]);
    expect(pool.backendIds()).toEqual([]);
  });

  it('refuses an archived chat with its named error', () => {
    store.chats.setArchived(chatId, Date.now());
    expect(() => prewarmer.prewarm(chatId, 'qwen')).toThrow(expect.objectContaining({ name: 'ChatArchived' }));
  });
});
