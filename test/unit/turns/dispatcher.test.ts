import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent, EventPayload } from '../../../src-preload/contract';
import type { AgentSpec } from '../../../src-main/core/agents/agent-backend';
import { AgentCatalog } from '../../../src-main/core/agents/catalog/agent-catalog';
import { EventBus } from '../../../src-main/core/events/event-bus';
import { AgentPool } from '../../../src-main/core/sessions/agent-pool';
import { Store } from '../../../src-main/core/store/store';
import { Dispatcher } from '../../../src-main/core/turns/dispatcher';
import { FakeBackend } from '../../support/fake-backend';
import { FakeWorkspace } from '../../support/fake-workspace';
import { until } from '../../support/fault-tools';
import { tempDir, type TempDir } from '../../support/temp-dir';
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';

type TurnEvent = EventPayload<'turn.event'>;

/** A dispatcher over a real SQLite store, fake agents and a fake workspace. */
async function setup(dir: string, opts: { maxLiveSessions?: number; idleTtlMs?: number; replyDelayMs?: number } = {}) {
  // Make "opencode" and "qwen" resolvable by the catalog: tiny executables in a bin dir.
  const bin = path.join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  for (const name of ['opencode', 'qwen']) {
    writeFileSync(path.join(bin, name), '#!/bin/sh\n');
    chmodSync(path.join(bin, name), 0o755);
  }
  const store = Store.open(path.join(dir, 'db.sqlite'));
  if (opts.maxLiveSessions || opts.idleTtlMs) {
    store.settings.update({ ...(opts.maxLiveSessions ? { maxLiveSessions: opts.maxLiveSessions } : {}), ...(opts.idleTtlMs ? { idleTtlMs: opts.idleTtlMs } : {}) });
  }
  const events = new EventBus(true);
  const catalog = new AgentCatalog(store.agentConfig, { searchDirs: [bin], pathEnv: '' });
  const backends = new Map<string, FakeBackend>();
  let clock = 1_000_000;
  const pool = new AgentPool(
    store,
    (spec: AgentSpec) => {
      const b = new FakeBackend(spec, opts.replyDelayMs ?? 0);
      backends.set(spec.id, b);
      return b;
    },
    () => store.settings.get(),
    () => clock,
  );
  const workspace = new FakeWorkspace();
  const dispatcher = new Dispatcher({ store, events, pool, catalog, workspace, settings: () => store.settings.get(), flushIntervalMs: 10 });
  const seen: TurnEvent[] = [];
  events.subscribe((name, payload) => {
    if (name === 'turn.event') seen.push(payload as TurnEvent);
  });
  const repo = store.repos.upsert(path.join(dir, 'repo'));
  const chat = store.chats.create(repo.id, 'Chat');
  const waitEnd = (turnId: string) =>
    new Promise<Extract<AgentEvent, { type: 'turn.end' }>>((resolve) => {
      const check = () => {
        const end = seen.find((e) => e.turnId === turnId && e.event.type === 'turn.end');
        if (end) return resolve(end.event as Extract<AgentEvent, { type: 'turn.end' }>);
        setTimeout(check, 2);
      };
      check();
    });
  return {
    store,
    events,
    pool,
    dispatcher,
    workspace,
    backends,
    seen,
    chat,
    repo,
    waitEnd,
    advance: (ms: number) => (clock += ms),
    eventsOf: (turnId: string) => seen.filter((e) => e.turnId === turnId).map((e) => e.event),
  };
}

