import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Core } from '../../../src-main/core/core';
import { tempDir } from '../../support/temp-dir';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/**
 * The writer runs in this node process's child directly (tsx as a loader), not under the tsx
 * CLI: that CLI is a wrapper process, and SIGKILL on it would leave the real writer running.
 */
const spawnWriter = (dbFile: string) =>
  spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'crash-writer.ts'), dbFile], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** Runs crash-writer.ts until it has committed `batches` batches, SIGKILLs it, returns what it reported. */
async function writeThenKill(dbFile: string, batches: number): Promise<{ chatId: string; turnId: string; lastCommitted: number }> {
  const child = spawnWriter(dbFile);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  try {
    const deadline = Date.now() + 60_000;
    while (!out.includes(`committed ${batches}\n`)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`writer did not get far: ${out.slice(-500)} ${err}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
  const ids = /^ids (\S+) (\S+)$/m.exec(out);
  const committed = [...out.matchAll(/^committed (\d+)$/gm)].map((m) => Number(m[1]));
  return { chatId: ids![1]!, turnId: ids![2]!, lastCommitted: Math.max(...committed) };
}

describe('the database after the app is killed mid-turn', () => {
  it('is intact, keeps every committed transcript batch whole, and the next start marks the turn interrupted and the session not live', async () => {
    await using dir = await tempDir('crash-');
    const dbFile = path.join(dir.path, 'boocoder.db');
    const { chatId, turnId, lastCommitted } = await writeThenKill(dbFile, 40);

    // Read it as it was left (WAL not checkpointed), before any app code touches it.
    const raw = new Database(dbFile);
    try {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      const parts = raw.prepare('SELECT idx FROM transcript_parts WHERE turn_id = ? ORDER BY idx').all(turnId) as Array<{ idx: number }>;
      // Everything reported committed survived; whatever came after is either whole or absent.
      expect(parts.length).toBeGreaterThanOrEqual(2 * (lastCommitted + 1));
      expect(parts.length % 2).toBe(0);
      expect(parts.map((p) => p.idx)).toEqual(parts.map((_, i) => i));
      const turn = raw.prepare('SELECT status, output_tokens AS out FROM turns WHERE id = ?').get(turnId) as { status: string; out: number };
      expect(turn.status).toBe('running');
      expect(turn.out).toBe(parts.length / 2);
    } finally {
      raw.close();
    }

    const core = await Core.open({ dataDir: dir.path, agentSearchDirs: [], agentEnv: { PATH: '' } });
    try {
      const turns = await core.handlers['turns.list']({ chatId });
      expect(turns).toHaveLength(1);
      expect(turns[0]).toMatchObject({ id: turnId, status: 'interrupted', stopReason: 'interrupted', prompt: 'write forever' });
      expect(turns[0]!.endedAt).not.toBeNull();
      expect(turns[0]!.parts.length).toBeGreaterThanOrEqual(2 * (lastCommitted + 1));
      expect(turns[0]!.text).toContain('part 0apart 0b');
      const sessions = await core.handlers['sessions.list']({ chatId });
      expect(sessions).toEqual([expect.objectContaining({ agent: 'qwen', status: 'evicted', live: false, externalSessionId: 'ext-crash' })]);
      expect(await core.handlers['chats.list']({})).toEqual([{ id: chatId, repoId: expect.any(String), title: 'Crash chat', archived: false }]);
    } finally {
      await core.shutdown();
    }
  });

  it('lets a reader see a consistent snapshot while another process is writing', async () => {
    await using dir = await tempDir('crash-read-');
    const dbFile = path.join(dir.path, 'boocoder.db');
    const child = spawnWriter(dbFile);
    child.stderr.resume();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
      const deadline = Date.now() + 60_000;
      while (!out.includes('committed 5\n')) {
        if (Date.now() > deadline) throw new Error('writer did not start');
        await new Promise((r) => setTimeout(r, 10));
      }
      const reader = new Database(dbFile, { readonly: true });
      try {
        reader.pragma('busy_timeout = 5000');
        let previous = 0;
        for (let k = 0; k < 20; k++) {
          // One read transaction: the parts and the usage counter must agree (both come from the same batches).
          const snapshot = reader.transaction(() => ({
            parts: (reader.prepare('SELECT COUNT(*) AS n FROM transcript_parts').get() as { n: number }).n,
            out: (reader.prepare('SELECT output_tokens AS n FROM turns').get() as { n: number }).n,
          }))();
          expect(snapshot.parts % 2).toBe(0);
          expect(snapshot.parts / 2).toBe(snapshot.out);
          expect(snapshot.out).toBeGreaterThanOrEqual(previous);
          previous = snapshot.out;
          await new Promise((r) => setTimeout(r, 5));
        }
        expect(previous).toBeGreaterThan(5);
      } finally {
        reader.close();
      }
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  });
});
