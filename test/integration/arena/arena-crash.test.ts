import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Arena, EventPayload, Turn } from '../../../src-preload/contract';
import { createCoreTestEnv, type CoreTestEnv } from '../../support/core-env';
import { driveCore, groupMembers, killGroup, procInfo, until, type DrivenCore } from '../../support/fault-tools';
import { makeRepo } from '../../support/git-repo';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';
import { Client, startServer, stopGroup, type Served } from '../host/serve-process';

/**
 * SIGKILL of the core (the headless host, a real child process) while an arena's contestants,
 * the real opencode and qwen, are mid-stream; then a core on the same data dir. The arena comes
 * back interrupted, each contestant with what it had streamed and what its worktree holds
 * (recorded at start, since the killed core never got to), and can still be picked.
 */
describe('arena: the core killed mid-arena', () => {
  let llm: MockLlm;
  let world: CoreTestEnv;
  let server: Served | undefined;
  let app: DrivenCore | undefined;
  const groups: number[] = [];

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await createCoreTestEnv(llm.url);
  });
  afterAll(async () => {
    await app?.core.shutdown();
    if (server && !server.hasExited()) await stopGroup(server.child);
    for (const g of groups) killGroup(g);
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('comes back interrupted with each contestant’s stream and files, still pickable', async () => {
    server = await startServer({ via: 'tsx', dataDir: world.dataDir, env: world.env, timeoutMs: 60_000 });
    const c = await Client.connect(server.port, server.token);
    await c.call('settings.update', { permissionPolicy: 'allow_all' });
    const repoDir = await world.makeDir('repo');
    makeRepo(repoDir, { 'README.md': '# arena crash\n' });
    const repo = await c.call<{ id: string }>('repos.open', { path: repoDir });
    const chatId = (await c.call<{ id: string }>('chats.create', { repoId: repo.id, title: 'crash' })).id;
    const { arenaId } = await c.call<{ arenaId: string }>('arena.start', { chatId, agents: ['opencode', 'qwen'], prompt: 'Slowly. [[mock:slow]]' });
    const streamed = (agent: string) =>
      c.frames.some((f) => f.event === 'arena.event' && (f.payload as EventPayload<'arena.event'>).agent === agent && (f.payload as EventPayload<'arena.event'>).event.type === 'text.delta');
    await until(() => streamed('opencode') && streamed('qwen'), 'both contestants to stream', 120_000);
    const arena = await c.call<Arena>('arena.get', { arenaId });
    expect(arena.status).toBe('running');
    // What an agent had written before the crash: in its scratch worktree, recorded nowhere yet.
    const scratch = path.join(world.dataDir, 'worktrees', arenaId, 'opencode');
    writeFileSync(path.join(scratch, 'before-the-crash.txt'), 'unsaved\n');
    const status = await c.call<{ processes: Array<{ agent: string; pid: number }> }>('agents.status', {});
    for (const p of status.processes) groups.push(p.pid);
    // Two transcript flush intervals, then the kill.
    await new Promise((r) => setTimeout(r, 400));
    const corePid = procInfo(status.processes[0]!.pid)!.ppid;
    process.kill(corePid, 'SIGKILL');
    await server.exited;
    await c.close();
    for (const g of groups) await until(() => groupMembers(g).length === 0, `agent group ${g} gone`, 20_000).catch(() => killGroup(g));

    app = await driveCore({ dataDir: world.dataDir, agentEnv: world.env });
    const back = await app.call<Arena>('arena.get', { arenaId });
    expect(back.status).toBe('interrupted');
    for (const contestant of back.contestants) {
      expect(contestant.status).toBe('interrupted');
      expect(contestant.text).toContain('chunk0');
    }
    const opencode = back.contestants.find((x) => x.agent === 'opencode')!;
    expect(opencode.files.map((f) => f.path)).toEqual(['before-the-crash.txt']);
    expect(opencode.archivedRef).toBe(`refs/boocoder/arena/${arenaId}/opencode`);
    // The reaper at a quit leaves an interrupted arena's worktrees alone.
    await app.core.worktrees.reap(app.core.arena);
    expect(existsSync(scratch)).toBe(true);

    const { turnId } = await app.call<{ turnId: string }>('arena.pick', { arenaId, agent: 'opencode' });
    const changes = await app.call<{ files: Array<{ path: string; agent: string | null }> }>('changes.get', { chatId });
    expect(changes.files).toEqual([expect.objectContaining({ path: 'before-the-crash.txt', agent: 'opencode' })]);
    const turn = (await app.call<Turn[]>('turns.list', { chatId })).find((t) => t.id === turnId)!;
    expect(turn).toMatchObject({ agent: 'opencode', status: 'interrupted' });
    expect(turn.text).toContain('chunk0');
    expect(existsSync(scratch)).toBe(false);
  }, 300_000);
});