describe('Dispatcher and AgentPool', () => {
  let dir: TempDir;
  let env: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    dir = await tempDir('dispatcher-');
  });
  afterEach(async () => {
    await env?.pool.dispose();
    env?.store.close();
    await dir[Symbol.asyncDispose]();
  });

  it('runs a turn: events in order, transcript and usage persisted, snapshot taken', async () => {
    env = await setup(dir.path);
    const { turnId } = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'hello' });
    const end = await env.waitEnd(turnId);
    expect(end.stopReason).toBe('end_turn');
    const events = env.eventsOf(turnId);
    expect(events.map((e) => e.type)).toEqual(['turn.start', 'text.delta', 'text.delta', 'usage', 'turn.end']);
    expect(env.seen.filter((e) => e.turnId === turnId).map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
    const row = env.store.turns.get(turnId)!;
    expect(row.status).toBe('done');
    expect(row.usage.inputTokens).toBe(10);
    expect(env.store.turns.parts(turnId)).toEqual([{ kind: 'text', text: 'reply 1 (remembers 1)' }]);
    expect(env.store.sessions.get(env.chat.id, 'qwen')!.usage.cost).toBeCloseTo(0.01);
    expect(env.workspace.calls).toEqual([`begin ${env.chat.id}`, `end ${env.chat.id} qwen`]);
  });

  it('keeps one warm session per (chat, agent): the second turn reuses it', async () => {
    env = await setup(dir.path);
    const a = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'one' });
    await env.waitEnd(a.turnId);
    const b = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'two' });
    await env.waitEnd(b.turnId);
    const backend = env.backends.get('qwen')!;
    expect(backend.starts).toBe(1);
    expect(backend.sessions.size).toBe(1);
    expect(env.eventsOf(b.turnId)[0]).toMatchObject({ type: 'turn.start', sessionMode: 'resumed' });
    expect(env.store.turns.parts(b.turnId)[0]).toEqual({ kind: 'text', text: 'reply 2 (remembers 2)' });
  });

  it('queues a second turn in a busy chat and says so; runs chats in parallel', async () => {
    env = await setup(dir.path);
    const other = env.store.chats.create(env.repo.id, 'Other');
    const first = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'hold [[hold]]' });
    const second = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'after [[hold]]' });
    const parallel = env.dispatcher.send({ chatId: other.id, agent: 'qwen', prompt: 'elsewhere' });
    expect(env.eventsOf(second.turnId)[0]).toEqual({ type: 'turn.queued', position: 1 });
    const secondSeqs = () => env.seen.filter((e) => e.turnId === second.turnId).map((e) => e.seq);
    expect(env.store.turns.get(second.turnId)!.status).toBe('queued');
    // The other chat finishes while the first chat is still held.
    await env.waitEnd(parallel.turnId);
    expect(env.store.turns.get(first.turnId)!.status).toBe('running');
    const session = [...env.backends.get('qwen')!.sessions.values()].find((s) => s.isRunning)!;
    session.release();
    await env.waitEnd(first.turnId);
    // Started from the queue: recorded as running while it runs.
    await until(() => env.store.turns.get(second.turnId)!.status === 'running', 'the queued turn to start', 5000);
    [...env.backends.get('qwen')!.sessions.values()].find((s) => s.isRunning)!.release();
    await env.waitEnd(second.turnId);
    expect(env.store.turns.get(second.turnId)!.status).toBe('done');
    // One numbering per turn, from its queued notice to its end.
    expect(secondSeqs()).toEqual(secondSeqs().map((_, i) => i));
  });

  it("an arena contestant's ephemeral session counts toward the cap, is never evicted while busy and keeps no session row", async () => {
    env = await setup(dir.path, { maxLiveSessions: 2 });
    const chatTurn = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'hi' });
    await env.waitEnd(chatTurn.turnId);
    const spec = { id: 'opencode', name: 'OpenCode', kind: 'acp' as const, command: 'opencode', args: [], env: {} };
    const first = await env.pool.openEphemeral('arena_x', env.chat.id, spec, dir.path);
    env.pool.markBusy(first, true);
    env.advance(1000);
    const second = await env.pool.openEphemeral('arena_y', env.chat.id, { ...spec, id: 'qwen', command: 'qwen' }, dir.path);
    env.pool.markBusy(second, true);
    // Room was made by evicting the chat's idle session, not a busy contestant.
    expect(env.pool.get(env.chat.id, 'qwen')).toBeUndefined();
    expect(env.pool.list().map((s) => s.key).sort()).toEqual([first.key, second.key].sort());
    // Over the cap with both busy: nothing is evicted.
    await env.pool.applyEvictions(env.pool.decide(1));
    expect(env.pool.list()).toHaveLength(2);
    expect(env.store.sessions.get(env.chat.id, 'opencode')).toBeUndefined();
    expect(env.store.sessions.get(env.chat.id, 'qwen')!.status).toBe('evicted');
    env.pool.markBusy(first, false);
    await env.pool.close(first);
    expect(env.pool.list().map((s) => s.key)).toEqual([second.key]);
  });

  it('a held chat (an arena in it) queues its turns until released; the hold is ready once the running turn ended', async () => {
    env = await setup(dir.path);
    const running = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'hold [[hold]]' });
    const hold = env.dispatcher.hold(env.chat.id);
    let ready = false;
    void hold.ready.then(() => (ready = true));
    const waiting = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'after the hold' });
    expect(env.eventsOf(waiting.turnId)[0]).toMatchObject({ type: 'turn.queued' });
    expect(env.dispatcher.isChatBusy(env.chat.id)).toBe(true);
    await until(() => [...(env.backends.get('qwen')?.sessions.values() ?? [])].some((s) => s.isRunning), 'the first turn to run', 5000);
    expect(ready).toBe(false);
    [...env.backends.get('qwen')!.sessions.values()].find((s) => s.isRunning)!.release();
    await env.waitEnd(running.turnId);
    await hold.ready;
    // Held: the queued turn does not start, however long it waits.
    await new Promise((r) => setTimeout(r, 50));
    expect(env.store.turns.get(waiting.turnId)!.status).toBe('queued');
    hold.release();
    hold.release();
    expect((await env.waitEnd(waiting.turnId)).stopReason).toBe('end_turn');
    expect(env.dispatcher.isChatBusy(env.chat.id)).toBe(false);
  });

  it('cancels a queued turn without running it, and a running one through the agent', async () => {
    env = await setup(dir.path);
    const first = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: '[[hold]]' });
    const second = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'never' });
    await env.dispatcher.cancel(second.turnId);
    expect(await env.waitEnd(second.turnId)).toEqual({ type: 'turn.end', stopReason: 'cancelled' });
    await new Promise((r) => setTimeout(r, 20));
    await env.dispatcher.cancel(first.turnId);
    expect((await env.waitEnd(first.turnId)).stopReason).toBe('cancelled');
    expect(env.store.turns.get(first.turnId)!.status).toBe('cancelled');
    expect(env.backends.get('qwen')!.sessions.values().next().value!.prompts).toBe(1);
    await expect(env.dispatcher.cancel(first.turnId)).rejects.toMatchObject({ name: 'TurnNotRunning' });
  });

  it('routes a permission reply to the agent that asked', async () => {
    env = await setup(dir.path);
    const { turnId } = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: '[[ask]]' });
    await new Promise((r) => setTimeout(r, 20));
    const ask = env.eventsOf(turnId).find((e) => e.type === 'permission.request') as Extract<AgentEvent, { type: 'permission.request' }>;
    expect(ask).toBeDefined();
    await env.dispatcher.replyPermission(ask.requestId, 'allow');
    expect((await env.waitEnd(turnId)).stopReason).toBe('end_turn');
    expect(env.store.turns.parts(turnId)[0]).toMatchObject({ kind: 'permission', chosen: 'allow', resolved: true });
    await expect(env.dispatcher.replyPermission(ask.requestId, 'allow')).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('answers permissions itself under the allow_all policy', async () => {
    env = await setup(dir.path);
    env.store.settings.update({ permissionPolicy: 'allow_all' });
    const { turnId } = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: '[[ask]]' });
    expect((await env.waitEnd(turnId)).stopReason).toBe('end_turn');
  });

  it('hands off, once, what other agents did; the returning agent resumes its own session', async () => {
    env = await setup(dir.path);
    env.workspace.nextChanges = ['a.txt'];
    const t1 = env.dispatcher.send({ chatId: env.chat.id, agent: 'opencode', prompt: 'write a' });
    await env.waitEnd(t1.turnId);
    env.workspace.nextChanges = ['b.txt'];
    const t2 = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'write b' });
    await env.waitEnd(t2.turnId);
    const handoff = env.eventsOf(t2.turnId).find((e) => e.type === 'handoff') as Extract<AgentEvent, { type: 'handoff' }>;
    expect(handoff.fromAgents).toEqual(['opencode']);
    expect(handoff.text).toContain('write a');
    expect(handoff.text).toContain('a.txt');
    const qwenSession = [...env.backends.get('qwen')!.sessions.values()][0]!;
    expect(qwenSession.history[0]).toContain('write a');
    expect(qwenSession.history[0]!.endsWith('write b')).toBe(true);

    const t3 = env.dispatcher.send({ chatId: env.chat.id, agent: 'opencode', prompt: 'back again' });
    await env.waitEnd(t3.turnId);
    const start = env.eventsOf(t3.turnId)[0] as Extract<AgentEvent, { type: 'turn.start' }>;
    expect(start.sessionMode).toBe('resumed');
    expect(start.externalSessionId).toBe(env.store.sessions.get(env.chat.id, 'opencode')!.externalSessionId);
    const handoff3 = env.eventsOf(t3.turnId).find((e) => e.type === 'handoff') as Extract<AgentEvent, { type: 'handoff' }>;
    expect(handoff3.text).toContain('write b');
    expect(handoff3.text).not.toContain('write a');
    // A fourth turn by the same agent gets no hand-off: it has seen everything.
    const t4 = env.dispatcher.send({ chatId: env.chat.id, agent: 'opencode', prompt: 'again' });
    await env.waitEnd(t4.turnId);
    expect(env.eventsOf(t4.turnId).some((e) => e.type === 'handoff')).toBe(false);
  });

  it('sends a slash command as typed; what the agent has not seen is told with its next prompt', async () => {
    env = await setup(dir.path);
    const t1 = env.dispatcher.send({ chatId: env.chat.id, agent: 'opencode', prompt: 'write a' });
    await env.waitEnd(t1.turnId);
    const first = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'hello' });
    await env.waitEnd(first.turnId);
    const t2 = env.dispatcher.send({ chatId: env.chat.id, agent: 'opencode', prompt: 'write b' });
    await env.waitEnd(t2.turnId);
    env.backends.get('qwen')!.commands = [{ name: 'compact', description: 'Summarise the conversation' }];

    const command = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: '/compact keep the file names' });
    await env.waitEnd(command.turnId);
    const qwenSession = [...env.backends.get('qwen')!.sessions.values()][0]!;
    expect(qwenSession.history.at(-1)).toBe('/compact keep the file names');
    expect(env.eventsOf(command.turnId).some((e) => e.type === 'handoff')).toBe(false);

    // A "/" that is no command of the agent's is a prompt like any other; the hand-off goes first.
    const path = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: '/usr/lib holds what?' });
    await env.waitEnd(path.turnId);
    const handoff = env.eventsOf(path.turnId).find((e) => e.type === 'handoff') as Extract<AgentEvent, { type: 'handoff' }>;
    expect(handoff.text).toContain('write b');
    expect(qwenSession.history.at(-1)!.startsWith(handoff.text)).toBe(true);
    expect(qwenSession.history.at(-1)!.endsWith('/usr/lib holds what?')).toBe(true);
  });

  it('a slash command on a session that lost its memory goes as typed; the next prompt is told the chat', async () => {
    env = await setup(dir.path);
    const t1 = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'remember the blue door' });
    await env.waitEnd(t1.turnId);
    // The agent forgets the session (its process restarted without it): the next one is new.
    const qwen = env.backends.get('qwen')!;
    await env.pool.evict(env.chat.id, 'qwen');
    qwen.sessions.clear();
    qwen.commands = [{ name: 'compact', description: 'Summarise the conversation' }];

    const command = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: '/compact' });
    await env.waitEnd(command.turnId);
    const fresh = [...qwen.sessions.values()][0]!;
    expect(fresh.history).toEqual(['/compact']);
    expect(env.eventsOf(command.turnId).some((e) => e.type === 'handoff')).toBe(false);

    const next = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'which door?' });
    await env.waitEnd(next.turnId);
    const handoff = env.eventsOf(next.turnId).find((e) => e.type === 'handoff') as Extract<AgentEvent, { type: 'handoff' }>;
    expect(handoff.text).toContain('could not be restored');
    expect(handoff.text).toContain('remember the blue door');
    expect(fresh.history.at(-1)!.endsWith('which door?')).toBe(true);
  });

  it('evicts idle sessions by the policy and reattaches them with the same session id', async () => {
    env = await setup(dir.path, { idleTtlMs: 60_000 });
    const t1 = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'one' });
    await env.waitEnd(t1.turnId);
    const ext = env.store.sessions.get(env.chat.id, 'qwen')!.externalSessionId;
    env.advance(61_000);
    await env.pool.applyEvictions(env.pool.decide());
    expect(env.pool.list()).toHaveLength(0);
    expect(env.store.sessions.get(env.chat.id, 'qwen')!.status).toBe('evicted');
    const t2 = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'two' });
    await env.waitEnd(t2.turnId);
    expect(env.store.sessions.get(env.chat.id, 'qwen')!.externalSessionId).toBe(ext);
    expect(env.store.turns.parts(t2.turnId)[0]).toEqual({ kind: 'text', text: 'reply 1 (remembers 2)' });
  });

  it('holds the live-session cap by LRU and never evicts a busy session', async () => {
    env = await setup(dir.path, { maxLiveSessions: 2 });
    const chats = [env.chat, env.store.chats.create(env.repo.id, 'B'), env.store.chats.create(env.repo.id, 'C')];
    const busy = env.dispatcher.send({ chatId: chats[0]!.id, agent: 'qwen', prompt: '[[hold]]' });
    await new Promise((r) => setTimeout(r, 20));
    env.advance(1000);
    const t2 = env.dispatcher.send({ chatId: chats[1]!.id, agent: 'qwen', prompt: 'x' });
    await env.waitEnd(t2.turnId);
    env.advance(1000);
    const t3 = env.dispatcher.send({ chatId: chats[2]!.id, agent: 'qwen', prompt: 'y' });
    await env.waitEnd(t3.turnId);
    const live = env.pool.list().map((s) => s.chatId).sort();
    expect(live).toEqual([chats[0]!.id, chats[2]!.id].sort());
    [...env.backends.get('qwen')!.sessions.values()].find((s) => s.isRunning)!.release();
    await env.waitEnd(busy.turnId);
  });

  it('fails a running turn clearly when the agent crashes, and the next turn works', async () => {
    env = await setup(dir.path);
    const t1 = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: '[[hold]]' });
    await new Promise((r) => setTimeout(r, 20));
    env.backends.get('qwen')!.crash();
    const end = await env.waitEnd(t1.turnId);
    expect(end).toMatchObject({ stopReason: 'error', error: { name: 'AgentCrashed' } });
    expect(env.store.turns.get(t1.turnId)).toMatchObject({ status: 'failed', errorName: 'AgentCrashed' });
    expect(env.store.sessions.get(env.chat.id, 'qwen')!.status).toBe('crashed');
    const t2 = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'again' });
    expect((await env.waitEnd(t2.turnId)).stopReason).toBe('end_turn');
    expect(env.eventsOf(t2.turnId)[0]).toMatchObject({ type: 'turn.start', sessionMode: 'resumed' });
  });

  it('drains at quit: running turns get a grace, then are cancelled; new turns are refused', async () => {
    env = await setup(dir.path);
    const t1 = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: '[[hold]]' });
    const queued = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'later' });
    await new Promise((r) => setTimeout(r, 20));
    await env.dispatcher.drain(50);
    expect((await env.waitEnd(t1.turnId)).stopReason).toBe('cancelled');
    expect(env.store.turns.get(queued.turnId)!.status).toBe('cancelled');
    expect(() => env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: 'x' })).toThrow(expect.objectContaining({ name: 'ShuttingDown' }));
  });

  it('refuses an unavailable agent and an unknown chat with named errors', async () => {
    env = await setup(dir.path);
    expect(() => env.dispatcher.send({ chatId: env.chat.id, agent: 'goose', prompt: 'x' })).toThrow(expect.objectContaining({ name: 'AgentUnavailable' }));
    expect(() => env.dispatcher.send({ chatId: 'chat_nope', agent: 'qwen', prompt: 'x' })).toThrow(expect.objectContaining({ name: 'NotFound' }));
  });

  it('persists streamed text before the turn ends', async () => {
    env = await setup(dir.path);
    const { turnId } = env.dispatcher.send({ chatId: env.chat.id, agent: 'qwen', prompt: '[[ask]]' });
    await new Promise((r) => setTimeout(r, 60));
    // The permission request is on disk while the turn still waits for an answer.
    expect(env.store.turns.parts(turnId)[0]).toMatchObject({ kind: 'permission', resolved: false });
    await env.dispatcher.cancel(turnId);
    await env.waitEnd(turnId);
  });
});
