import type { ArenaStatus, ChangedFile, StopReason, TurnPart, TurnStatus, Usage } from '../../../src-preload/contract';
import type { Db } from './database';
import { newId } from './ids';
import { splitUsage, USAGE_INCREMENT, USAGE_SELECT, usageParams } from './usage-columns';

/** A file a contestant changed against the fork point, without its diff text (that lives in git). */
export type ArenaFileRow = Pick<ChangedFile, 'path' | 'oldPath' | 'status' | 'additions' | 'deletions' | 'binary'>;

export interface ArenaRow {
  id: string;
  chatId: string;
  prompt: string;
  status: ArenaStatus;
  forkTree: string | null;
  forkOrdinal: number;
  pickedAgent: string | null;
  pickedTurnId: string | null;
  createdAt: number;
  endedAt: number | null;
}

export interface ContestantRow {
  arenaId: string;
  agent: string;
  position: number;
  status: TurnStatus;
  stopReason: StopReason | null;
  errorName: string | null;
  errorMessage: string | null;
  path: string;
  externalSessionId: string | null;
  reportedCost: number | null;
  model: string | null;
  startedAt: number | null;
  endedAt: number | null;
  usage: Usage;
  costReported: boolean;
  finalTree: string | null;
  files: ArenaFileRow[] | null;
  archivedRef: string | null;
  worktreeRemoved: boolean;
  restoredTurnId: string | null;
}

const ARENA_COLUMNS = `id, chat_id AS chatId, prompt, status, fork_tree AS forkTree, fork_ordinal AS forkOrdinal,
  picked_agent AS pickedAgent, picked_turn_id AS pickedTurnId, created_at AS createdAt, ended_at AS endedAt`;

const CONTESTANT_COLUMNS = `arena_id AS arenaId, agent, position, status, stop_reason AS stopReason, error_name AS errorName,
  error_message AS errorMessage, path, external_session_id AS externalSessionId, reported_cost AS reportedCost, model,
  started_at AS startedAt, ended_at AS endedAt, ${USAGE_SELECT}, cost_reported AS costReported, final_tree AS finalTree,
  files, archived_ref AS archivedRef, worktree_removed AS worktreeRemoved, restored_turn_id AS restoredTurnId`;

type RawContestant = Omit<ContestantRow, 'usage' | 'costReported' | 'files' | 'worktreeRemoved'> &
  Usage & { costReported: number; files: string | null; worktreeRemoved: number };

const toContestant = (raw: RawContestant): ContestantRow => {
  const { usage, rest } = splitUsage(raw);
  const { costReported, files, worktreeRemoved, ...fields } = rest;
  return { ...fields, usage, costReported: costReported === 1, files: files ? (JSON.parse(files) as ArenaFileRow[]) : null, worktreeRemoved: worktreeRemoved === 1 };
};

/** Arena runs: the prompt, each contestant's state, transcript, usage and diff summary, and the pick. */
export class ArenasStore {
  constructor(private readonly db: Db) {}

  /**
   * A new running arena; each contestant's scratch worktree path depends on the arena's id
   * (`pathFor`), which is new unless reserved by the contestants' preparation (`id`).
   */
  create(input: { id?: string | undefined; chatId: string; prompt: string; agents: string[]; pathFor: (arenaId: string, agent: string) => string }, now = Date.now()): ArenaRow {
    const id = input.id ?? newId('arena');
    this.db.transaction(() => {
      this.db
        .prepare("INSERT INTO arenas (id, chat_id, prompt, status, created_at) VALUES (?, ?, ?, 'running', ?)")
        .run(id, input.chatId, input.prompt, now);
      const insert = this.db.prepare("INSERT INTO arena_contestants (arena_id, agent, position, status, path) VALUES (?, ?, ?, 'queued', ?)");
      input.agents.forEach((agent, i) => insert.run(id, agent, i, input.pathFor(id, agent)));
    })();
    return this.get(id)!;
  }

  get(id: string): ArenaRow | undefined {
    return this.db.prepare(`SELECT ${ARENA_COLUMNS} FROM arenas WHERE id = ?`).get(id) as ArenaRow | undefined;
  }

