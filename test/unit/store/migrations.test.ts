import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/core/errors';
import { LATEST_SCHEMA_VERSION, migrate, openDatabase, type Db } from '../../../src-main/core/store/database';
import { migrations, type Migration } from '../../../src-main/core/store/migrations';
import { Store } from '../../../src-main/core/store/store';
import { tempDir } from '../../support/temp-dir';

const userVersion = (db: Db): number => db.pragma('user_version', { simple: true }) as number;

const tables = (db: Db): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map(
    (r) => r.name,
  );

const columns = (db: Db, table: string): string[] =>
  (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>).map((r) => r.name);

/** Everything the schema is made of, to compare "before" and "after" exactly. */
const schemaDump = (db: Db): Array<{ type: string; name: string; sql: string | null }> =>
  db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all() as Array<{ type: string; name: string; sql: string | null }>;

const V1_TABLES = [
  'agent_config',
  'agent_sessions',
  'chats',
  'pending_change_files',
  'pending_changes',
  'repos',
  'settings',
  'transcript_parts',
  'turns',
  'worktrees',
];

describe('the migration list', () => {
  it('is numbered 1..N without gaps, and LATEST_SCHEMA_VERSION is its last number', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length);
    for (const m of migrations) expect(m.description.length).toBeGreaterThan(0);
  });
});

describe('migration 1', () => {
  it('creates every table of the first schema and sets user_version = 1', async () => {
    await using dir = await tempDir('mig1-');
    const db = new Database(path.join(dir.path, 'app.db'));
    try {
      expect(userVersion(db)).toBe(0);
      migrate(db, migrations.slice(0, 1));
      expect(userVersion(db)).toBe(1);
      expect(tables(db)).toEqual(V1_TABLES);
      expect(columns(db, 'repos')).toEqual(['id', 'path', 'created_at']);
      expect(columns(db, 'chats')).toEqual(['id', 'repo_id', 'title', 'created_at', 'archived_at']);
      expect(columns(db, 'turns')).toContain('ordinal');
      expect(columns(db, 'turns')).not.toContain('changed_files');
      expect(columns(db, 'agent_sessions')).toEqual(
        expect.arrayContaining(['chat_id', 'agent', 'external_session_id', 'status', 'last_used_at', 'seen_through_ordinal', 'input_tokens', 'output_tokens', 'cost']),
      );
      expect(columns(db, 'worktrees')).toEqual(expect.arrayContaining(['chat_id', 'path', 'branch', 'base_commit', 'state', 'archived_ref']));
      expect(columns(db, 'pending_changes')).toEqual(expect.arrayContaining(['chat_id', 'base_commit', 'tree', 'superseded_at']));
      expect(columns(db, 'pending_change_files')).toEqual(expect.arrayContaining(['change_id', 'path', 'agent', 'additions', 'deletions']));
    } finally {
      db.close();
    }
  });
});

describe('migration 2', () => {
  it('adds turns.changed_files and sets user_version = 2', async () => {
    await using dir = await tempDir('mig2-');
    const db = new Database(path.join(dir.path, 'app.db'));
    try {
      migrate(db, migrations.slice(0, 2));
      expect(userVersion(db)).toBe(2);
      expect(columns(db, 'turns')).toContain('changed_files');
      expect(tables(db)).toEqual(V1_TABLES);
    } finally {
      db.close();
    }
  });

  it('keeps the data of a v1 database it upgrades', async () => {
    await using dir = await tempDir('mig1to2-');
    const file = path.join(dir.path, 'app.db');
    const v1 = new Database(file);
    migrate(v1, migrations.slice(0, 1));
    v1.prepare('INSERT INTO repos (id, path, created_at) VALUES (?, ?, ?)').run('repo_1', '/r', 1);
    v1.prepare('INSERT INTO chats (id, repo_id, title, created_at) VALUES (?, ?, ?, ?)').run('chat_1', 'repo_1', 'Old chat', 2);
    v1.prepare(
      "INSERT INTO turns (id, chat_id, ordinal, agent, status, prompt, started_at, input_tokens) VALUES ('turn_1', 'chat_1', 1, 'qwen', 'done', 'hi', 3, 42)",
    ).run();
    v1.close();

    const store = Store.open(file);
    try {
      expect(userVersion(store.db)).toBe(LATEST_SCHEMA_VERSION);
      expect(store.repos.list()).toEqual([{ id: 'repo_1', path: '/r', createdAt: 1 }]);
      expect(store.chats.get('chat_1')).toMatchObject({ repoId: 'repo_1', title: 'Old chat', archivedAt: null });
      const turn = store.turns.get('turn_1');
      expect(turn).toMatchObject({ chatId: 'chat_1', ordinal: 1, agent: 'qwen', status: 'done', prompt: 'hi', changedFiles: [] });
      expect(turn?.usage.inputTokens).toBe(42);
    } finally {
      store.close();
    }
  });
});

