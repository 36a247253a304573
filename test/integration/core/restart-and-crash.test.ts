import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent, EventPayload } from '../../../src-preload/contract';
import { Core } from '../../../src-main/core/core';
import { dispatch } from '../../../src-main/core/rpc/dispatch';
import { Store } from '../../../src-main/core/store/store';
import { createCoreTestEnv, type CoreTestEnv } from '../../support/core-env';
import { makeRepo } from '../../support/git-repo';
import { processRunning } from '../../support/process-alive';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';

type TurnEvent = EventPayload<'turn.event'>;

async function call<T = unknown>(core: Core, method: string, params: unknown): Promise<T> {
  const reply = await dispatch(core.handlers, method, params);
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { name: reply.error.name });
  return reply.result as T;
}


async function until(check: () => boolean, what: string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A core plus the turn events it emitted. */
async function openCore(world: CoreTestEnv) {
  const core = await Core.open({ dataDir: world.dataDir, agentEnv: world.env, validateEvents: true });
  const seen: TurnEvent[] = [];
  core.events.subscribe((name, payload) => {
    if (name === 'turn.event') seen.push(payload as TurnEvent);
  });
  await call(core, 'settings.update', { permissionPolicy: 'allow_all' });
  const send = async (chatId: string, agent: string, prompt: string) => (await call<{ turnId: string }>(core, 'turns.send', { chatId, agent, prompt })).turnId;
  const events = (turnId: string) => seen.filter((e) => e.turnId === turnId).map((e) => e.event);
  const end = async (turnId: string) => {
    await until(() => events(turnId).some((e) => e.type === 'turn.end'), `the end of ${turnId}`);
    return events(turnId).find((e) => e.type === 'turn.end') as Extract<AgentEvent, { type: 'turn.end' }>;
  };
  return { core, send, events, end };
}

describe('restart and crash recovery with the real agents', () => {
  let llm: MockLlm;
  let world: CoreTestEnv;
  let chatId: string;

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await createCoreTestEnv(llm.url);
  });
  afterAll(async () => {
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('reattaches both agents’ sessions after the app restarts, memory intact', async () => {
    const first = await openCore(world);
    const repoDir = await world.makeDir('repo');
    makeRepo(repoDir);
    const repo = await call<{ id: string }>(first.core, 'repos.open', { path: repoDir });
    chatId = (await call<{ id: string }>(first.core, 'chats.create', { repoId: repo.id })).id;
    const o1 = await first.send(chatId, 'opencode', 'remember the word PELICAN');
    expect((await first.end(o1)).stopReason).toBe('end_turn');
    const q1 = await first.send(chatId, 'qwen', 'remember the word WALRUS');
    expect((await first.end(q1)).stopReason).toBe('end_turn');
    const ids = Object.fromEntries(
      (await call<Array<{ agent: string; externalSessionId: string }>>(first.core, 'sessions.list', { chatId })).map((s) => [s.agent, s.externalSessionId]),
    );
    await first.core.shutdown();

    const second = await openCore(world);
    try {
      const listed = await call<Array<{ agent: string; live: boolean; nextTurn: string }>>(second.core, 'sessions.list', { chatId });
      expect(listed.map((s) => [s.agent, s.live, s.nextTurn])).toEqual([
        ['opencode', false, 'resumed'],
        ['qwen', false, 'resumed'],
      ]);
      for (const [agent, word] of [
        ['opencode', 'PELICAN'],
        ['qwen', 'WALRUS'],
      ] as const) {
        const before = llm.requests.length;
        const t = await second.send(chatId, agent, 'what was the word?');
        expect((await second.end(t)).stopReason).toBe('end_turn');
        const start = second.events(t)[0] as Extract<AgentEvent, { type: 'turn.start' }>;
        expect(['resumed', 'loaded']).toContain(start.sessionMode);
        expect(start.externalSessionId).toBe(ids[agent]);
        // The model saw the agent's own earlier prompt: its memory survived the restart.
        const asked = llm.requests.slice(before).map((r) => JSON.stringify(r.body.messages));
        expect(asked.some((m) => m.includes(word))).toBe(true);
      }
    } finally {
      await second.core.shutdown();
    }
  });

  it('fails a turn whose agent is killed mid-stream, with the reason, and the next turn works', async () => {
    const app = await openCore(world);
    try {
      for (const agent of ['qwen', 'opencode']) {
        const t = await app.send(chatId, agent, 'stream slowly [[mock:slow]]');
        await until(() => app.events(t).some((e) => e.type === 'text.delta'), 'the first streamed text');
        const status = await call<{ processes: Array<{ agent: string; pid: number }> }>(app.core, 'agents.status', {});
        const pid = status.processes.find((p) => p.agent === agent)!.pid;
        process.kill(pid, 'SIGKILL');
        const end = await app.end(t);
        expect(end.stopReason).toBe('error');
        expect(end.error?.name).toBe('AgentCrashed');
        // What streamed before the kill is in the transcript.
        const turns = await call<Array<{ id: string; status: string; text: string }>>(app.core, 'turns.list', { chatId });
        const row = turns.find((x) => x.id === t)!;
        expect(row.status).toBe('failed');
        expect(row.text).toContain('chunk0');
        await until(() => !processRunning(pid), 'the killed process to be gone', 5000);

        const next = await app.send(chatId, agent, 'are you back?');
        expect((await app.end(next)).stopReason).toBe('end_turn');
        const after = await call<{ processes: Array<{ agent: string; pid: number }> }>(app.core, 'agents.status', {});
        expect(after.processes.find((p) => p.agent === agent)!.pid).not.toBe(pid);
      }
    } finally {
      await app.core.shutdown();
    }
  });

  it('marks turns a previous run left running as interrupted', async () => {
    const store = Store.open(path.join(world.dataDir, 'boocoder.db'));
    const turn = store.turns.create({ chatId, agent: 'qwen', prompt: 'was running', model: null, status: 'running' });
    store.sessions.setStatus(chatId, 'qwen', 'busy');
    store.close();
    const app = await openCore(world);
    try {
      const turns = await call<Array<{ id: string; status: string; stopReason?: string }>>(app.core, 'turns.list', { chatId });
      expect(turns.find((t) => t.id === turn.id)).toMatchObject({ status: 'interrupted', stopReason: 'interrupted' });
      const sessions = await call<Array<{ agent: string; status: string }>>(app.core, 'sessions.list', { chatId });
      expect(sessions.find((s) => s.agent === 'qwen')!.status).toBe('evicted');
    } finally {
      await app.core.shutdown();
    }
  });
});
