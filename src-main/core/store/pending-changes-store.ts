import type { Db } from './database';

export interface PendingFileRow {
  path: string;
  oldPath: string | null;
  status: 'added' | 'modified' | 'deleted' | 'renamed' | 'type_changed';
  /** null = the user's own edit between turns. */
  agent: string | null;
  additions: number;
  deletions: number;
  binary: boolean;
}

export interface PendingChange {
  id: number;
  chatId: string;
  baseCommit: string;
  tree: string;
  createdAt: number;
  files: PendingFileRow[];
}

/** pending_changes: latest wins — recording a new change supersedes the chat's previous one. */
export class PendingChangesStore {
  constructor(private readonly db: Db) {}

  record(chatId: string, change: { baseCommit: string; tree: string; files: PendingFileRow[] }, now = Date.now()): PendingChange {
    let id = 0;
    this.db.transaction(() => {
      this.db.prepare('UPDATE pending_changes SET superseded_at = ? WHERE chat_id = ? AND superseded_at IS NULL').run(now, chatId);
      id = Number(
        this.db
          .prepare('INSERT INTO pending_changes (chat_id, base_commit, tree, created_at) VALUES (?, ?, ?, ?)')
          .run(chatId, change.baseCommit, change.tree, now).lastInsertRowid,
      );
      const insert = this.db.prepare(
        'INSERT INTO pending_change_files (change_id, path, old_path, status, agent, additions, deletions, binary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const f of change.files) insert.run(id, f.path, f.oldPath, f.status, f.agent, f.additions, f.deletions, f.binary ? 1 : 0);
    })();
    return this.current(chatId)!;
  }

  current(chatId: string): PendingChange | undefined {
    const head = this.db
      .prepare(
        'SELECT id, chat_id AS chatId, base_commit AS baseCommit, tree, created_at AS createdAt FROM pending_changes WHERE chat_id = ? AND superseded_at IS NULL ORDER BY id DESC LIMIT 1',
      )
      .get(chatId) as Omit<PendingChange, 'files'> | undefined;
    if (!head) return undefined;
    const files = (
      this.db
        .prepare(
          'SELECT path, old_path AS oldPath, status, agent, additions, deletions, binary FROM pending_change_files WHERE change_id = ? ORDER BY path',
        )
        .all(head.id) as Array<Omit<PendingFileRow, 'binary'> & { binary: number }>
    ).map((f) => ({ ...f, binary: f.binary === 1 }));
    return { ...head, files };
  }
}