describe('migration 3', () => {
  it('adds turns.session_mode and sets user_version = 3', async () => {
    await using dir = await tempDir('mig3-');
    const db = new Database(path.join(dir.path, 'app.db'));
    try {
      migrate(db, migrations.slice(0, 3));
      expect(userVersion(db)).toBe(3);
      expect(columns(db, 'turns')).toContain('session_mode');
      expect(tables(db)).toEqual(V1_TABLES);
    } finally {
      db.close();
    }
  });

  it('keeps a v2 turn, whose session mode is unknown (null)', async () => {
    await using dir = await tempDir('mig2to3-');
    const file = path.join(dir.path, 'app.db');
    const v2 = new Database(file);
    migrate(v2, migrations.slice(0, 2));
    v2.prepare('INSERT INTO repos (id, path, created_at) VALUES (?, ?, ?)').run('repo_1', '/r', 1);
    v2.prepare('INSERT INTO chats (id, repo_id, title, created_at) VALUES (?, ?, ?, ?)').run('chat_1', 'repo_1', 'c', 2);
    v2.prepare("INSERT INTO turns (id, chat_id, ordinal, agent, status, prompt, started_at, changed_files) VALUES ('turn_1', 'chat_1', 1, 'qwen', 'done', 'hi', 3, '[\"a.txt\"]')").run();
    v2.close();
    const store = Store.open(file);
    try {
      expect(store.turns.get('turn_1')).toMatchObject({ changedFiles: ['a.txt'], sessionMode: null });
      store.turns.setSessionMode('turn_1', 'resumed');
      expect(store.turns.get('turn_1')!.sessionMode).toBe('resumed');
    } finally {
      store.close();
    }
  });
});

/** Tables of the latest schema: the first schema's plus what later migrations added. */
const V4_TABLES = [...V1_TABLES, 'agent_options'].sort();
const LATEST_TABLES = [...V4_TABLES, 'arena_contestants', 'arena_parts', 'arenas'].sort();

describe('migration 4', () => {
  it('adds the context fill, cost-reported flag and attachments of turns, the reported state of sessions, and agent_options', async () => {
    await using dir = await tempDir('mig4-');
    const db = new Database(path.join(dir.path, 'app.db'));
    try {
      migrate(db, migrations.slice(0, 4));
      expect(userVersion(db)).toBe(4);
      expect(columns(db, 'turns')).toEqual(expect.arrayContaining(['context_used', 'context_size', 'cost_reported', 'attachments']));
      expect(columns(db, 'agent_sessions')).toEqual(
        expect.arrayContaining(['reported_cost', 'context_used', 'context_size', 'model', 'cost_reported']),
      );
      expect(tables(db)).toEqual(V4_TABLES);
    } finally {
      db.close();
    }
  });

  it('keeps a v3 turn and session: no context, no cost reported, no attachments', async () => {
    await using dir = await tempDir('mig3to4-');
    const file = path.join(dir.path, 'app.db');
    const v3 = new Database(file);
    migrate(v3, migrations.slice(0, 3));
    v3.prepare('INSERT INTO repos (id, path, created_at) VALUES (?, ?, ?)').run('repo_1', '/r', 1);
    v3.prepare('INSERT INTO chats (id, repo_id, title, created_at) VALUES (?, ?, ?, ?)').run('chat_1', 'repo_1', 'c', 2);
    v3.prepare("INSERT INTO turns (id, chat_id, ordinal, agent, status, prompt, started_at, cost) VALUES ('turn_1', 'chat_1', 1, 'claude-code', 'done', 'hi', 3, 0.5)").run();
    v3.prepare("INSERT INTO agent_sessions (chat_id, agent, external_session_id, status) VALUES ('chat_1', 'claude-code', 'ext', 'evicted')").run();
    v3.close();
    const store = Store.open(file);
    try {
      expect(store.turns.get('turn_1')).toMatchObject({ costReported: false, context: null, attachments: [], usage: expect.objectContaining({ cost: 0.5 }) });
      expect(store.sessions.get('chat_1', 'claude-code')).toMatchObject({ externalSessionId: 'ext', reportedCost: null, context: null, model: null });
      expect(store.agentOptions.get('claude-code')).toBeUndefined();
    } finally {
      store.close();
    }
  });
});

