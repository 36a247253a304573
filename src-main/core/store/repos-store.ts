import type { Db } from './database';
import { newId } from './ids';

export interface RepoRow {
  id: string;
  path: string;
  createdAt: number;
}

export class ReposStore {
  constructor(private readonly db: Db) {}

  /** Returns the existing row for this path, or creates one. */
  upsert(repoPath: string, now = Date.now()): RepoRow {
    const existing = this.byPath(repoPath);
    if (existing) return existing;
    const row: RepoRow = { id: newId('repo'), path: repoPath, createdAt: now };
    this.db.prepare('INSERT INTO repos (id, path, created_at) VALUES (?, ?, ?)').run(row.id, row.path, row.createdAt);
    return row;
  }

  byPath(repoPath: string): RepoRow | undefined {
    return this.db.prepare('SELECT id, path, created_at AS createdAt FROM repos WHERE path = ?').get(repoPath) as RepoRow | undefined;
  }

  get(id: string): RepoRow | undefined {
    return this.db.prepare('SELECT id, path, created_at AS createdAt FROM repos WHERE id = ?').get(id) as RepoRow | undefined;
  }

  list(): RepoRow[] {
    return this.db.prepare('SELECT id, path, created_at AS createdAt FROM repos ORDER BY created_at, rowid').all() as RepoRow[];
  }
}
