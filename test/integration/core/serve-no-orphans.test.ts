import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCoreTestEnv, type CoreTestEnv } from '../../support/core-env';
import { makeRepo } from '../../support/git-repo';
import { processRunning } from '../../support/process-alive';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';

const ROOT = path.resolve(import.meta.dirname, '../../..');


/** A minimal client of the host's WebSocket contract. */
function connect(url: string) {
  const ws = new WebSocket(url);
  let id = 0;
  const pending = new Map<number, (frame: { result?: unknown; error?: { name: string; message: string } }) => void>();
  const events: Array<{ event: string; payload: { turnId?: string; event?: { type: string } } }> = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    if ('event' in frame) events.push(frame);
    else pending.get(frame.id)?.(frame);
  });
  return {
    ready: new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    }),
    events,
    call<T>(method: string, params: unknown): Promise<T> {
      const n = ++id;
      ws.send(JSON.stringify({ id: n, method, params }));
      return new Promise<T>((resolve, reject) =>
        pending.set(n, (f) => (f.error ? reject(Object.assign(new Error(f.error.message), { name: f.error.name })) : resolve(f.result as T))),
      );
    },
    close: () => ws.close(),
  };
}

describe('the headless host leaves no process behind', () => {
  let llm: MockLlm;
  let world: CoreTestEnv;
  let host: ChildProcessWithoutNullStreams;

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await createCoreTestEnv(llm.url);
  });
  afterAll(async () => {
    if (host && host.exitCode === null) host.kill('SIGKILL');
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('stops every agent process group on %s', async (signal) => {
    host = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src-main/serve.ts'), '--port', '0', '--data-dir', world.dataDir], {
      cwd: ROOT,
      env: world.env,
    });
    let stdout = '';
    host.stdout.on('data', (d) => (stdout += d));
    const url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no listening line; got: ${stdout}`)), 60_000);
      host.stdout.on('data', () => {
        const m = stdout.match(/BooCoder listening on (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/);
        if (m) {
          clearTimeout(t);
          resolve(m[1]!);
        }
      });
    });
    const client = connect(url.replace('http://', 'ws://').replace('/?token=', '/ipc?token='));
    await client.ready;
    const repo = await client.call<{ id: string }>('repos.open', { path: makeRepo(await world.makeDir(`repo-${signal}`)) });
    const chat = await client.call<{ id: string }>('chats.create', { repoId: repo.id });
    await client.call('settings.update', { permissionPolicy: 'allow_all' });
    for (const agent of ['opencode', 'qwen']) {
      const { turnId } = await client.call<{ turnId: string }>('turns.send', { chatId: chat.id, agent, prompt: 'hello' });
      const deadline = Date.now() + 90_000;
      while (!client.events.some((e) => e.payload.turnId === turnId && e.payload.event?.type === 'turn.end')) {
        if (Date.now() > deadline) throw new Error('turn did not end');
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    const status = await client.call<{ processes: Array<{ pid: number; agent: string }> }>('agents.status', {});
    expect(status.processes.map((p) => p.agent).sort()).toEqual(['opencode', 'qwen']);
    // Every process in the agents' groups, not just the leaders.
    const { execFileSync } = await import('node:child_process');
    const groupPids = status.processes.flatMap((p) =>
      execFileSync('ps', ['-o', 'pid=', '-g', String(p.pid)], { encoding: 'utf8' })
        .split('\n')
        .map((l) => Number(l.trim()))
        .filter((n) => n > 0),
    );
    expect(groupPids.length).toBeGreaterThanOrEqual(2);
    client.close();

    const exited = new Promise<number | null>((resolve) => host.once('exit', (code) => resolve(code)));
    host.kill(signal);
    expect(await exited).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    const survivors = groupPids.filter(processRunning);
    if (survivors.length) console.log(execFileSync("ps", ["-o", "pid,pgid,sid,ppid,args", "-p", survivors.join(",")], { encoding: "utf8" }));
    expect(survivors).toEqual([]);
  });
});
