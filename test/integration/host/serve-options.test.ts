import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../../src-main/core/store/database';
import { tempDir } from '../../support/temp-dir';
import { Client, isolatedEnv, runUntilExit, startServer, stopGroup, type Served } from './serve-process';

/** Starts serve.ts, asks app.info for its data dir, stops it. */
async function dataDirOf(options: { dataDir: string | null; env: NodeJS.ProcessEnv }): Promise<string> {
  let server: Served | undefined;
  try {
    server = await startServer({ via: 'tsx', ...options });
    const client = await Client.connect(server.port, server.token);
    try {
      return (await client.call<{ dataDir: string }>('app.info', {})).dataDir;
    } finally {
      await client.close();
    }
  } finally {
    if (server) await stopGroup(server.child);
  }
}

describe('serve.ts startup options', () => {
  it('uses BOOCODER_HOME without --data-dir, and --data-dir over BOOCODER_HOME', async () => {
    await using dir = await tempDir('serve-opts-');
    const env = { ...isolatedEnv(dir.path), BOOCODER_HOME: path.join(dir.path, 'from-env') };
    expect(await dataDirOf({ dataDir: null, env })).toBe(path.join(dir.path, 'from-env'));
    expect(await dataDirOf({ dataDir: path.join(dir.path, 'from-flag'), env })).toBe(path.join(dir.path, 'from-flag'));
  });

  it('falls back to $XDG_CONFIG_HOME/BooCoder on linux', async () => {
    if (process.platform !== 'linux') return;
    await using dir = await tempDir('serve-opts-');
    const env = isolatedEnv(dir.path);
    expect(await dataDirOf({ dataDir: null, env })).toBe(path.join(env.XDG_CONFIG_HOME!, 'BooCoder'));
  });

  it('refuses a database from a newer version: exit 1, a clear message, nothing on stdout, the file untouched', async () => {
    await using dir = await tempDir('serve-opts-');
    const dataDir = path.join(dir.path, 'data');
    mkdirSync(dataDir);
    const file = path.join(dataDir, 'boocoder.db');
    const future = new Database(file);
    future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    future.close();

    const run = await runUntilExit(['--port', '0', '--data-dir', dataDir], isolatedEnv(dir.path));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/BooCoder failed to start: This database was written by a newer BooCoder/);

    const check = new Database(file, { readonly: true });
    try {
      expect(check.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    } finally {
      check.close();
    }
  });

  it('refuses a bad --port with exit 2 and an unknown flag with a non-zero exit', async () => {
    await using dir = await tempDir('serve-opts-');
    const env = isolatedEnv(dir.path);
    const badPort = await runUntilExit(['--port', 'eighty', '--data-dir', path.join(dir.path, 'd')], env);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('Invalid --port: eighty');
    expect(badPort.stdout).toBe('');
    const unknown = await runUntilExit(['--bogus'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stdout).toBe('');
  });
});
