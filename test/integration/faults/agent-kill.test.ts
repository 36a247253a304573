import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreTestEnv, type CoreTestEnv } from '../../support/core-env';
import { driveCore, groupMembers, processTree, seededRandom, sleep, until, type DrivenCore } from '../../support/fault-tools';
import { makeRepo } from '../../support/git-repo';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';

/**
 * kill -9 of the real agent process (opencode's server, qwen's ACP child) at random points of
 * a turn, KILLS_PER_AGENT times per agent. Each killed turn must end failed with AgentCrashed;
 * the text streamed before the kill must be in SQLite; files and the pending change written by
 * earlier turns must be intact; the next turn must work; and nothing of the killed process
 * group may remain.
 */

const KILLS_PER_AGENT = 5;
const PHASES = ['before-first-delta', 'mid-stream', 'during-tool-write'] as const;
type Phase = (typeof PHASES)[number];

interface TurnRow {
  id: string;
  status: string;
  stopReason?: string;
  text: string;
}

describe('kill -9 of an agent at random points of a turn', () => {
  let llm: MockLlm;
  let world: CoreTestEnv;
  let app: DrivenCore;
  let chatId: string;
  let worktree: string;
  const rng = seededRandom('agent-kill');
  const record: Array<{ agent: string; phase: Phase; delayMs: number; stopReason: string; error: string; persistedChars: number }> = [];

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await createCoreTestEnv(llm.url);
    app = await driveCore({ dataDir: world.dataDir, agentEnv: world.env });
    await app.call('settings.update', { permissionPolicy: 'allow_all' });
    const repoDir = await world.makeDir('repo');
    makeRepo(repoDir, { 'README.md': '# fault repo\n' });
    const repo = await app.call<{ id: string }>('repos.open', { path: repoDir });
    chatId = (await app.call<{ id: string }>('chats.create', { repoId: repo.id })).id;
  });

  afterAll(async () => {
    console.info(`[faults] agent-kill runs: ${JSON.stringify(record)}`);
    await app?.core.shutdown();
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  const pendingPaths = async () => (await app.call<{ files: Array<{ path: string }> }>('changes.get', { chatId })).files.map((f) => f.path).sort();

  it('a first turn per agent leaves a file and a pending change to protect', async () => {
    for (const agent of ['opencode', 'qwen']) {
      const t0 = Date.now();
      const t = await app.send(chatId, agent, `[[mock:write:keep-${agent}.txt:kept by ${agent}]]`);
      expect((await app.end(t)).stopReason).toBe('end_turn');
      console.info(`[faults] first ${agent} turn (cold start + write): ${Date.now() - t0} ms`);
    }
    worktree = app.core.store.worktrees.get(chatId)!.path;
    expect(readFileSync(path.join(worktree, 'keep-opencode.txt'), 'utf8')).toBe('kept by opencode');
    expect(readFileSync(path.join(worktree, 'keep-qwen.txt'), 'utf8')).toBe('kept by qwen');
    expect(await pendingPaths()).toEqual(['keep-opencode.txt', 'keep-qwen.txt']);
  });

  for (const agent of ['qwen', 'opencode'] as const) {
    it(`${agent}: ${KILLS_PER_AGENT} kills at random points, nothing lost, no orphan`, async () => {
      for (let i = 0; i < KILLS_PER_AGENT; i++) {
        // Every phase at least once, the rest at random.
        const phase: Phase = i < PHASES.length ? PHASES[i]! : rng.pick(PHASES);
        const delayMs = phase === 'mid-stream' ? rng.int(0, 600) : 0;
        const prompt = phase === 'during-tool-write' ? `[[mock:write:killed-${agent}-${i}.txt:half]]` : `stream slowly ${i} [[mock:slow]]`;
        const t = await app.send(chatId, agent, prompt);

        if (phase === 'before-first-delta') await until(() => app.events(t).some((e) => e.type === 'turn.start'), 'turn.start');
        if (phase === 'mid-stream') await until(() => app.events(t).some((e) => e.type === 'text.delta'), 'the first delta');
        if (phase === 'during-tool-write') await until(() => app.events(t).some((e) => e.type === 'tool.start' || e.type === 'tool.update'), 'the write tool call');
        await sleep(delayMs);
        const pid = await app.agentPid(agent);
        expect(pid, `${agent} has a live process`).toBeGreaterThan(0);
        // The agent runs in its own process group (pgid = its pid): everything it spawned is in it.
        const before = processTree(pid!);
        expect(groupMembers(pid!).length).toBeGreaterThan(0);
        process.kill(pid!, 'SIGKILL');

        const end = await app.end(t, 30_000);
        expect(end.stopReason, `${agent} kill #${i} (${phase})`).toBe('error');
        expect(end.error?.name, `${agent} kill #${i} (${phase}): ${end.error?.message}`).toBe('AgentCrashed');
        expect(end.error?.message).toMatch(/SIGKILL|killed|exited|stopped/i);

        // The transcript up to the kill is in SQLite: the row is failed and holds what streamed.
        const streamed = app
          .events(t)
          .filter((e) => e.type === 'text.delta')
          .map((e) => (e as { text: string }).text)
          .join('');
        const rows = await app.call<TurnRow[]>('turns.list', { chatId });
        const row = rows.find((r) => r.id === t)!;
        expect(row.status).toBe('failed');
        expect(row.stopReason).toBe('error');
        const fromDb = app.core.store.turns
          .parts(t)
          .filter((p) => p.kind === 'text')
          .map((p) => (p as { text: string }).text)
          .join('');
        expect(fromDb).toBe(streamed);
        record.push({ agent, phase, delayMs, stopReason: end.stopReason, error: `${end.error?.name}: ${end.error?.message.slice(0, 80)}`, persistedChars: fromDb.length });

        // No orphan: the whole process group (and the tree seen before the kill) is gone.
        await until(() => groupMembers(pid!).length === 0, `process group ${pid} to be empty (left: ${JSON.stringify(groupMembers(pid!))})`, 10_000);
        for (const p of before) await until(() => !existsSync(`/proc/${p.pid}`) || readFileSync(`/proc/${p.pid}/stat`, 'utf8').includes(') Z '), `pid ${p.pid} (${p.comm}) to be gone`, 10_000);

        // Files and pending change from earlier turns are intact.
        expect(readFileSync(path.join(worktree, 'keep-opencode.txt'), 'utf8')).toBe('kept by opencode');
        expect(readFileSync(path.join(worktree, 'keep-qwen.txt'), 'utf8')).toBe('kept by qwen');
        expect(await pendingPaths()).toEqual(expect.arrayContaining(['keep-opencode.txt', 'keep-qwen.txt']));

        // The next turn works, on a new process.
        const t1 = Date.now();
        const next = await app.send(chatId, agent, `[[mock:reply:back after kill ${i}]]`);
        const nextEnd = await app.end(next);
        console.info(`[faults] ${agent} turn after kill ${i}: ${Date.now() - t1} ms`);
        expect(nextEnd.stopReason).toBe('end_turn');
        expect((await app.call<TurnRow[]>('turns.list', { chatId })).find((r) => r.id === next)!.text).toContain(`back after kill ${i}`);
        const newPid = await app.agentPid(agent);
        expect(newPid).not.toBe(pid);
      }
    });
  }

  it('after every kill, the database holds every turn with a final status', async () => {
    const rows = await app.call<TurnRow[]>('turns.list', { chatId });
    expect(rows.length).toBe(2 + 2 * 2 * KILLS_PER_AGENT);
    expect(rows.filter((r) => r.status === 'failed').length).toBe(2 * KILLS_PER_AGENT);
    expect(rows.filter((r) => r.status === 'done').length).toBe(2 + 2 * KILLS_PER_AGENT);
    const integrity = app.core.store.db.pragma('integrity_check', { simple: true });
    expect(integrity).toBe('ok');
  });
});
