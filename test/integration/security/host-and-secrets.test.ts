import Database from 'better-sqlite3';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src-preload/contract';
import { createCoreTestEnv, type CoreTestEnv } from '../../support/core-env';
import { containsSecret, groupMembers, killGroup, until } from '../../support/fault-tools';
import { makeRepo } from '../../support/git-repo';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';
import { Client, startServer, stopGroup, tcpProbe, upgradeStatus, type Served } from '../host/serve-process';

/**
 * The headless host as an attacker on the same machine meets it (a real serve.ts child): no
 * WebSocket without the per-start token, none from a foreign Origin, nothing listening beyond
 * loopback. And a provider key configured for an agent reaches that agent's process, but never
 * a log, the transcript, a reply or an event frame.
 */

const SECRET = `sk-secret-${Math.random().toString(36).slice(2)}-do-not-leak`;

/** Local addresses of listening TCP sockets on `port`, from /proc/net/tcp and tcp6. */
function listeningAddresses(port: number): string[] {
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4 || cols[3] !== '0A') continue; // 0A = LISTEN
      const [addr, portHex] = cols[1]!.split(':');
      if (parseInt(portHex!, 16) === port) out.push(addr!);
    }
  }
  return out;
}

describe('headless host access control and secrets', () => {
  let llm: MockLlm;
  let world: CoreTestEnv;
  let server: Served;
  let client: Client;
  const agentGroups = new Set<number>();

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await createCoreTestEnv(llm.url);
    server = await startServer({ via: 'tsx', dataDir: world.dataDir, env: world.env });
    client = await Client.connect(server.port, server.token);
  });
  afterAll(async () => {
    await client?.close();
    if (server) await stopGroup(server.child);
    for (const g of agentGroups) killGroup(g);
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('refuses a missing or wrong token (401) and a foreign origin (403); accepts the right one', async () => {
    const base = `ws://127.0.0.1:${server.port}/ipc`;
    expect(await upgradeStatus(base)).toBe(401);
    expect(await upgradeStatus(`${base}?token=wrong`)).toBe(401);
    expect(await upgradeStatus(`${base}?token=${server.token.slice(0, -1)}`)).toBe(401);
    expect(await upgradeStatus(base, { headers: { authorization: 'Bearer nope' } })).toBe(401);
    expect(await upgradeStatus(`${base}?token=${server.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(`${base}?token=${server.token}`, { origin: 'null' })).toBe(403);
    expect(await upgradeStatus(`${base}?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` })).toBe(101);
    expect(await upgradeStatus(base, { headers: { authorization: `Bearer ${server.token}` } })).toBe(101);
  });

  it('listens on loopback only', async () => {
    const addrs = listeningAddresses(server.port);
    expect(addrs.length).toBeGreaterThan(0);
    // 0100007F is 127.0.0.1 in /proc/net/tcp's little-endian hex; nothing on 0.0.0.0 or ::.
    expect(addrs).toEqual(['0100007F']);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address);
    for (const ip of external) expect(await tcpProbe(ip, server.port)).not.toBe('connected');
  });

  it('a provider key set with agents.configure reaches the agent process and nothing else', async () => {
    const configured = await client.call<{ envKeys: string[] }>('agents.configure', { id: 'qwen', env: { OPENAI_API_KEY: SECRET } });
    expect(configured.envKeys).toEqual(['OPENAI_API_KEY']);
    const repoDir = await world.makeDir('repo');
    makeRepo(repoDir);
    const repo = await client.call<{ id: string }>('repos.open', { path: repoDir });
    const chat = await client.call<{ id: string }>('chats.create', { repoId: repo.id });
    await client.call('settings.update', { permissionPolicy: 'allow_all' });
    const { turnId } = await client.call<{ turnId: string }>('turns.send', { chatId: chat.id, agent: 'qwen', prompt: `[[mock:write:notes.txt:hello]]` });
    await client.waitFor((f) => f.event === 'turn.event' && (f.payload as EventPayload<'turn.event'>).turnId === turnId && (f.payload as EventPayload<'turn.event'>).event.type === 'turn.end', 90_000);

    // It did reach the agent: the qwen process's environment holds it.
    const status = await client.call<{ processes: Array<{ agent: string; pid: number }> }>('agents.status', {});
    const pid = status.processes.find((p) => p.agent === 'qwen')!.pid;
    agentGroups.add(pid);
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    expect(environ).toContain(`OPENAI_API_KEY=${SECRET}`);

    // Every reply that could carry it.
    const replies = [
      await client.call('agents.list', {}),
      status,
      await client.call('sessions.list', { chatId: chat.id }),
      await client.call('turns.list', { chatId: chat.id }),
      await client.call('settings.get', {}),
      await client.call('changes.get', { chatId: chat.id }),
      await client.call('agents.configure', { id: 'qwen' }),
    ];
    for (const r of replies) expect(containsSecret(JSON.stringify(r), SECRET), JSON.stringify(r).slice(0, 200)).toBe(false);
    // Every frame the socket ever carried (events included).
    expect(client.frames.length).toBeGreaterThan(5);
    expect(containsSecret(JSON.stringify(client.frames), SECRET)).toBe(false);
    // The host's own output.
    expect(containsSecret(server.stdout() + server.stderr(), SECRET)).toBe(false);

    // The database: every row of every table except agent_config, which stores it by design.
    const db = new Database(path.join(world.dataDir, 'boocoder.db'), { readonly: true });
    try {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
      expect(tables).toContain('agent_config');
      for (const t of tables) {
        const rows = JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all());
        if (t === 'agent_config') expect(rows).toContain(SECRET);
        else expect(containsSecret(rows, SECRET), `table ${t}`).toBe(false);
      }
    } finally {
      db.close();
    }
    // No other file under the data dir (logs, worktrees) holds it.
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        const st = statSync(full);
        if (st.isDirectory()) walk(full);
        // Sockets and pipes an agent keeps in its sandbox temp folder hold no stored data.
        else if (st.isFile() && !/^boocoder\.db(-wal|-shm)?$/.test(name)) files.push(full);
      }
    };
    walk(world.dataDir);
    for (const f of files) expect(containsSecret(readFileSync(f, 'latin1'), SECRET), f).toBe(false);

    await client.close();
    await stopGroup(server.child);
    await until(() => groupMembers(pid).length === 0, 'qwen to stop with the host', 15_000);
  });
});
