import type { Db } from './database';

export interface RepoSetup {
  /** Shell script run in each new worktree before its first turn; null = none. */
  script: string | null;
  /** How long it may run; null = the default. */
  timeoutMs: number | null;
}

/** The per-repository setup script and which worktrees have had theirs (columns of repos and worktrees). */
export class SetupStore {
  constructor(private readonly db: Db) {}

  get(repoId: string): RepoSetup {
    const row = this.db.prepare('SELECT setup_script AS script, setup_timeout_ms AS timeoutMs FROM repos WHERE id = ?').get(repoId) as RepoSetup | undefined;
    return row ?? { script: null, timeoutMs: null };
  }

  configure(repoId: string, fields: { script?: string | null; timeoutMs?: number | null }): void {
    if (fields.script !== undefined) this.db.prepare('UPDATE repos SET setup_script = ? WHERE id = ?').run(fields.script, repoId);
    if (fields.timeoutMs !== undefined) this.db.prepare('UPDATE repos SET setup_timeout_ms = ? WHERE id = ?').run(fields.timeoutMs, repoId);
  }

  /** True once the chat's worktree had its setup (ran, was skipped by the user, or there was no script). */
  isDone(chatId: string): boolean {
    const row = this.db.prepare('SELECT setup_done_at AS doneAt FROM worktrees WHERE chat_id = ?').get(chatId) as { doneAt: number | null } | undefined;
    return row?.doneAt !== null && row?.doneAt !== undefined;
  }

  markDone(chatId: string, now = Date.now()): void {
    this.db.prepare('UPDATE worktrees SET setup_done_at = ? WHERE chat_id = ?').run(now, chatId);
  }
}
