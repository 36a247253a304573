import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentSpec } from '../../../src-main/core/agents/agent-backend';
import { driveCore, sleep, until, type DrivenCore } from '../../support/fault-tools';
import { FakeBackend } from '../../support/fake-backend';
import { makeRepo } from '../../support/git-repo';
import { tempDir, type TempDir } from '../../support/temp-dir';

/**
 * Storage faults under a whole Core (agents replaced by the in-memory fake, so only SQLite is
 * under test): the database locked by another connection, and the disk full at a write (a real
 * tiny tmpfs when this process may mount one, and SQLite's max_page_count in any case). The
 * caller gets a named StorageError, the process survives, the database stays whole and earlier
 * data readable, and writes work again once the cause is gone.
 */

let dir: TempDir;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

beforeAll(async () => {
  dir = await tempDir('faults-storage-');
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  await dir?.[Symbol.asyncDispose]();
});
afterEach(() => {
  expect(unhandled, 'no unhandled error escaped the core').toEqual([]);
});

async function openApp(dataDir: string): Promise<{ app: DrivenCore; chatId: string; backends: FakeBackend[] }> {
  const backends: FakeBackend[] = [];
  const app = await driveCore({
    dataDir,
    agentEnv: { PATH: process.env.PATH },
    backendFactory: (spec: AgentSpec) => {
      const b = new FakeBackend(spec);
      backends.push(b);
      return b;
    },
  });
  const repoDir = realpathSync(makeRepo(path.join(dataDir, '..', `repo-${path.basename(dataDir)}`)));
  const repo = await app.call<{ id: string }>('repos.open', { path: repoDir });
  const chatId = (await app.call<{ id: string }>('chats.create', { repoId: repo.id, title: 'before the fault' })).id;
  const t = await app.send(chatId, 'qwen', 'a turn before the fault');
  expect((await app.end(t, 20_000)).stopReason).toBe('end_turn');
  return { app, chatId, backends };
}

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('the database locked by another connection', () => {
  it('writes fail with StorageError after the busy timeout, reads still work, and writes resume after the lock goes', async () => {
    const dataDir = path.join(dir.path, 'locked', 'data');
    mkdirSync(dataDir, { recursive: true });
    const { app, chatId, backends } = await openApp(dataDir);
    const file = path.join(dataDir, 'boocoder.db');
    const other = new Database(file);
    try {
      other.exec('BEGIN EXCLUSIVE');
      const t0 = Date.now();
      const error = await app.callError('chats.create', { repoId: app.core.store.repos.list()[0]!.id, title: 'while locked' });
      const ms = Date.now() - t0;
      expect(error.name).toBe('StorageError');
      expect(error.message).toMatch(/locked|busy/i);
      expect(ms).toBeGreaterThanOrEqual(800); // the 1 s busy timeout was honoured, not an instant failure
      const sendError = await app.callError('turns.send', { chatId, agent: 'qwen', prompt: 'while locked' });
      expect(sendError.name).toBe('StorageError');
      // Reads go on under WAL while another connection holds the write lock.
      expect((await app.call<Array<{ title: string }>>('chats.list', {})).map((c) => c.title)).toEqual(['before the fault']);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }


    // A turn running when the lock is taken: its usage, transcript and end cannot be written
    // (each write waits out the 1 s busy timeout). turn.end still reaches the caller, nothing
    // escapes as an unhandled error, and once the lock goes the retried writes land.
    const held = await app.send(chatId, 'qwen', '[[hold]] running under the lock');
    await until(() => app.events(held).some((e) => e.type === 'turn.start'), 'turn.start', 10_000);
    await sleep(300);
    const locker = new Database(file);
    locker.exec('BEGIN EXCLUSIVE');
    const l0 = Date.now();
    try {
      for (const b of backends) for (const s of b.sessions.values()) s.release();
      expect((await app.end(held, 30_000)).stopReason).toBe('end_turn');
      expect(app.core.store.turns.get(held)!.status).toBe('running');
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    console.info(`[faults] lock held for ${Date.now() - l0} ms while a turn ended`);
    await until(async () => (await app.call<Array<{ id: string; status: string }>>('turns.list', { chatId })).find((r) => r.id === held)!.status === 'done', 'the held turn to get its final status', 20_000);
    await until(() => app.core.store.turns.parts(held).length > 0, 'the retried transcript', 10_000);
    await app.call('chats.create', { repoId: app.core.store.repos.list()[0]!.id, title: 'after the lock' });
    const t = await app.send(chatId, 'qwen', 'after the lock');
    expect((await app.end(t, 20_000)).stopReason).toBe('end_turn');
    await app.core.shutdown();
    expect(integrity(file)).toBe('ok');
  }, 60_000);
});

describe('the disk full at a write', () => {
  it('max_page_count reached: StorageError at the boundary, also mid-turn, database whole afterwards', async () => {
    const dataDir = path.join(dir.path, 'pages', 'data');
    mkdirSync(dataDir, { recursive: true });
    const { app, chatId, backends } = await openApp(dataDir);
    const db = app.core.store.db;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);

    // A turn whose prompt does not fit: refused with StorageError, nothing half-written.
    const big = 'x'.repeat(200_000);
    const error = await app.callError('turns.send', { chatId, agent: 'qwen', prompt: big });
    expect(error.name).toBe('StorageError');
    expect(error.message).toMatch(/full/i);

    // A turn that is already running when the disk fills: it must end, and the process must survive.
    db.pragma('max_page_count = 1073741823');
    const t = await app.send(chatId, 'qwen', '[[hold]] a running turn');
    await until(() => app.events(t).some((e) => e.type === 'turn.start'), 'turn.start', 10_000);
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    // Fill every free byte of every page (big rows, then ever smaller ones), so that even the
    // turn's small transcript rows cannot be written.
    let n = 0;
    for (const size of [2000, 200, 20, 1]) {
      try {
        for (;;) db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(`filler-${n++}`, 'y'.repeat(size));
      } catch {
        // full at this size: go smaller
      }
    }
    expect(() => db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('probe', 'y')).toThrow(/full/i);
    for (const b of backends) for (const s of b.sessions.values()) s.release();
    const end = await app.end(t, 10_000);
    // turn.end reached the caller although its transcript could not be written yet.
    expect(end.stopReason).toBe('end_turn');
    await sleep(300);

    // Space comes back: the retried writes land, the turn gets its final status and its text.
    db.pragma('max_page_count = 1073741823');
    db.prepare("DELETE FROM settings WHERE key LIKE 'filler-%'").run();
    await until(async () => (await app.call<Array<{ id: string; status: string }>>('turns.list', { chatId })).find((r) => r.id === t)!.status === 'done', 'the retried end of the turn', 10_000);
    await until(() => app.core.store.turns.parts(t).length > 0, 'the retried transcript', 10_000);
    expect((await app.call<Array<{ id: string; text: string }>>('turns.list', { chatId })).find((r) => r.id === t)!.text).toBe('reply 2 (remembers 2)');
    const after = await app.send(chatId, 'qwen', 'after the disk was freed');
    expect((await app.end(after, 10_000)).stopReason).toBe('end_turn');
    const rows = await app.call<Array<{ prompt: string; status: string }>>('turns.list', { chatId });
    expect(rows[0]).toMatchObject({ prompt: 'a turn before the fault', status: 'done' });
    expect(rows.at(-1)).toMatchObject({ prompt: 'after the disk was freed', status: 'done' });
    // No turn is left "running" for ever.
    expect(rows.filter((r) => r.status === 'running')).toEqual([]);
    await app.core.shutdown();
    expect(integrity(path.join(dataDir, 'boocoder.db'))).toBe('ok');
  }, 60_000);

  it('a real full filesystem (tmpfs): StorageError, database whole, data readable after space is freed', async (ctx) => {
    const mnt = path.join(dir.path, 'tmpfs');
    mkdirSync(mnt, { recursive: true });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt], { stdio: 'ignore' });
    } catch {
      ctx.skip(); // not permitted here: the max_page_count test above covers SQLITE_FULL
      return;
    }
    try {
      const dataDir = path.join(mnt, 'data');
      mkdirSync(dataDir, { recursive: true });
      // The repo lives outside the tmpfs; only the database is on it.
      const app = await driveCore({ dataDir, agentEnv: { PATH: process.env.PATH }, backendFactory: (spec) => new FakeBackend(spec) });
      const repoDir = realpathSync(makeRepo(path.join(dir.path, 'tmpfs-repo')));
      const repo = await app.call<{ id: string }>('repos.open', { path: repoDir });
      const chatId = (await app.call<{ id: string }>('chats.create', { repoId: repo.id, title: 'kept' })).id;
      // Fill the filesystem to the last byte.
      const filler = path.join(mnt, 'filler');
      const free = () => {
        const s = statfsSync(mnt);
        return s.bavail * s.bsize;
      };
      writeFileSync(filler, Buffer.alloc(Math.max(0, free())));
      const names: string[] = [];
      for (let i = 0; i < 200; i++) {
        const reply = await app.callError('chats.create', { repoId: repo.id, title: `t${i} ${'z'.repeat(150)}` }).catch(() => null);
        if (reply) {
          names.push(reply.name);
          break;
        }
      }
      expect(names).toEqual(['StorageError']);
      rmSync(filler);
      // Earlier data is readable, and writes work again.
      expect((await app.call<Array<{ id: string }>>('chats.list', {})).map((c) => c.id)).toContain(chatId);
      await app.call('chats.create', { repoId: repo.id, title: 'after space came back' });
      await app.core.shutdown();
      expect(integrity(path.join(dataDir, 'boocoder.db'))).toBe('ok');
    } finally {
      execFileSync('umount', ['-l', mnt], { stdio: 'ignore' });
    }
  }, 60_000);
});
