import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentSpec } from '../../../src-main/core/agents/agent-backend';
import { AgentPool, type ProcessScope } from '../../../src-main/core/sessions/agent-pool';
import { Store } from '../../../src-main/core/store/store';
import { FakeBackend } from '../../support/fake-backend';
import { tempDir, type TempDir } from '../../support/temp-dir';

const codex: AgentSpec = { id: 'codex', name: 'Codex', kind: 'acp', command: '/bin/true', args: [], env: {} };
const qwen: AgentSpec = { id: 'qwen', name: 'Qwen', kind: 'acp', command: '/bin/true', args: [], env: {} };

/** An agent that runs one process per worktree next to one that shares its process between chats. */
describe('AgentPool: one process per worktree where the agent’s scope says so', () => {
  let dir: TempDir;
  let store: Store;
  let pool: AgentPool;
  let started: { agent: string; worktree: string | undefined; backend: FakeBackend }[];
  let chatA: string;
  let chatB: string;

  beforeEach(async () => {
    dir = await tempDir('pool-scope-');
    store = Store.open(path.join(dir.path, 'db.sqlite'));
    const repo = store.repos.upsert('/tmp/repo');
    chatA = store.chats.create(repo.id, 'a').id;
    chatB = store.chats.create(repo.id, 'b').id;
    started = [];
    const scopeOf = (spec: AgentSpec): ProcessScope => (spec.id === 'codex' ? 'worktree' : 'agent');
    pool = new AgentPool(
      store,
      (spec, worktree) => {
        const backend = new FakeBackend(spec);
        started.push({ agent: spec.id, worktree, backend });
        return backend;
      },
      () => store.settings.get(),
      Date.now,
      scopeOf,
    );
  });
  afterEach(async () => {
    await pool.dispose();
    store.close();
    await dir[Symbol.asyncDispose]();
  });

  it('each worktree gets its own process, confined to it; turn after turn the same one', async () => {
    const a = await pool.getOrCreate(chatA, codex, '/w/a');
    const b = await pool.getOrCreate(chatB, codex, '/w/b');
    expect(started.map((s) => [s.agent, s.worktree])).toEqual([
      ['codex', '/w/a'],
      ['codex', '/w/b'],
    ]);
    expect(a.handle.pid).not.toBe(b.handle.pid);
    expect(await pool.getOrCreate(chatA, codex, '/w/a')).toBe(a);
    expect(started).toHaveLength(2);
    expect(pool.backendIds()).toEqual(['codex']);
    const status = pool.status(() => 't');
    expect(status.processes.map((p) => [p.agent, p.sessions])).toEqual([
      ['codex', 1],
      ['codex', 1],
    ]);
  });

  it('an agent of the usual scope serves every chat from one process', async () => {
    const a = await pool.getOrCreate(chatA, qwen, '/w/a');
    const b = await pool.getOrCreate(chatB, qwen, '/w/b');
    expect(started.map((s) => [s.agent, s.worktree])).toEqual([['qwen', undefined]]);
    expect(a.handle.pid).toBe(b.handle.pid);
  });

  it("a worktree's process stops with its last session; the other chat's runs on", async () => {
    await pool.getOrCreate(chatA, codex, '/w/a');
    const b = await pool.getOrCreate(chatB, codex, '/w/b');
    expect(await pool.evict(chatA, 'codex')).toBe(true);
    expect(started[0]!.backend.disposed).toBe(true);
    expect(started[1]!.backend.disposed).toBe(false);
    expect(pool.list()).toEqual([b]);
    expect(pool.status(() => 't').processes).toHaveLength(1);
  });

  it("a crash of one worktree's process loses only that worktree's session", async () => {
    await pool.getOrCreate(chatA, codex, '/w/a');
    const b = await pool.getOrCreate(chatB, codex, '/w/b');
    started[0]!.backend.crash();
    expect(pool.list()).toEqual([b]);
    expect(store.sessions.get(chatA, 'codex')?.status).toBe('crashed');
  });

  it('a busy session keeps its process; stopping the agent stops every one of its processes', async () => {
    const a = await pool.getOrCreate(chatA, codex, '/w/a');
    await pool.getOrCreate(chatB, codex, '/w/b');
    pool.markBusy(a, true);
    expect(await pool.evict(chatA, 'codex')).toBe(false);
    expect(started[0]!.backend.disposed).toBe(false);
    expect(await pool.recycleBackend('codex')).toBe(false);
    pool.markBusy(a, false);
    await pool.disposeBackend('codex');
    expect(started.every((s) => s.backend.disposed)).toBe(true);
    expect(pool.backendIds()).toEqual([]);
  });

  it('an arena contestant (a scratch worktree of its own) gets a process of its own, gone when it closes', async () => {
    await pool.getOrCreate(chatA, codex, '/w/a');
    const contestant = await pool.openEphemeral('arena1', chatA, codex, '/w/arena1/codex');
    expect(started.map((s) => s.worktree)).toEqual(['/w/a', '/w/arena1/codex']);
    await pool.close(contestant);
    expect(started[1]!.backend.disposed).toBe(true);
    expect(started[0]!.backend.disposed).toBe(false);
  });

  it('what a contestant’s new session offers is remembered for the agent, and no chat is told of it', async () => {
    const told: string[] = [];
    pool.onOptions((chatId, agent) => told.push(`${chatId}/${agent}`));
    const contestant = await pool.openEphemeral('arena1', chatA, codex, '/w/arena1/codex');
    await expect.poll(() => store.agentOptions.get('codex')?.models.map((m) => m.id)).toEqual((await contestant.handle.options()).models.map((m) => m.id));
    expect(store.agentOptions.get('codex')!.models.length).toBeGreaterThan(0);
    expect(told).toEqual([]);
  });

  it('questions asked outside a chat go to a process of its own, confined to no single worktree', async () => {
    await pool.startBackend(codex);
    expect(started.map((s) => [s.agent, s.worktree])).toEqual([['codex', undefined]]);
  });
});
