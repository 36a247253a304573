import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreTestEnv, type CoreTestEnv } from '../../support/core-env';
import { driveCore, until, type DrivenCore } from '../../support/fault-tools';
import { makeRepo } from '../../support/git-repo';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';

/**
 * The LLM misbehaving under the real agents: HTTP 500s, a stream cut mid-way, a stream that
 * never continues. Each turn must end (by itself for 500 and cut, by turns.cancel for a hang)
 * within a bound, and the same session must answer the next turn.
 */

/** How long a failing turn is left to end on its own before the user interrupts it. */
const SELF_END_WINDOW_MS = 15_000;
/** How long turns.cancel may take to end a turn whose LLM hangs. */
const CANCEL_BOUND_MS = 5_000;

interface TurnRow {
  id: string;
  status: string;
  stopReason?: string;
  text: string;
}

describe('LLM faults under the real agents', () => {
  let llm: MockLlm;
  let world: CoreTestEnv;
  let app: DrivenCore;
  let repoId: string;
  const timings: Record<string, { ms: number; how: string; stopReason: string; error?: string; llmRequests: number }> = {};

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await createCoreTestEnv(llm.url);
    app = await driveCore({ dataDir: world.dataDir, agentEnv: world.env });
    await app.call('settings.update', { permissionPolicy: 'allow_all' });
    const repoDir = await world.makeDir('repo');
    makeRepo(repoDir);
    repoId = (await app.call<{ id: string }>('repos.open', { path: repoDir })).id;
  });
  afterAll(async () => {
    console.info(`[faults] llm-faults: ${JSON.stringify(timings)}`);
    await app?.core.shutdown();
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  for (const agent of ['qwen', 'opencode'] as const) {
    it(`${agent}: 500, cut and hang each end in bounded time and the session stays usable`, async () => {
      const chatId = (await app.call<{ id: string }>('chats.create', { repoId, title: agent })).id;
      const warm = await app.send(chatId, agent, '[[mock:reply:warm]]');
      expect((await app.end(warm)).stopReason).toBe('end_turn');
      const sessionId = (await app.call<Array<{ agent: string; externalSessionId: string }>>('sessions.list', { chatId }))[0]!.externalSessionId;
      const pid = await app.agentPid(agent);

      for (const fault of ['error500', 'cut'] as const) {
        const before = llm.requests.length;
        const t0 = Date.now();
        const t = await app.send(chatId, agent, `fault ${fault} [[mock:${fault}]]`);
        // Agents retry a failing LLM with backoff: give the turn SELF_END_WINDOW_MS to end on its
        // own, then the user's interrupt must end it within CANCEL_BOUND_MS.
        let end = await app.end(t, SELF_END_WINDOW_MS).catch(() => null);
        let how = 'ended by itself';
        if (!end) {
          const c0 = Date.now();
          await app.call('turns.cancel', { turnId: t });
          end = await app.end(t, CANCEL_BOUND_MS);
          expect(Date.now() - c0).toBeLessThan(CANCEL_BOUND_MS);
          expect(end.stopReason).toBe('cancelled');
          how = `still retrying after ${SELF_END_WINDOW_MS} ms, ended by turns.cancel in ${Date.now() - c0} ms`;
        }
        timings[`${agent}/${fault}`] = { ms: Date.now() - t0, how, stopReason: end.stopReason, ...(end.error ? { error: `${end.error.name}: ${end.error.message.slice(0, 100)}` } : {}), llmRequests: llm.requests.length - before };
        // The turn is over and recorded with a final status; no turn is left "running".
        const row = (await app.call<TurnRow[]>('turns.list', { chatId })).find((r) => r.id === t)!;
        expect(['failed', 'done', 'cancelled']).toContain(row.status);
        if (end.stopReason === 'error') expect(end.error?.message.length).toBeGreaterThan(0);
        // A 500 is never reported as a clean success.
        if (fault === 'error500') expect(row.status).not.toBe('done');
      }

      // A hanging stream: turns.cancel ends it within the bound.
      const t = await app.send(chatId, agent, 'fault hang [[mock:hang]]');
      await until(() => app.events(t).some((e) => e.type === 'text.delta'), 'the partial text before the hang', 60_000);
      const c0 = Date.now();
      await app.call('turns.cancel', { turnId: t });
      const end = await app.end(t, CANCEL_BOUND_MS);
      timings[`${agent}/hang`] = { ms: Date.now() - c0, how: 'ended by turns.cancel', stopReason: end.stopReason, llmRequests: 1 };
      expect(end.stopReason).toBe('cancelled');
      expect(Date.now() - c0).toBeLessThan(CANCEL_BOUND_MS);
      const row = (await app.call<TurnRow[]>('turns.list', { chatId })).find((r) => r.id === t)!;
      expect(row.status).toBe('cancelled');
      expect(row.text).toContain('partial');

      // Same process, same session, next turn works.
      const next = await app.send(chatId, agent, '[[mock:reply:still here]]');
      expect((await app.end(next)).stopReason).toBe('end_turn');
      expect((await app.call<TurnRow[]>('turns.list', { chatId })).find((r) => r.id === next)!.text).toContain('still here');
      expect(await app.agentPid(agent)).toBe(pid);
      expect((await app.call<Array<{ externalSessionId: string }>>('sessions.list', { chatId }))[0]!.externalSessionId).toBe(sessionId);
    }, 180_000);
  }
});
