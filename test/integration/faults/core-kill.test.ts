import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent, EventPayload } from '../../../src-preload/contract';
import { createCoreTestEnv, type CoreTestEnv } from '../../support/core-env';
import { groupMembers, killGroup, procInfo, processTree, sleep, until } from '../../support/fault-tools';
import { makeRepo } from '../../support/git-repo';
import { processRunning } from '../../support/process-alive';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';
import { Client, startServer, stopGroup, type Served } from '../host/serve-process';

/**
 * SIGKILL of the core itself (the headless host, `src-main/serve.ts`, a real child process)
 * while both real agents are mid-turn, then a restart on the same data dir. What the killed
 * core leaves behind is observed (its agent processes are orphans of a killed parent), cleaned
 * up, and the restarted core must find every earlier turn, the worktrees, the pending changes
 * and the agents' sessions.
 */

const RUNS = 2;
/** How long orphaned agents get to notice their core is gone. */
const ORPHAN_EXIT_MS = 10_000;

type TurnEvent = EventPayload<'turn.event'>;
interface TurnRow {
  id: string;
  agent: string;
  status: string;
  stopReason?: string;
  text: string;
}

describe('SIGKILL of the core mid-turn, then a restart', () => {
  let llm: MockLlm;
  let world: CoreTestEnv;
  const servers: Served[] = [];
  const agentGroups = new Set<number>();
  const observed: Record<string, string> = {};

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await createCoreTestEnv(llm.url);
  });
  afterAll(async () => {
    for (const s of servers) await stopGroup(s.child);
    for (const g of agentGroups) killGroup(g);
    console.info(`[faults] core-kill: what the agents did after their core was killed: ${JSON.stringify(observed)}`);
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  async function serve(): Promise<{ server: Served; client: Client }> {
    const server = await startServer({ via: 'tsx', dataDir: world.dataDir, env: world.env, timeoutMs: 60_000 });
    servers.push(server);
    return { server, client: await Client.connect(server.port, server.token) };
  }

  /**
   * Gives each orphaned agent group ORPHAN_EXIT_MS to exit on its own and records what it did.
   * Most runs they all do; a group still running (qwen, now and then, when the kill lands in a
   * tool call) is returned: the restarted core must stop it (expectSurvivorsStopped).
   */
  async function watchOrphans(pids: Record<string, number>, killedAt: number, label: string): Promise<number[]> {
    const survivors: number[] = [];
    await Promise.all(
      agents.map(async (a) => {
        const pid = pids[a]!;
        const ok = await until(() => groupMembers(pid).length === 0, `${a} to exit`, ORPHAN_EXIT_MS).then(
          () => true,
          () => false,
        );
        const left = groupMembers(pid);
        if (!ok) survivors.push(pid);
        observed[`${a}${label}`] = ok
          ? `whole process group exited on its own ${Date.now() - killedAt} ms after the core was killed`
          : `still running after ${ORPHAN_EXIT_MS} ms (${left.map((p) => `${p.pid} ${p.comm}`).join(', ')}); the restarted core must stop it`;
      }),
    );
    return survivors;
  }

  /** Stops a core the way quitting does; afterwards none of its agent process groups may be left. */
  async function stopCleanly(served: { server: Served; client: Client }): Promise<void> {
    const status = await served.client.call<{ processes: Array<{ agent: string; pid: number }> }>('agents.status', {});
    const groups = status.processes.map((p) => p.pid);
    for (const g of groups) agentGroups.add(g);
    await served.client.close();
    await stopGroup(served.server.child);
    await served.server.exited;
    for (const g of groups) await until(() => groupMembers(g).length === 0, `agent group ${g} gone after a clean stop`, 10_000);
  }

  /** No process a killed core started outlives the next start of a core on the same data dir. */
  async function expectSurvivorsStopped(survivors: number[]): Promise<void> {
    for (const pid of survivors) await until(() => groupMembers(pid).length === 0, `left-over agent group ${pid} stopped by the restarted core`, 5000);
  }

  const turnEvents = (client: Client, turnId: string): AgentEvent[] =>
    client.frames.filter((f) => f.event === 'turn.event' && (f.payload as TurnEvent).turnId === turnId).map((f) => (f.payload as TurnEvent).event);
  const streamed = (client: Client, turnId: string) =>
    turnEvents(client, turnId)
      .filter((e) => e.type === 'text.delta')
      .map((e) => (e as { text: string }).text)
      .join('');
  const waitEnd = async (client: Client, turnId: string) => {
    const f = await client.waitFor((x) => x.event === 'turn.event' && (x.payload as TurnEvent).turnId === turnId && (x.payload as TurnEvent).event.type === 'turn.end', 90_000);
    return (f.payload as TurnEvent).event as Extract<AgentEvent, { type: 'turn.end' }>;
  };

  // Shared by the two runs: the second kills the core again on the same data dir.
  const agents = ['opencode', 'qwen'] as const;
  let chats: Record<'opencode' | 'qwen', string>;
  const sessionIds: Record<string, string> = {};

  it(`run 1 of ${RUNS}, both agents mid-stream: keeps transcript, worktree and pending change, marks turns interrupted, reattaches sessions`, async () => {
    const first = await serve();
    const c = first.client;
    await c.call('settings.update', { permissionPolicy: 'allow_all' });
    const repoDir = await world.makeDir('repo');
    makeRepo(repoDir, { 'README.md': '# core kill\n' });
    const repo = await c.call<{ id: string }>('repos.open', { path: repoDir });
    chats = {
      opencode: (await c.call<{ id: string }>('chats.create', { repoId: repo.id, title: 'oc' })).id,
      qwen: (await c.call<{ id: string }>('chats.create', { repoId: repo.id, title: 'qw' })).id,
    };

    // A finished turn per agent that wrote a file: the pending change to protect.
    const writes = await Promise.all(agents.map(async (a) => c.call<{ turnId: string }>('turns.send', { chatId: chats[a], agent: a, prompt: `[[mock:write:kept-${a}.txt:kept by ${a}]]` })));
    for (const w of writes) {
      const end = await waitEnd(c, w.turnId);
      expect(end.stopReason, `the write turn ended: ${JSON.stringify(end.error ?? null)}; the core said: ${first.server.stderr().slice(-3000)}`).toBe('end_turn');
    }
    for (const a of agents) {
      const s = await c.call<Array<{ agent: string; externalSessionId: string }>>('sessions.list', { chatId: chats[a] });
      sessionIds[a] = s.find((x) => x.agent === a)!.externalSessionId;
    }

    // Both agents mid-stream.
    const slow: Record<string, string> = {};
    for (const a of agents) slow[a] = (await c.call<{ turnId: string }>('turns.send', { chatId: chats[a], agent: a, prompt: `long answer [[mock:slow]]` })).turnId;
    await until(() => agents.every((a) => streamed(c, slow[a]!).length > 0), 'both agents to stream', 60_000);
    const status = await c.call<{ processes: Array<{ agent: string; pid: number }> }>('agents.status', {});
    const pids: Record<string, number> = {};
    for (const a of agents) {
      pids[a] = status.processes.find((p) => p.agent === a)!.pid;
      agentGroups.add(pids[a]!);
      expect(procInfo(pids[a]!)!.pgid, 'each agent leads its own process group').toBe(pids[a]);
    }
    // The core is the agents' parent (tsx runs it in a child of its own CLI process).
    const corePid = procInfo(pids.qwen!)!.ppid;
    expect(procInfo(pids.opencode!)!.ppid).toBe(corePid);
    const trees = Object.fromEntries(agents.map((a) => [a, processTree(pids[a]!)]));
    // The core keeps a record of its agent groups, which is what lets the next start stop any it left behind.
    const ledger = JSON.parse(readFileSync(path.join(world.dataDir, 'agent-processes.json'), 'utf8')) as Array<{ pid: number }>;
    expect(ledger.map((e) => e.pid).sort()).toEqual(agents.map((a) => pids[a]!).sort());

    // Everything streamed up to 400 ms before the kill (two flush intervals) must survive it.
    const mustSurvive = Object.fromEntries(agents.map((a) => [a, streamed(c, slow[a]!)]));
    await sleep(400);
    process.kill(corePid, 'SIGKILL');
    await first.server.exited;
    const killedAt = Date.now();
    await c.close();

    // What do orphaned agents do? Their stdin closed with the core: they normally exit on their
    // own (qwen on EOF, opencode when its parent pipe goes) within ORPHAN_EXIT_MS.
    const survivors = await watchOrphans(pids, killedAt, '');
    console.info(`[faults] core killed at ${killedAt}; agents: ${JSON.stringify(observed)} trees before: ${JSON.stringify(trees)}`);

    // The database is whole and holds what streamed.
    const dbFile = path.join(world.dataDir, 'boocoder.db');
    {
      const db = new Database(dbFile, { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }
    }

    const second = await serve();
    const c2 = second.client;
    await expectSurvivorsStopped(survivors);
    for (const a of agents) {
      const rows = await c2.call<TurnRow[]>('turns.list', { chatId: chats[a] });
      const killed = rows.find((r) => r.id === slow[a])!;
      expect(killed.status, `${a}'s killed turn`).toBe('interrupted');
      expect(killed.stopReason).toBe('interrupted');
      expect(killed.text.startsWith(mustSurvive[a]!), `${a}: transcript kept everything streamed before the last flush`).toBe(true);
      expect(rows.find((r) => r.id === writes[agents.indexOf(a)]!.turnId)!.status).toBe('done');

      // Worktree and pending change intact.
      const changes = await c2.call<{ files: Array<{ path: string; agent: string | null }> }>('changes.get', { chatId: chats[a] });
      expect(changes.files.map((f) => [f.path, f.agent])).toEqual([[`kept-${a}.txt`, a]]);
      const db = new Database(dbFile, { readonly: true });
      const wt = db.prepare('SELECT path FROM worktrees WHERE chat_id = ?').get(chats[a]) as { path: string };
      db.close();
      expect(readFileSync(path.join(wt.path, `kept-${a}.txt`), 'utf8')).toBe(`kept by ${a}`);

      const sessions = await c2.call<Array<{ agent: string; live: boolean; nextTurn: string }>>('sessions.list', { chatId: chats[a] });
      expect(sessions.find((s) => s.agent === a)).toMatchObject({ live: false, nextTurn: 'resumed' });
    }

    // Sessions reattach on the next turn, memory intact.
    for (const a of agents) {
      const t = (await c2.call<{ turnId: string }>('turns.send', { chatId: chats[a], agent: a, prompt: `[[mock:reply:${a} is back]]` })).turnId;
      expect((await waitEnd(c2, t)).stopReason).toBe('end_turn');
      const start = turnEvents(c2, t).find((e) => e.type === 'turn.start') as Extract<AgentEvent, { type: 'turn.start' }>;
      expect(['resumed', 'loaded']).toContain(start.sessionMode);
      expect(start.externalSessionId).toBe(sessionIds[a]);
    }
    // A clean stop of the restarted core leaves no agent process.
    await stopCleanly(second);
    expect(processRunning(corePid)).toBe(false);
  });
  it(`run 2 of ${RUNS}, killed as soon as an agent is in a write-tool call: the same guarantees on the same data dir`, async () => {
    const first = await serve();
    const c = first.client;
    const writing: Record<string, string> = {};
    for (const a of agents) writing[a] = (await c.call<{ turnId: string }>('turns.send', { chatId: chats[a], agent: a, prompt: `[[mock:write:half-${a}.txt:half]]` })).turnId;
    // Kill as soon as one agent is in its write tool; the other is wherever it is by then.
    await until(() => agents.some((a) => turnEvents(c, writing[a]!).some((e) => e.type === 'tool.start' || e.type === 'tool.update')), 'an agent in its write tool', 60_000);
    const endedBeforeKill = new Set(agents.filter((a) => turnEvents(c, writing[a]!).some((e) => e.type === 'turn.end')));
    expect(endedBeforeKill.size).toBeLessThan(2);
    const status = await c.call<{ processes: Array<{ agent: string; pid: number }> }>('agents.status', {});
    expect(status.processes.map((p) => p.agent).sort()).toEqual(['opencode', 'qwen']);
    const pids = Object.fromEntries(agents.map((a) => [a, status.processes.find((p) => p.agent === a)!.pid]));
    for (const a of agents) agentGroups.add(pids[a]!);
    const corePid = procInfo(pids.qwen!)!.ppid;
    process.kill(corePid, 'SIGKILL');
    await first.server.exited;
    const killedAt = Date.now();
    await c.close();
    const survivors = await watchOrphans(pids, killedAt, ' (run 2)');

    const second = await serve();
    const c2 = second.client;
    await expectSurvivorsStopped(survivors);
    const dbFile = path.join(world.dataDir, 'boocoder.db');
    for (const a of agents) {
      const rows = await c2.call<TurnRow[]>('turns.list', { chatId: chats[a] });
      expect(rows.find((r) => r.id === writing[a])).toMatchObject(endedBeforeKill.has(a) ? { status: 'done', stopReason: 'end_turn' } : { status: 'interrupted', stopReason: 'interrupted' });
      expect(rows.filter((r) => r.status === 'running')).toEqual([]);
      // The pending change recorded before the kill is whole; the half-done write may or may not
      // have reached the disk, and shows up as a change once the next turn ends.
      const changes = await c2.call<{ files: Array<{ path: string; agent: string | null }> }>('changes.get', { chatId: chats[a] });
      expect(changes.files.map((f) => [f.path, f.agent])).toContainEqual([`kept-${a}.txt`, a]);
      const db = new Database(dbFile, { readonly: true });
      const wt = db.prepare('SELECT path FROM worktrees WHERE chat_id = ?').get(chats[a]) as { path: string };
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
      expect(readFileSync(path.join(wt.path, `kept-${a}.txt`), 'utf8')).toBe(`kept by ${a}`);
    }
    for (const a of agents) {
      const t = (await c2.call<{ turnId: string }>('turns.send', { chatId: chats[a], agent: a, prompt: `[[mock:reply:${a} is back again]]` })).turnId;
      expect((await waitEnd(c2, t)).stopReason).toBe('end_turn');
      const start = turnEvents(c2, t).find((e) => e.type === 'turn.start') as Extract<AgentEvent, { type: 'turn.start' }>;
      expect(start.externalSessionId).toBe(sessionIds[a]);
    }
    await stopCleanly(second);
  });
});
