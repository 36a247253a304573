import type { Db } from './database';

export type WorktreeState = 'active' | 'archived' | 'flagged' | 'missing';

export interface WorktreeRow {
  chatId: string;
  repoId: string;
  path: string;
  branch: string;
  baseCommit: string;
  lastSnapshot: string | null;
  state: WorktreeState;
  archivedRef: string | null;
  flagReason: string | null;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = `chat_id AS chatId, repo_id AS repoId, path, branch, base_commit AS baseCommit, last_snapshot AS lastSnapshot,
  state, archived_ref AS archivedRef, flag_reason AS flagReason, created_at AS createdAt, updated_at AS updatedAt`;

export class WorktreesStore {
  constructor(private readonly db: Db) {}

  insert(row: Omit<WorktreeRow, 'createdAt' | 'updatedAt' | 'archivedRef' | 'flagReason' | 'lastSnapshot'> & { lastSnapshot?: string | null }, now = Date.now()): WorktreeRow {
    this.db
      .prepare(
        `INSERT INTO worktrees (chat_id, repo_id, path, branch, base_commit, last_snapshot, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(row.chatId, row.repoId, row.path, row.branch, row.baseCommit, row.lastSnapshot ?? null, row.state, now, now);
    return this.get(row.chatId)!;
  }

  get(chatId: string): WorktreeRow | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM worktrees WHERE chat_id = ?`).get(chatId) as WorktreeRow | undefined;
  }

  list(): WorktreeRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM worktrees ORDER BY created_at`).all() as WorktreeRow[];
  }

  listByRepo(repoId: string): WorktreeRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM worktrees WHERE repo_id = ? ORDER BY created_at`).all(repoId) as WorktreeRow[];
  }

  update(chatId: string, fields: Partial<Pick<WorktreeRow, 'baseCommit' | 'lastSnapshot' | 'state' | 'archivedRef' | 'flagReason' | 'path' | 'branch'>>, now = Date.now()): void {
    const columns: Record<string, string> = {
      baseCommit: 'base_commit',
      lastSnapshot: 'last_snapshot',
      state: 'state',
      archivedRef: 'archived_ref',
      flagReason: 'flag_reason',
      path: 'path',
      branch: 'branch',
    };
    const sets: string[] = [];
    const args: unknown[] = [];
    for (const [key, value] of Object.entries(fields)) {
      const column = columns[key];
      if (!column || value === undefined) continue;
      sets.push(`${column} = ?`);
      args.push(value);
    }
    if (sets.length === 0) return;
    this.db.prepare(`UPDATE worktrees SET ${sets.join(', ')}, updated_at = ? WHERE chat_id = ?`).run(...args, now, chatId);
  }

  delete(chatId: string): void {
    this.db.prepare('DELETE FROM worktrees WHERE chat_id = ?').run(chatId);
  }
}
