import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent, AgentsStatus, EventPayload, PrewarmStatus } from '../../../src-preload/contract';
import type { AgentBackend, AgentSpec } from '../../../src-main/core/agents/agent-backend';
import { AcpBackend } from '../../../src-main/core/agents/acp/acp-backend';
import { OpencodeBackend } from '../../../src-main/core/agents/opencode/opencode-backend';
import type { CoreOptions } from '../../../src-main/core/core';
import { createCoreTestEnv, type CoreTestEnv } from '../../support/core-env';
import { driveCore, until, type DrivenCore } from '../../support/fault-tools';
import { makeRepo } from '../../support/git-repo';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';
import { processRunning } from '../../support/process-alive';

type TurnStart = Extract<AgentEvent, { type: 'turn.start' }>;

/**
 * Pre-warming and the memory budget with the real opencode server and the real qwen-code, on the
 * mock LLM: what a pre-warm prepares is what the first turn uses, a cancelled or closed pre-warm
 * leaves nothing running, a racing send makes one session, the budget lets idle sessions go and
 * never a busy one, and a recycled opencode server's sessions come back with their memory.
 */
describe('pre-warm and the memory budget (real opencode and qwen-code)', () => {
  let llm: MockLlm;
  let world: CoreTestEnv;
  let app: DrivenCore | null = null;
  /** Sessions each agent's backend was asked to open, counted around the real backends. */
  let opened: Record<string, number>;

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await createCoreTestEnv(llm.url);
  });
  afterEach(async () => {
    await app?.core.shutdown();
    app = null;
  });
  afterAll(async () => {
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  let run = 0;
  async function start(extra: Partial<CoreOptions> = {}): Promise<DrivenCore> {
    opened = {};
    const dataDir = path.join(world.root, `data-${++run}`);
    const agentCwd = path.join(dataDir, 'agent-cwd');
    mkdirSync(agentCwd, { recursive: true });
    const backendFactory = (spec: AgentSpec): AgentBackend => {
      const backend: AgentBackend = spec.kind === 'opencode' ? new OpencodeBackend(spec, { baseEnv: world.env }) : new AcpBackend(spec, { baseEnv: world.env, cwd: agentCwd });
      const open = backend.openSession.bind(backend);
      backend.openSession = (options) => {
        opened[spec.id] = (opened[spec.id] ?? 0) + 1;
        return open(options);
      };
      return backend;
    };
    app = await driveCore({ dataDir, agentEnv: world.env, backendFactory, supervisorIntervalMs: 3_600_000, ...extra });
    await app.call('settings.update', { permissionPolicy: 'allow_all' });
    return app;
  }

  async function newChat(a: DrivenCore, title: string): Promise<string> {
    const repoDir = await world.makeDir(`repo-${run}-${title}`);
    makeRepo(repoDir, { 'README.md': '# demo\n' });
    const repo = await a.call<{ id: string }>('repos.open', { path: repoDir });
    return (await a.call<{ id: string }>('chats.create', { repoId: repo.id, title })).id;
  }

  const prewarmEvents = (a: DrivenCore, chatId: string, agent: string): PrewarmStatus[] =>
    a.seen.filter((e) => e.name === 'sessions.prewarm').map((e) => e.payload as EventPayload<'sessions.prewarm'>).filter((p) => p.chatId === chatId && p.agent === agent);
  const waitPrewarm = async (a: DrivenCore, chatId: string, agent: string, state: PrewarmStatus['state']) => {
    await until(() => prewarmEvents(a, chatId, agent).some((p) => p.state === state), `pre-warm ${state} of ${agent}`, 90_000);
  };
  const status = (a: DrivenCore) => a.call<AgentsStatus>('agents.status', {});
  const turn = async (a: DrivenCore, chatId: string, agent: string, prompt: string) => {
    const turnId = await a.send(chatId, agent, prompt);
    const end = await a.end(turnId);
    expect(end).toMatchObject({ stopReason: 'end_turn' });
    return { turnId, start: a.events(turnId).find((e) => e.type === 'turn.start') as TurnStart };
  };

  it.each(['opencode', 'qwen'])('%s: the first turn after a pre-warm runs on the pre-warmed process and session', async (agent) => {
    const a = await start();
    const chatId = await newChat(a, 'first');
    const llmBefore = llm.requests.length;
    expect(await a.call<PrewarmStatus>('sessions.prewarm', { chatId, agent })).toMatchObject({ state: 'warming' });
    await waitPrewarm(a, chatId, agent, 'ready');
    // Idempotent: asked again (the renderer does, as the user types) it is simply ready.
    expect(await a.call<PrewarmStatus>('sessions.prewarm', { chatId, agent })).toEqual({ chatId, agent, state: 'ready' });
    // Pre-warming costs no model call.
    expect(llm.requests.slice(llmBefore).filter((r) => !r.side)).toEqual([]);
    const warm = (await status(a)).sessions.find((s) => s.chatId === chatId && s.agent === agent)!;
    expect(warm).toMatchObject({ prewarmed: true, busy: false });
    const pid = await a.agentPid(agent);
    expect(pid).toBeDefined();
    expect(a.core.store.worktrees.get(chatId)).toBeDefined();

    const { start: first } = await turn(a, chatId, agent, 'hello [[mock:reply:warm hello]]');
    expect(first.externalSessionId).toBe(warm.externalSessionId);
    // Fresh to this turn, though it was already live.
    expect(first.sessionMode).toBe('new');
    expect(await a.agentPid(agent)).toBe(pid);
    expect(opened[agent]).toBe(1);
    const after = (await status(a)).sessions.find((s) => s.chatId === chatId && s.agent === agent)!;
    expect(after.prewarmed).toBeUndefined();
  });

  it('a pre-warm then closing the chat leaves nothing running (cancelled while starting, or ready and unused)', async () => {
    const a = await start();
    const starting = await newChat(a, 'closing-early');
    await a.call('sessions.prewarm', { chatId: starting, agent: 'qwen' });
    // Close while qwen is still starting (it takes seconds to answer initialize).
    await until(async () => (await status(a)).processes.length > 0 || a.core.pool.backendIds().length > 0, 'qwen to be starting', 30_000);
    await a.call('chats.delete', { chatId: starting, force: true });
    await waitPrewarm(a, starting, 'qwen', 'cancelled');
    expect(a.core.pool.list()).toEqual([]);
    expect((await status(a)).processes).toEqual([]);

    const ready = await newChat(a, 'closing-ready');
    await a.call('sessions.prewarm', { chatId: ready, agent: 'opencode' });
    await waitPrewarm(a, ready, 'opencode', 'ready');
    const pid = (await a.agentPid('opencode'))!;
    expect(processRunning(pid)).toBe(true);
    await a.call('chats.archive', { chatId: ready, force: true });
    expect(a.core.pool.list()).toEqual([]);
    expect((await status(a)).processes).toEqual([]);
    await until(() => !processRunning(pid), 'the opencode server to exit', 15_000);
    expect(a.core.store.sessions.get(ready, 'opencode')?.status).toBe('closed');
  });

  it('switching away cancels a pre-warm in flight; one that is ready stays, idle and first to go', async () => {
    const a = await start();
    const chatId = await newChat(a, 'switching');
    await a.call('sessions.prewarm', { chatId, agent: 'qwen' });
    await a.call('sessions.cancelPrewarm', { chatId });
    await waitPrewarm(a, chatId, 'qwen', 'cancelled');
    expect(a.core.pool.list()).toEqual([]);
    expect((await status(a)).processes).toEqual([]);

    await a.call('sessions.prewarm', { chatId, agent: 'qwen' });
    await waitPrewarm(a, chatId, 'qwen', 'ready');
    await a.call('sessions.cancelPrewarm', { chatId });
    expect((await status(a)).sessions).toEqual([expect.objectContaining({ chatId, agent: 'qwen', prewarmed: true })]);
  });

  it.each(['opencode', 'qwen'])('%s: a pre-warm racing a send makes one session, not two', async (agent) => {
    const a = await start();
    const chatId = await newChat(a, 'race');
    const [, turnId] = await Promise.all([a.call('sessions.prewarm', { chatId, agent }), a.send(chatId, agent, 'race [[mock:reply:one session]]')]);
    expect(await a.end(turnId)).toMatchObject({ stopReason: 'end_turn' });
    const start0 = a.events(turnId).find((e) => e.type === 'turn.start') as TurnStart;
    expect(opened[agent]).toBe(1);
    const live = (await status(a)).sessions.filter((s) => s.chatId === chatId);
    expect(live).toEqual([expect.objectContaining({ agent, externalSessionId: start0.externalSessionId })]);
    expect(live[0]!.prewarmed).toBeUndefined();
    expect(a.core.store.sessions.get(chatId, agent)?.externalSessionId).toBe(start0.externalSessionId);
  });

  it('a pre-warm that cannot start shows its error before anything is sent', async () => {
    const a = await start();
    const chatId = await newChat(a, 'broken');
    await a.call('agents.configure', { id: 'broken', name: 'Broken', command: '/bin/false' });
    await a.call('sessions.prewarm', { chatId, agent: 'broken' });
    await waitPrewarm(a, chatId, 'broken', 'failed');
    const failed = prewarmEvents(a, chatId, 'broken').find((p) => p.state === 'failed')!;
    expect(failed.error?.name).toBe('AgentStartFailed');
    expect(a.core.store.turns.listByChat(chatId)).toEqual([]);
  });

  it('the budget evicts idle sessions and never a busy one; under its pressure nothing is pre-warmed', async () => {
    const a = await start();
    const chats = [await newChat(a, 'idle-1'), await newChat(a, 'idle-2'), await newChat(a, 'busy')];
    await turn(a, chats[0]!, 'qwen', 'one [[mock:reply:one]]');
    await turn(a, chats[1]!, 'qwen', 'two [[mock:reply:two]]');
    const busyTurn = await a.send(chats[2]!, 'qwen', 'slow [[mock:slow]]');
    await until(() => a.core.pool.get(chats[2]!, 'qwen')?.busy === true, 'the slow turn to run', 60_000);
    const pid = (await a.agentPid('qwen'))!;

    // A budget far below what qwen uses.
    await a.call('settings.update', { memoryBudgetBytes: 1024 * 1024 });
    await a.core.supervisor.tick();
    expect(a.core.pool.list().map((s) => s.chatId)).toEqual([chats[2]]);
    expect(a.core.store.sessions.get(chats[0]!, 'qwen')?.status).toBe('evicted');
    expect(a.core.store.sessions.get(chats[1]!, 'qwen')?.status).toBe('evicted');
    expect(processRunning(pid)).toBe(true);
    const statusNow = await status(a);
    expect(statusNow.memory).toEqual({ usedBytes: expect.any(Number), budgetBytes: 1024 * 1024 });
    expect(statusNow.memory!.usedBytes).toBeGreaterThan(1024 * 1024);

    const skipped = await a.call<PrewarmStatus>('sessions.prewarm', { chatId: chats[0], agent: 'qwen' });
    expect(skipped).toMatchObject({ state: 'skipped', reason: expect.stringContaining('memory budget') });

    // The busy turn was never touched; once it ends, its session and the idle process can go.
    expect(await a.end(busyTurn)).toMatchObject({ stopReason: 'end_turn' });
    await a.core.supervisor.tick();
    expect(a.core.pool.list()).toEqual([]);
    await until(() => !processRunning(pid), 'qwen to be stopped', 15_000);

    // Back under a budget, an evicted chat resumes its own session.
    await a.call('settings.update', { memoryBudgetBytes: 0 });
    const evictedId = a.core.store.sessions.get(chats[0]!, 'qwen')!.externalSessionId;
    const { start: again } = await turn(a, chats[0]!, 'qwen', 'again [[mock:reply:again]]');
    expect(again).toMatchObject({ externalSessionId: evictedId, sessionMode: 'resumed' });
  });

  it('opencode, recycled (its directory idle, over the budget, no turn running), resumes the same session with its memory', async () => {
    // Every directory counts as idle as soon as its turn ends.
    const a = await start({ directoryIdleMs: 0 });
    const chatId = await newChat(a, 'recycle');
    const { start: first } = await turn(a, chatId, 'opencode', 'Remember the word PAMPLEMOUSSE [[mock:reply:noted]]');
    const pid = (await a.agentPid('opencode'))!;
    // Under a budget it exceeds, its idle directory is reason enough.
    await a.call('settings.update', { memoryBudgetBytes: 1024 * 1024 });
    await a.core.supervisor.tick();
    await until(() => !processRunning(pid), 'the old opencode server to exit', 15_000);
    expect(a.core.pool.list()).toEqual([]);
    expect(a.core.store.sessions.get(chatId, 'opencode')).toMatchObject({ status: 'evicted', externalSessionId: first.externalSessionId });

    await a.call('settings.update', { memoryBudgetBytes: 0 });
    const before = llm.requests.length;
    const { start: next } = await turn(a, chatId, 'opencode', 'Which word? [[mock:reply:PAMPLEMOUSSE]]');
    expect(next).toMatchObject({ externalSessionId: first.externalSessionId, sessionMode: 'resumed' });
    expect(await a.agentPid('opencode')).not.toBe(pid);
    // The model saw the first turn again: the session kept its memory across the new server.
    const asked = llm.requests.slice(before).filter((r) => !r.side);
    expect(asked.length).toBeGreaterThan(0);
    expect(JSON.stringify(asked[0]!.body.messages)).toContain('Remember the word PAMPLEMOUSSE');
  });

  it('opencode is not recycled while a turn runs on it, even over the budget', async () => {
    const a = await start({ directoryIdleMs: 0 });
    const idle = await newChat(a, 'oc-idle');
    const busy = await newChat(a, 'oc-busy');
    await turn(a, idle, 'opencode', 'idle [[mock:reply:idle]]');
    const slow = await a.send(busy, 'opencode', 'slow [[mock:slow]]');
    await until(() => a.core.pool.get(busy, 'opencode')?.busy === true, 'the slow turn to run', 60_000);
    const pid = (await a.agentPid('opencode'))!;
    await a.call('settings.update', { memoryBudgetBytes: 1024 * 1024 });
    await a.core.supervisor.tick();
    expect(processRunning(pid)).toBe(true);
    expect(a.core.pool.get(busy, 'opencode')).toBeDefined();
    expect(await a.end(slow)).toMatchObject({ stopReason: 'end_turn' });
  });
});
