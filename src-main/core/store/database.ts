import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import { LATEST_SCHEMA_VERSION, migrations, type Migration } from './migrations';

export type Db = Database.Database;

/** Opens (creating if needed) the app database with WAL and foreign keys, and migrates it. */
export function openDatabase(file: string, list: Migration[] = migrations): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file);
  } catch (e) {
    throw new AppError('StorageError', `Cannot open the database at ${file}: ${(e as Error).message}`);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // Short: a write waits synchronously, freezing the core while another process holds the lock;
    // failed transcript writes are kept and retried, so giving up early loses nothing.
    db.pragma('busy_timeout = 1000');
    migrate(db, list);
    cacheStatements(db);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Makes `db.prepare` return one compiled statement per SQL text. better-sqlite3 compiles on every
 * prepare, and the stores prepare where they query: compiling again on each of the twenty-odd
 * queries of a turn cost about a millisecond. The SQL texts are a fixed set (values are always
 * bound parameters), so the cache stays small; no store changes a statement's mode (pluck, raw).
 */
function cacheStatements(db: Db): void {
  const compile = db.prepare.bind(db);
  const compiled = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = compiled.get(sql);
    if (!statement) {
      statement = compile(sql);
      compiled.set(sql, statement);
    }
    return statement;
  }) as Db['prepare'];
}

/** Applies every pending migration in one transaction: all of them land, with user_version, or none. */
export function migrate(db: Db, list: Migration[] = migrations): void {
  const latest = list.length > 0 ? list[list.length - 1]!.version : 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new AppError(
      'DatabaseTooNew',
      `This database was written by a newer BooCoder (schema ${current}; this version knows up to ${latest}). ` +
        'Update BooCoder, or point it at another data directory.',
    );
  }
  const pending = list.filter((m) => m.version > current);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
}

export { LATEST_SCHEMA_VERSION };
