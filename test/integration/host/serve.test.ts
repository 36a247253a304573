import Database from 'better-sqlite3';
import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../../src-main/core/store/database';
import { makeRepo } from '../../support/git-repo';
import { tempDir, type TempDir } from '../../support/temp-dir';
import { Client, isolatedEnv, LISTENING_LINE, startServer, stopGroup, tcpProbe, upgradeStatus, type Served } from './serve-process';

/**
 * The headless host as a user runs it: a child process on a temp data dir, spoken to over its
 * WebSocket with the `ws` package, stopped with signals, and restarted on the same data.
 */

let root: TempDir;
let env: NodeJS.ProcessEnv;
let dataDir: string;
let repoDir: string;
const started: Served[] = [];

// What the first run creates and later runs must still find.
let repoId = '';
let chatId = '';

beforeAll(async () => {
  root = await tempDir('serve-it-');
  env = isolatedEnv(root.path);
  dataDir = path.join(root.path, 'data');
  repoDir = realpathSync(makeRepo(path.join(root.path, 'repo'), { 'README.md': '# hi\n', 'sub/file.txt': 'x\n' }));
  mkdirSync(path.join(root.path, 'plain'));
});

afterAll(async () => {
  for (const s of started) await stopGroup(s.child);
  await root[Symbol.asyncDispose]();
});

async function serve(via: 'npx' | 'tsx'): Promise<Served> {
  const s = await startServer({ via, dataDir, env });
  started.push(s);
  return s;
}

const dbFile = () => path.join(dataDir, 'boocoder.db');

/** Opens the database the server left behind and checks it is whole and holds the chat. */
function expectIntactDatabase(expectedTitle: string): void {
  // A clean close folds the WAL back into the main file.
  const wal = `${dbFile()}-wal`;
  if (existsSync(wal)) expect(statSync(wal).size).toBe(0);
  const db = new Database(dbFile(), { readonly: true, fileMustExist: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare('SELECT id, path FROM repos').all()).toEqual([{ id: repoId, path: repoDir }]);
    expect(db.prepare('SELECT id, repo_id AS repoId, title FROM chats').all()).toEqual([{ id: chatId, repoId, title: expectedTitle }]);
  } finally {
    db.close();
  }
}