  listByChat(chatId: string): ArenaRow[] {
    return this.db.prepare(`SELECT ${ARENA_COLUMNS} FROM arenas WHERE chat_id = ? ORDER BY created_at DESC, id DESC`).all(chatId) as ArenaRow[];
  }

  /** Arenas whose contestants' worktrees may still be on disk (not yet picked or discarded). */
  listOpen(): ArenaRow[] {
    return this.db.prepare(`SELECT ${ARENA_COLUMNS} FROM arenas WHERE status IN ('running','done','interrupted') ORDER BY created_at`).all() as ArenaRow[];
  }

  contestants(arenaId: string): ContestantRow[] {
    return (this.db.prepare(`SELECT ${CONTESTANT_COLUMNS} FROM arena_contestants WHERE arena_id = ? ORDER BY position`).all(arenaId) as RawContestant[]).map(toContestant);
  }

  /** Every contestant whose scratch worktree has not been removed yet, with its arena's status. */
  liveWorktrees(): Array<{ arenaId: string; chatId: string; agent: string; path: string; arenaStatus: ArenaStatus }> {
    return this.db
      .prepare(
        `SELECT c.arena_id AS arenaId, a.chat_id AS chatId, c.agent, c.path, a.status AS arenaStatus
         FROM arena_contestants c JOIN arenas a ON a.id = c.arena_id WHERE c.worktree_removed = 0`,
      )
      .all() as Array<{ arenaId: string; chatId: string; agent: string; path: string; arenaStatus: ArenaStatus }>;
  }

  /** The fork point, once the chat's worktree has been snapshotted for it. */
  setFork(id: string, fork: { tree: string; ordinal: number }): void {
    this.db.prepare('UPDATE arenas SET fork_tree = ?, fork_ordinal = ? WHERE id = ?').run(fork.tree, fork.ordinal, id);
  }

  setStatus(id: string, status: ArenaStatus, now = Date.now()): void {
    const ends = status !== 'running';
    this.db.prepare('UPDATE arenas SET status = ?, ended_at = CASE WHEN ? THEN COALESCE(ended_at, ?) ELSE NULL END WHERE id = ?').run(status, ends ? 1 : 0, now, id);
  }

  setPicked(id: string, agent: string, turnId: string, now = Date.now()): void {
    this.db.prepare("UPDATE arenas SET status = 'picked', picked_agent = ?, picked_turn_id = ?, ended_at = COALESCE(ended_at, ?) WHERE id = ?").run(agent, turnId, now, id);
  }

  startContestant(arenaId: string, agent: string, fields: { externalSessionId: string }, now = Date.now()): void {
    this.db
      .prepare("UPDATE arena_contestants SET status = 'running', external_session_id = ?, started_at = ? WHERE arena_id = ? AND agent = ?")
      .run(fields.externalSessionId, now, arenaId, agent);
  }

  finishContestant(
    arenaId: string,
    agent: string,
    result: { status: TurnStatus; stopReason: StopReason; error?: { name: string; message: string } | undefined; model: string | null; reportedCost: number | null },
    now = Date.now(),
  ): void {
    this.db
      .prepare(
        `UPDATE arena_contestants SET status = ?, stop_reason = ?, error_name = ?, error_message = ?, model = COALESCE(?, model),
           reported_cost = COALESCE(?, reported_cost), ended_at = COALESCE(ended_at, ?), started_at = COALESCE(started_at, ?) WHERE arena_id = ? AND agent = ?`,
      )
      .run(result.status, result.stopReason, result.error?.name ?? null, result.error?.message ?? null, result.model, result.reportedCost, now, now, arenaId, agent);
  }

  setResult(arenaId: string, agent: string, result: { finalTree: string; files: ArenaFileRow[]; archivedRef: string }): void {
    this.db
      .prepare('UPDATE arena_contestants SET final_tree = ?, files = ?, archived_ref = ? WHERE arena_id = ? AND agent = ?')
      .run(result.finalTree, JSON.stringify(result.files), result.archivedRef, arenaId, agent);
  }

  /** The contestant was brought into the chat after its arena closed, as `turnId` (its usage moved there). */
  setRestored(arenaId: string, agent: string, turnId: string): void {
    this.db.prepare('UPDATE arena_contestants SET restored_turn_id = ? WHERE arena_id = ? AND agent = ?').run(turnId, arenaId, agent);
  }

