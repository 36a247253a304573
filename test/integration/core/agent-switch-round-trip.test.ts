import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src-preload/contract';
import { createCoreTestEnv, type CoreTestEnv } from '../../support/core-env';
import { driveCore, type DrivenCore } from '../../support/fault-tools';
import { makeRepo } from '../../support/git-repo';
import { processRunning } from '../../support/process-alive';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';

describe('one chat, two real agents: opencode → qwen → opencode', () => {
  let llm: MockLlm;
  let world: CoreTestEnv;
  let app: DrivenCore;

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await createCoreTestEnv(llm.url);
    app = await driveCore({ dataDir: world.dataDir, agentEnv: world.env });
    // qwen asks before writing by default; this test is about the round trip, not the prompt.
    await app.call('settings.update', { permissionPolicy: 'allow_all' });
  });

  afterAll(async () => {
    await app?.core.shutdown();
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  const runTurn = async (chatId: string, agent: string, prompt: string) => {
    const turnId = await app.send(chatId, agent, prompt);
    const end = await app.end(turnId);
    return { turnId, events: app.events(turnId), end };
  };

  it('keeps each agent’s session, hands off once, shares one worktree and attributes files', async () => {
    const repoDir = await world.makeDir('repo');
    makeRepo(repoDir, { 'README.md': '# demo\n' });
    const repo = await app.call<{ id: string; path: string }>('repos.open', { path: repoDir });
    const chat = await app.call<{ id: string }>('chats.create', { repoId: repo.id, title: 'Round trip' });

    const t1 = await runTurn(chat.id, 'opencode', 'Create it [[mock:write:from-opencode.txt:hello from opencode]]');
    expect(t1.end.stopReason).toBe('end_turn');
    const start1 = t1.events[0] as Extract<AgentEvent, { type: 'turn.start' }>;
    expect(start1).toMatchObject({ type: 'turn.start', sessionMode: 'new' });

    const requestsBefore = llm.requests.length;
    const t2 = await runTurn(chat.id, 'qwen', 'Now yours [[mock:write:from-qwen.txt:hello from qwen]]');
    expect(t2.end.stopReason).toBe('end_turn');
    const handoff = t2.events.find((e) => e.type === 'handoff') as Extract<AgentEvent, { type: 'handoff' }>;
    expect(handoff.fromAgents).toEqual(['opencode']);
    expect(handoff.text).toContain('from-opencode.txt');
    // The hand-off really reached qwen's model, before the user's words.
    const qwenAsked = llm.requests.slice(requestsBefore).map((r) => JSON.stringify(r.body.messages));
    expect(qwenAsked.some((m) => m.includes('other agents worked in this same workspace') && m.includes('Create it'))).toBe(true);

    const t3 = await runTurn(chat.id, 'opencode', 'Back to you [[mock:reply:welcome back]]');
    expect(t3.end.stopReason).toBe('end_turn');
    const start3 = t3.events[0] as Extract<AgentEvent, { type: 'turn.start' }>;
    expect(start3.sessionMode).toBe('resumed');
    expect(start3.externalSessionId).toBe(start1.externalSessionId);
    const handoff3 = t3.events.find((e) => e.type === 'handoff') as Extract<AgentEvent, { type: 'handoff' }>;
    expect(handoff3.text).toContain('from-qwen.txt');
    expect(handoff3.text).not.toContain('Create it');

    // One worktree for all three turns, holding both agents' files.
    const wt = app.core.store.worktrees.get(chat.id)!;
    expect(readFileSync(path.join(wt.path, 'from-opencode.txt'), 'utf8')).toBe('hello from opencode');
    expect(readFileSync(path.join(wt.path, 'from-qwen.txt'), 'utf8')).toBe('hello from qwen');
    expect(existsSync(path.join(repoDir, 'from-opencode.txt'))).toBe(false);

    const changes = await app.call<{ files: Array<{ path: string; agent: string | null; status: string }>; agents: string[] }>('changes.get', { chatId: chat.id });
    const byPath = Object.fromEntries(changes.files.map((f) => [f.path, f.agent]));
    expect(byPath).toEqual({ 'from-opencode.txt': 'opencode', 'from-qwen.txt': 'qwen' });
    expect(changes.agents.sort()).toEqual(['opencode', 'qwen']);

    const sessions = await app.call<Array<{ agent: string; live: boolean; nextTurn: string; inputTokens: number }>>('sessions.list', { chatId: chat.id });
    expect(sessions.map((s) => [s.agent, s.live, s.nextTurn])).toEqual([
      ['opencode', true, 'resumed'],
      ['qwen', true, 'resumed'],
    ]);
    expect(sessions.every((s) => s.inputTokens > 0)).toBe(true);

    const turns = await app.call<Array<{ agent: string; status: string; text: string }>>('turns.list', { chatId: chat.id });
    expect(turns.map((t) => [t.agent, t.status])).toEqual([
      ['opencode', 'done'],
      ['qwen', 'done'],
      ['opencode', 'done'],
    ]);
    expect(turns[2]!.text).toContain('welcome back');

    // Apply qwen's file only: it lands in the checkout and leaves the pending list.
    const applied = await app.call<{ applied: string[] }>('changes.apply', { chatId: chat.id, paths: ['from-qwen.txt'] });
    expect(applied.applied).toEqual(['from-qwen.txt']);
    expect(readFileSync(path.join(repoDir, 'from-qwen.txt'), 'utf8')).toBe('hello from qwen');
    const after = await app.call<{ files: Array<{ path: string }> }>('changes.get', { chatId: chat.id });
    expect(after.files.map((f) => f.path)).toEqual(['from-opencode.txt']);

    // Quitting leaves no agent process behind.
    const status = await app.call<{ processes: Array<{ pid: number }> }>('agents.status', {});
    const pids = status.processes.map((p) => p.pid);
    expect(pids.length).toBe(2);
    await app.core.shutdown();
    await new Promise((r) => setTimeout(r, 200));
    expect(pids.filter(processRunning)).toEqual([]);
  });
});