describe('migration 6', () => {
  it('adds the arena tables to a v4 database, whose chats then hold arenas that come back interrupted after a restart', async () => {
    await using dir = await tempDir('mig6-');
    const file = path.join(dir.path, 'app.db');
    const v4 = new Database(file);
    migrate(v4, migrations.filter((m) => m.version <= 4));
    v4.prepare('INSERT INTO repos (id, path, created_at) VALUES (?, ?, ?)').run('repo_1', '/r', 1);
    v4.prepare('INSERT INTO chats (id, repo_id, title, created_at) VALUES (?, ?, ?, ?)').run('chat_1', 'repo_1', 'c', 2);
    v4.close();
    const store = Store.open(file);
    try {
      expect(tables(store.db)).toEqual(LATEST_TABLES);
      const arena = store.arenas.create({ chatId: 'chat_1', prompt: 'both of you', agents: ['qwen', 'opencode'], pathFor: (id, agent) => `/w/${id}/${agent}` });
      store.arenas.startContestant(arena.id, 'qwen', { externalSessionId: 'ext-1' });
      store.arenas.finishContestant(arena.id, 'opencode', { status: 'done', stopReason: 'end_turn', model: 'm', reportedCost: null });
      store.arenas.partsSink(arena.id, 'qwen').writeParts('', [{ idx: 0, part: { kind: 'text', text: 'half' } }]);
      expect(store.arenas.markInterrupted()).toEqual([arena.id]);
      expect(store.arenas.get(arena.id)).toMatchObject({ status: 'interrupted', chatId: 'chat_1', prompt: 'both of you' });
      expect(store.arenas.contestants(arena.id).map((c) => [c.agent, c.status])).toEqual([
        ['qwen', 'interrupted'],
        ['opencode', 'done'],
      ]);
      expect(store.arenas.parts(arena.id, 'qwen')).toEqual([{ kind: 'text', text: 'half' }]);
      expect(store.arenas.liveWorktrees().map((w) => w.path).sort()).toEqual([`/w/${arena.id}/opencode`, `/w/${arena.id}/qwen`]);
      // Deleting the chat takes its arenas with it.
      store.chats.delete('chat_1');
      expect(store.arenas.get(arena.id)).toBeUndefined();
    } finally {
      store.close();
    }
  });
});