async function stopWith(s: Served, signal: 'SIGTERM' | 'SIGINT'): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const t0 = Date.now();
  s.child.kill(signal);
  const result = await Promise.race([
    s.exited,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit within 10 s of ${signal}; stderr: ${s.stderr()}`)), 10_000)),
  ]);
  return { ...result, ms: Date.now() - t0 };
}

describe('serve.ts, first run (npx tsx src-main/serve.ts --port 0)', () => {
  let server: Served;
  let client: Client;

  beforeAll(async () => {
    server = await serve('npx');
    client = await Client.connect(server.port, server.token);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('prints exactly one line: the URL with the token', () => {
    const lines = server.stdout().split('\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(LISTENING_LINE);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses a WebSocket without the token (401), with a wrong one (401) and from a foreign Origin even with it (403)', async () => {
    const base = `ws://127.0.0.1:${server.port}/ipc`;
    expect(await upgradeStatus(base)).toBe(401);
    expect(await upgradeStatus(`${base}?token=wrong`)).toBe(401);
    expect(await upgradeStatus(`${base}?token=${server.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/other?token=${server.token}`)).toBe(404);
    // The same origin as the served page, and a Bearer header, are accepted.
    expect(await upgradeStatus(`${base}?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` })).toBe(101);
    expect(await upgradeStatus(base, { headers: { Authorization: `Bearer ${server.token}` } })).toBe(101);
  });

  it('binds 127.0.0.1 only', async () => {
    expect(await tcpProbe('127.0.0.1', server.port)).toBe('connected');
    // Linux routes all of 127/8 to loopback: a wildcard bind would answer on 127.0.0.2.
    if (process.platform === 'linux') expect(await tcpProbe('127.0.0.2', server.port)).toBe('ECONNREFUSED');
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((a): a is os.NetworkInterfaceInfo => a !== undefined && !a.internal && a.family === 'IPv4');
    for (const a of others) expect(await tcpProbe(a.address, server.port), a.address).not.toBe('connected');
  });

  it('app.info returns the version and the data dir', async () => {
    const info = await client.call<{ version: string; dataDir: string }>('app.info', {});
    expect(info).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), dataDir });
    // params may be left out entirely
    expect(await client.call('app.info')).toEqual(info);
  });

  it('repos.open: a real git repo (from a subfolder too) gives {id, path}, idempotently', async () => {
    const repo = await client.call<{ id: string; path: string }>('repos.open', { path: repoDir });
    expect(repo).toEqual({ id: expect.stringMatching(/^repo_/), path: repoDir });
    repoId = repo.id;
    expect(await client.call('repos.open', { path: path.join(repoDir, 'sub') })).toEqual(repo);
    expect(await client.call('repos.list', {})).toEqual([repo]);
  });

  it('repos.open: a plain folder is NotAGitRepo, a missing path NotADirectory', async () => {
    const plain = await client.request('repos.open', { path: path.join(root.path, 'plain') });
    expect(plain.error?.name).toBe('NotAGitRepo');
    expect(plain.result).toBeUndefined();
    const missing = await client.request('repos.open', { path: path.join(root.path, 'nope') });
    expect(missing.error?.name).toBe('NotADirectory');
    expect(missing.error?.message).toContain(path.join(root.path, 'nope'));
  });

  it('chats.create shows up in chats.list, emits chats.updated, and chats.rename renames it', async () => {
    const chat = await client.call<{ id: string; repoId: string; title: string; archived: boolean }>('chats.create', { repoId, title: 'First chat' });
    expect(chat).toEqual({ id: expect.stringMatching(/^chat_/), repoId, title: 'First chat', archived: false });
    chatId = chat.id;
    const event = await client.waitFor((f) => f.event === 'chats.updated');
    expect(event).toEqual({ event: 'chats.updated', payload: { repoId } });

    expect(await client.call('chats.list', { repoId })).toEqual([chat]);
    expect(await client.call('chats.rename', { chatId, title: 'Renamed chat' })).toEqual({ ...chat, title: 'Renamed chat' });
    expect(await client.call('chats.list', {})).toEqual([{ ...chat, title: 'Renamed chat' }]);
  });

  it('answers bad calls with named errors and the request id', async () => {
    const bad = await client.request('repos.open', { path: 42 });
    expect(bad.error?.name).toBe('InvalidInput');
    expect(bad.error?.message).toContain('path');
    expect(typeof bad.id).toBe('number');

    const extra = await client.request('chats.list', { repoId, surprise: 1 });
    expect(extra.error?.name).toBe('InvalidInput');

    const unknown = await client.request('chats.explode', {});
    expect(unknown.error?.name).toBe('UnknownMethod');

    const noChat = await client.request('chats.create', { repoId: 'repo_missing' });
    expect(noChat.error?.name).toBe('NotFound');
  });

  it('answers a frame that is not JSON, or not a request, with InvalidInput and id null, and keeps the socket open', async () => {
    const before = client.frames.length;
    client.sendRaw('this is not json {');
    const reply = await client.waitFor((f) => client.frames.indexOf(f) >= before && f.id === null);
    expect(reply).toEqual({ id: null, error: { name: 'InvalidInput', message: expect.any(String) } });

    const before2 = client.frames.length;
    client.sendRaw(JSON.stringify({ method: 'app.info' }));
    const reply2 = await client.waitFor((f) => client.frames.indexOf(f) >= before2 && f.id === null);
    expect(reply2.error?.name).toBe('InvalidInput');

    expect(await client.call('app.info', {})).toMatchObject({ dataDir });
  });

  it('stops cleanly when its process group gets SIGTERM, as a terminal or supervisor would send', async () => {
    await client.close();
    expect(await stopGroup(server.child, 10_000)).toBe(true);
    expect(server.stderr()).toMatch(/SIGTERM, shutting down/);
    // Still just the one line on stdout: shutdown talk goes to stderr.
    expect(server.stdout().split('\n').filter(Boolean)).toHaveLength(1);
    expectIntactDatabase('Renamed chat');
  });
});

describe('serve.ts, restarts on the same data dir', () => {
  it('second run: the repo and chat are still there; SIGTERM exits 0 within a few seconds with the database intact', async () => {
    const server = await serve('tsx');
    const client = await Client.connect(server.port, server.token);
    try {
      expect(await client.call('repos.list', {})).toEqual([{ id: repoId, path: repoDir }]);
      expect(await client.call('chats.list', { repoId })).toEqual([{ id: chatId, repoId, title: 'Renamed chat', archived: false }]);
      await client.call('chats.rename', { chatId, title: 'Second run' });
    } finally {
      await client.close();
    }
    const stop = await stopWith(server, 'SIGTERM');
    expect(stop).toMatchObject({ code: 0, signal: null });
    expect(stop.ms).toBeLessThan(8000);
    expect(server.stdout().split('\n').filter(Boolean)).toHaveLength(1);
    expectIntactDatabase('Second run');
  });

  it('third run: data persists again; SIGINT exits 0 within a few seconds with the database intact', async () => {
    const server = await serve('tsx');
    const client = await Client.connect(server.port, server.token);
    try {
      expect(await client.call('chats.list', {})).toEqual([{ id: chatId, repoId, title: 'Second run', archived: false }]);
      expect(await client.call('app.info', {})).toMatchObject({ dataDir });
    } finally {
      await client.close();
    }
    const stop = await stopWith(server, 'SIGINT');
    expect(stop).toMatchObject({ code: 0, signal: null });
    expect(stop.ms).toBeLessThan(8000);
    expect(server.stderr()).toMatch(/SIGINT, shutting down/);
    expectIntactDatabase('Second run');
  });

  it('SIGTERM with a client still connected also exits 0', async () => {
    const server = await serve('tsx');
    const client = await Client.connect(server.port, server.token);
    expect(await client.call('repos.list', {})).toHaveLength(1);
    const stop = await stopWith(server, 'SIGTERM');
    expect(stop).toMatchObject({ code: 0, signal: null });
    await client.close();
    expectIntactDatabase('Second run');
  });
});
