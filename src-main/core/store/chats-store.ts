import type { Db } from './database';
import { newId } from './ids';

export interface ChatRow {
  id: string;
  repoId: string;
  title: string;
  createdAt: number;
  archivedAt: number | null;
}

const COLUMNS = 'id, repo_id AS repoId, title, created_at AS createdAt, archived_at AS archivedAt';

export class ChatsStore {
  constructor(private readonly db: Db) {}

  create(repoId: string, title: string, now = Date.now()): ChatRow {
    const row: ChatRow = { id: newId('chat'), repoId, title, createdAt: now, archivedAt: null };
    this.db.prepare('INSERT INTO chats (id, repo_id, title, created_at) VALUES (?, ?, ?, ?)').run(row.id, repoId, title, now);
    return row;
  }

  get(id: string): ChatRow | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM chats WHERE id = ?`).get(id) as ChatRow | undefined;
  }

  list(filter: { repoId?: string; includeArchived?: boolean } = {}): ChatRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.repoId) {
      where.push('repo_id = ?');
      args.push(filter.repoId);
    }
    if (!filter.includeArchived) where.push('archived_at IS NULL');
    const sql = `SELECT ${COLUMNS} FROM chats ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, rowid`;
    return this.db.prepare(sql).all(...args) as ChatRow[];
  }

  countInRepo(repoId: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM chats WHERE repo_id = ?').get(repoId) as { n: number }).n;
  }

  rename(id: string, title: string): void {
    this.db.prepare('UPDATE chats SET title = ? WHERE id = ?').run(title, id);
  }

  /** Deletes the chat and, by cascade, its turns, transcript, sessions, worktree row and pending changes. */
  delete(id: string): void {
    this.db.prepare('DELETE FROM chats WHERE id = ?').run(id);
  }

  setArchived(id: string, archivedAt: number | null): void {
    this.db.prepare('UPDATE chats SET archived_at = ? WHERE id = ?').run(archivedAt, id);
  }
}