  markWorktreeRemoved(arenaId: string, agent: string): void {
    this.db.prepare('UPDATE arena_contestants SET worktree_removed = 1 WHERE arena_id = ? AND agent = ?').run(arenaId, agent);
  }

  addUsage(arenaId: string, agent: string, u: Usage, costReported: boolean): void {
    this.db
      .prepare(`UPDATE arena_contestants SET ${USAGE_INCREMENT}, cost_reported = MAX(cost_reported, @costReported) WHERE arena_id = @arenaId AND agent = @agent`)
      .run({ ...usageParams(u), costReported: costReported ? 1 : 0, arenaId, agent });
  }

  /** A contestant's transcript parts, written in batches while it streams (the TranscriptWriter's sink). */
  partsSink(arenaId: string, agent: string): { writeParts(turnId: string, parts: Array<{ idx: number; part: TurnPart }>): void } {
    return {
      writeParts: (_ignored, parts) => {
        if (parts.length === 0) return;
        const stmt = this.db.prepare(
          'INSERT INTO arena_parts (arena_id, agent, idx, kind, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT(arena_id, agent, idx) DO UPDATE SET kind = excluded.kind, data = excluded.data',
        );
        this.db.transaction(() => {
          for (const { idx, part } of parts) stmt.run(arenaId, agent, idx, part.kind, JSON.stringify(part));
        })();
      },
    };
  }

  parts(arenaId: string, agent: string): TurnPart[] {
    const rows = this.db.prepare('SELECT data FROM arena_parts WHERE arena_id = ? AND agent = ? ORDER BY idx').all(arenaId, agent) as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as TurnPart);
  }

  /**
   * What contestants cost per (chat, agent), except the picked or restored ones (their usage moved
   * into the chat turn they became), optionally for one repo and since a time.
   */
  usageRows(filter: { repoId?: string; since?: number }): Array<{ chatId: string; agent: string; usage: Usage; costReported: boolean }> {
    const where = ["NOT (a.status = 'picked' AND a.picked_agent = c.agent)", 'c.restored_turn_id IS NULL'];
    const args: unknown[] = [];
    if (filter.repoId) {
      where.push('ch.repo_id = ?');
      args.push(filter.repoId);
    }
    if (filter.since !== undefined) {
      where.push('a.created_at >= ?');
      args.push(filter.since);
    }
    const rows = this.db
      .prepare(
        `SELECT a.chat_id AS chatId, c.agent AS agent, SUM(c.input_tokens) AS inputTokens, SUM(c.output_tokens) AS outputTokens,
           SUM(c.reasoning_tokens) AS reasoningTokens, SUM(c.cache_read_tokens) AS cacheReadTokens,
           SUM(c.cache_write_tokens) AS cacheWriteTokens, SUM(c.cost) AS cost, MAX(c.cost_reported) AS costReported
         FROM arena_contestants c JOIN arenas a ON a.id = c.arena_id JOIN chats ch ON ch.id = a.chat_id
         WHERE ${where.join(' AND ')} GROUP BY a.chat_id, c.agent ORDER BY a.chat_id, c.agent`,
      )
      .all(...args) as Array<{ chatId: string; agent: string; costReported: number } & Usage>;
    return rows.map(({ chatId, agent, costReported, ...u }) => ({ chatId, agent, usage: usageParams(u), costReported: costReported === 1 }));
  }

  /**
   * On start: an arena a previous run left running can never finish now. It comes back as
   * interrupted with what each contestant had done (still pickable); unfinished contestants too.
   */
  markInterrupted(now = Date.now()): string[] {
    const ids = (this.db.prepare("SELECT id FROM arenas WHERE status = 'running'").all() as Array<{ id: string }>).map((r) => r.id);
    if (ids.length === 0) return [];
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE arena_contestants SET status = 'interrupted', stop_reason = 'interrupted', error_name = 'Interrupted',
             error_message = 'BooCoder stopped while this contestant was working.', ended_at = ? WHERE status IN ('queued','running')`,
        )
        .run(now);
      this.db.prepare("UPDATE arenas SET status = 'interrupted', ended_at = ? WHERE status = 'running'").run(now);
    })();
    return ids;
  }
}