describe('openDatabase', () => {
  it('compiles each SQL text once and hands back the same statement, which keeps working', async () => {
    await using dir = await tempDir('stmt-cache-');
    const db = openDatabase(path.join(dir.path, 'app.db'));
    try {
      const sql = 'SELECT COUNT(*) AS n FROM chats WHERE repo_id = ?';
      expect(db.prepare(sql)).toBe(db.prepare(sql));
      expect(db.prepare('SELECT 1 AS one')).not.toBe(db.prepare('SELECT 2 AS two'));
      expect(db.prepare(sql).get('none')).toEqual({ n: 0 });
      expect(db.prepare(sql).get('none')).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});

describe('migrate', () => {
  it('does nothing on an up-to-date database (reopening is safe)', async () => {
    await using dir = await tempDir('mig-again-');
    const file = path.join(dir.path, 'app.db');
    openDatabase(file).close();
    const db = openDatabase(file);
    try {
      expect(userVersion(db)).toBe(LATEST_SCHEMA_VERSION);
      expect(tables(db)).toEqual(LATEST_TABLES);
    } finally {
      db.close();
    }
  });

  it('leaves user_version and the schema untouched when a migration fails half-way through its SQL', async () => {
    await using dir = await tempDir('mig-broken-');
    const db = new Database(path.join(dir.path, 'app.db'));
    try {
      migrate(db, migrations);
      const before = schemaDump(db);
      const broken: Migration = {
        version: LATEST_SCHEMA_VERSION + 1,
        description: 'creates a table, then fails',
        sql: 'CREATE TABLE half_done (x INTEGER); ALTER TABLE no_such_table ADD COLUMN y TEXT;',
      };
      expect(() => migrate(db, [...migrations, broken])).toThrow(/no_such_table/);
      expect(userVersion(db)).toBe(LATEST_SCHEMA_VERSION);
      expect(schemaDump(db)).toEqual(before);
      expect(tables(db)).not.toContain('half_done');
    } finally {
      db.close();
    }
  });

  // DESIGN.md: "Numbered migrations run in one transaction": a failure at N+2 must not leave N+1.
  it('runs all pending migrations in one transaction: a failing later one rolls back the earlier ones too', async () => {
    await using dir = await tempDir('mig-atomic-');
    const db = new Database(path.join(dir.path, 'app.db'));
    try {
      const list: Migration[] = [
        { version: 1, description: 'fine', sql: 'CREATE TABLE first (x INTEGER);' },
        { version: 2, description: 'fine', sql: 'CREATE TABLE second (x INTEGER);' },
        { version: 3, description: 'broken', sql: 'CREATE TABLE third (x INTEGER); THIS IS NOT SQL;' },
      ];
      expect(() => migrate(db, list)).toThrow();
      expect(userVersion(db)).toBe(0);
      expect(tables(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('refuses a database from a newer version with DatabaseTooNew, a clear message, and no change to it', async () => {
    await using dir = await tempDir('mig-new-');
    const file = path.join(dir.path, 'app.db');
    const future = new Database(file);
    migrate(future, migrations);
    future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 7}`);
    future.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('fromTheFuture', '1');
    future.close();

    let error: unknown;
    try {
      openDatabase(file).close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).name).toBe('DatabaseTooNew');
    expect((error as AppError).message).toContain(`schema ${LATEST_SCHEMA_VERSION + 7}`);
    expect((error as AppError).message).toContain(`up to ${LATEST_SCHEMA_VERSION}`);
    expect((error as AppError).message).toMatch(/newer BooCoder/);
    expect((error as AppError).message).toMatch(/Update BooCoder/);

    // The refused file is left exactly as the newer app wrote it, and it was closed (not locked).
    const check = new Database(file);
    try {
      expect(userVersion(check)).toBe(LATEST_SCHEMA_VERSION + 7);
      expect(check.prepare("SELECT value FROM settings WHERE key = 'fromTheFuture'").get()).toEqual({ value: '1' });
    } finally {
      check.close();
    }
  });

  it('names StorageError when the file cannot be opened as a database', async () => {
    await using dir = await tempDir('mig-dir-');
    // A directory where the database file should be.
    expect(() => openDatabase(dir.path)).toThrow(expect.objectContaining({ name: 'StorageError' }));
  });
});

describe('openDatabase pragmas', () => {
  it('turns on WAL and foreign keys', async () => {
    await using dir = await tempDir('mig-pragmas-');
    const db = openDatabase(path.join(dir.path, 'nested', 'app.db'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      // Foreign keys are enforced, not just declared.
      expect(() => db.prepare("INSERT INTO chats (id, repo_id, title, created_at) VALUES ('c', 'no-such-repo', 't', 1)").run()).toThrow(
        /FOREIGN KEY/,
      );
    } finally {
      db.close();
    }
  });
});

describe('migration 7', () => {
  it('adds the setup script per repo and marks worktrees that already exist as set up; new ones are not', async () => {
    await using dir = await tempDir('mig7-');
    const file = path.join(dir.path, 'app.db');
    const before = new Database(file);
    migrate(before, migrations.filter((m) => m.version < 7));
    before.prepare('INSERT INTO repos (id, path, created_at) VALUES (?, ?, ?)').run('repo_1', '/r', 1);
    before.prepare('INSERT INTO chats (id, repo_id, title, created_at) VALUES (?, ?, ?, ?)').run('chat_1', 'repo_1', 'Old chat', 2);
    before
      .prepare("INSERT INTO worktrees (chat_id, repo_id, path, branch, base_commit, state, created_at, updated_at) VALUES ('chat_1', 'repo_1', '/w/1', 'boocoder/chat_1', 'abc', 'active', 5, 5)")
      .run();
    before.close();

    const store = Store.open(file);
    try {
      expect(userVersion(store.db)).toBe(LATEST_SCHEMA_VERSION);
      expect(columns(store.db, 'repos')).toEqual(expect.arrayContaining(['setup_script', 'setup_timeout_ms']));
      expect(store.setup.get('repo_1')).toEqual({ script: null, timeoutMs: null });
      expect(store.setup.isDone('chat_1')).toBe(true);
      const chat2 = store.chats.create('repo_1', 'New chat');
      store.worktrees.insert({ chatId: chat2.id, repoId: 'repo_1', path: '/w/2', branch: `boocoder/${chat2.id}`, baseCommit: 'abc', state: 'active' });
      expect(store.setup.isDone(chat2.id)).toBe(false);
      store.setup.configure('repo_1', { script: 'npm ci', timeoutMs: 60_000 });
      expect(store.setup.get('repo_1')).toEqual({ script: 'npm ci', timeoutMs: 60_000 });
      store.setup.markDone(chat2.id, 9);
      expect(store.setup.isDone(chat2.id)).toBe(true);
    } finally {
      store.close();
    }
  });
});

describe('migration 8', () => {
  it('adds the restored turn of arena contestants (none for those that exist), and a restored contestant leaves the usage rows', async () => {
    await using dir = await tempDir('mig8-');
    const file = path.join(dir.path, 'app.db');
    const before = new Database(file);
    migrate(before, migrations.filter((m) => m.version < 8));
    before.prepare('INSERT INTO repos (id, path, created_at) VALUES (?, ?, ?)').run('repo_1', '/r', 1);
    before.prepare('INSERT INTO chats (id, repo_id, title, created_at) VALUES (?, ?, ?, ?)').run('chat_1', 'repo_1', 'Old chat', 2);
    before.prepare("INSERT INTO arenas (id, chat_id, prompt, status, created_at) VALUES ('arena_1', 'chat_1', 'p', 'discarded', 3)").run();
    before
      .prepare("INSERT INTO arena_contestants (arena_id, agent, position, status, path, input_tokens) VALUES ('arena_1', 'qwen', 0, 'done', '/s/q', 40)")
      .run();
    before.close();

    const store = Store.open(file);
    try {
      expect(userVersion(store.db)).toBe(LATEST_SCHEMA_VERSION);
      expect(columns(store.db, 'arena_contestants')).toContain('restored_turn_id');
      expect(store.arenas.contestants('arena_1')[0]!.restoredTurnId).toBeNull();
      expect(store.arenas.usageRows({}).map((r) => [r.agent, r.usage.inputTokens])).toEqual([['qwen', 40]]);
      store.arenas.setRestored('arena_1', 'qwen', 'turn_9');
      expect(store.arenas.contestants('arena_1')[0]!.restoredTurnId).toBe('turn_9');
      expect(store.arenas.usageRows({})).toEqual([]);
    } finally {
      store.close();
    }
  });
});
