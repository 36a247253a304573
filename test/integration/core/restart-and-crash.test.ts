import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src-preload/contract';
import { Store } from '../../../src-main/core/store/store';
import { createCoreTestEnv, type CoreTestEnv } from '../../support/core-env';
import { driveCore, until, type DrivenCore } from '../../support/fault-tools';
import { makeRepo } from '../../support/git-repo';
import { processRunning } from '../../support/process-alive';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';

/** A core on the shared data dir, with the agents allowed to write without asking. */
async function openCore(world: CoreTestEnv): Promise<DrivenCore> {
  const app = await driveCore({ dataDir: world.dataDir, agentEnv: world.env });
  await app.call('settings.update', { permissionPolicy: 'allow_all' });
  return app;
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
    const repo = await first.call<{ id: string }>('repos.open', { path: repoDir });
    chatId = (await first.call<{ id: string }>('chats.create', { repoId: repo.id })).id;
    const o1 = await first.send(chatId, 'opencode', 'remember the word PELICAN');
    expect((await first.end(o1)).stopReason).toBe('end_turn');
    const q1 = await first.send(chatId, 'qwen', 'remember the word WALRUS');
    expect((await first.end(q1)).stopReason).toBe('end_turn');
    const ids = Object.fromEntries(
      (await first.call<Array<{ agent: string; externalSessionId: string }>>('sessions.list', { chatId })).map((s) => [s.agent, s.externalSessionId]),
    );
    await first.core.shutdown();

    const second = await openCore(world);
    try {
      const listed = await second.call<Array<{ agent: string; live: boolean; nextTurn: string }>>('sessions.list', { chatId });
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
        const status = await app.call<{ processes: Array<{ agent: string; pid: number }> }>('agents.status', {});
        const pid = status.processes.find((p) => p.agent === agent)!.pid;
        process.kill(pid, 'SIGKILL');
        const end = await app.end(t);
        expect(end.stopReason).toBe('error');
        expect(end.error?.name).toBe('AgentCrashed');
        // What streamed before the kill is in the transcript.
        const turns = await app.call<Array<{ id: string; status: string; text: string }>>('turns.list', { chatId });
        const row = turns.find((x) => x.id === t)!;
        expect(row.status).toBe('failed');
        expect(row.text).toContain('chunk0');
        await until(() => !processRunning(pid), 'the killed process to be gone', 5000);

        const next = await app.send(chatId, agent, 'are you back?');
        expect((await app.end(next)).stopReason).toBe('end_turn');
        const after = await app.call<{ processes: Array<{ agent: string; pid: number }> }>('agents.status', {});
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
      const turns = await app.call<Array<{ id: string; status: string; stopReason?: string }>>('turns.list', { chatId });
      expect(turns.find((t) => t.id === turn.id)).toMatchObject({ status: 'interrupted', stopReason: 'interrupted' });
      const sessions = await app.call<Array<{ agent: string; status: string }>>('sessions.list', { chatId });
      expect(sessions.find((s) => s.agent === 'qwen')!.status).toBe('evicted');
    } finally {
      await app.core.shutdown();
    }
  });
});
