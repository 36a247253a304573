import type { AttachmentInfo, ContextFill, SessionMode, StopReason, TurnPart, TurnStatus, Usage } from '../../../src-preload/contract';
import { emptyUsage } from '../../../src-preload/contract';
import type { Db } from './database';
import { newId } from './ids';
import { splitUsage, USAGE_INCREMENT, USAGE_SELECT, usageParams } from './usage-columns';

export interface TurnRow {
  id: string;
  chatId: string;
  ordinal: number;
  agent: string;
  status: TurnStatus;
  stopReason: StopReason | null;
  errorName: string | null;
  errorMessage: string | null;
  prompt: string;
  model: string | null;
  startedAt: number;
  endedAt: number | null;
  usage: Usage;
  /** Files this turn changed in the worktree (known once it ended). */
  changedFiles: string[];
  /** How the turn used its agent's session; null until the prompt went out. */
  sessionMode: SessionMode | null;
  costReported: boolean;
  context: ContextFill | null;
  attachments: AttachmentInfo[];
}

type RawTurn = Omit<TurnRow, 'usage' | 'changedFiles' | 'costReported' | 'context' | 'attachments'> &
  Usage & { changedFiles: string | null; costReported: number; contextUsed: number | null; contextSize: number | null; attachments: string | null };

const COLUMNS = `id, chat_id AS chatId, ordinal, agent, status, stop_reason AS stopReason, error_name AS errorName,
  error_message AS errorMessage, prompt, model, started_at AS startedAt, ended_at AS endedAt, ${USAGE_SELECT},
  changed_files AS changedFiles, session_mode AS sessionMode, cost_reported AS costReported,
  context_used AS contextUsed, context_size AS contextSize, attachments`;

export const contextOf = (used: number | null, size: number | null): ContextFill | null =>
  used !== null && size !== null ? { used, size } : null;

const toRow = (raw: RawTurn): TurnRow => {
  const { usage, rest } = splitUsage(raw);
  const { contextUsed, contextSize, costReported, attachments, changedFiles, ...fields } = rest;
  return {
    ...fields,
    usage,
    changedFiles: changedFiles ? (JSON.parse(changedFiles) as string[]) : [],
    costReported: costReported === 1,
    context: contextOf(contextUsed, contextSize),
    attachments: attachments ? (JSON.parse(attachments) as AttachmentInfo[]) : [],
  };
};

export class TurnsStore {
  constructor(private readonly db: Db) {}

  create(
    input: { chatId: string; agent: string; prompt: string; model: string | null; status: TurnStatus; attachments?: AttachmentInfo[] },
    now = Date.now(),
  ): TurnRow {
    // One statement numbers the turn and returns it: atomic without a transaction, and no read after.
    const raw = this.db
      .prepare(
        `INSERT INTO turns (id, chat_id, ordinal, agent, status, prompt, model, started_at, attachments)
           SELECT @id, @chatId, COALESCE(MAX(ordinal), 0) + 1, @agent, @status, @prompt, @model, @now, @attachments FROM turns WHERE chat_id = @chatId
         RETURNING ${COLUMNS}`,
      )
      .get({
        id: newId('turn'),
        chatId: input.chatId,
        agent: input.agent,
        status: input.status,
        prompt: input.prompt,
        model: input.model,
        now,
        attachments: input.attachments?.length ? JSON.stringify(input.attachments) : null,
      }) as RawTurn;
    return toRow(raw);
  }

  get(id: string): TurnRow | undefined {
    const raw = this.db.prepare(`SELECT ${COLUMNS} FROM turns WHERE id = ?`).get(id) as RawTurn | undefined;
    return raw && toRow(raw);
  }

  listByChat(chatId: string): TurnRow[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM turns WHERE chat_id = ? ORDER BY ordinal`).all(chatId) as RawTurn[]).map(toRow);
  }

  /** Turns of a chat after a given ordinal, oldest first (what an agent has not seen). */
  listSince(chatId: string, afterOrdinal: number): TurnRow[] {
    return (
      this.db.prepare(`SELECT ${COLUMNS} FROM turns WHERE chat_id = ? AND ordinal > ? ORDER BY ordinal`).all(chatId, afterOrdinal) as RawTurn[]
    ).map(toRow);
  }

  setStatus(id: string, status: TurnStatus): void {
    this.db.prepare('UPDATE turns SET status = ? WHERE id = ?').run(status, id);
  }

  setModel(id: string, model: string | null): void {
    this.db.prepare('UPDATE turns SET model = ? WHERE id = ?').run(model, id);
  }

  /** Ends a turn; the model that ran it and its last context fill, when known, are written in the same statement. */
  finish(
    id: string,
    result: {
      status: TurnStatus;
      stopReason: StopReason;
      error?: { name: string; message: string } | undefined;
      model?: string | null;
      context?: ContextFill | null;
    },
    now = Date.now(),
  ): void {
    this.db
      .prepare(
        `UPDATE turns SET status = ?, stop_reason = ?, error_name = ?, error_message = ?, ended_at = ?, model = COALESCE(?, model),
           context_used = COALESCE(?, context_used), context_size = COALESCE(?, context_size) WHERE id = ?`,
      )
      .run(
        result.status,
        result.stopReason,
        result.error?.name ?? null,
        result.error?.message ?? null,
        now,
        result.model ?? null,
        result.context?.used ?? null,
        result.context?.size ?? null,
        id,
      );
  }

  setSessionMode(id: string, mode: SessionMode): void {
    this.db.prepare('UPDATE turns SET session_mode = ? WHERE id = ?').run(mode, id);
  }

  setChangedFiles(id: string, paths: string[]): void {
    this.db.prepare('UPDATE turns SET changed_files = ? WHERE id = ?').run(JSON.stringify(paths), id);
  }

  /** Adds a usage increment; `costReported` says whether the agent reported a cost in it (even a zero one). */
  addUsage(id: string, u: Usage, costReported = false): void {
    this.db
      .prepare(`UPDATE turns SET ${USAGE_INCREMENT}, cost_reported = MAX(cost_reported, @costReported) WHERE id = @id`)
      .run({ ...usageParams(u), costReported: costReported ? 1 : 0, id });
  }



  /** On start: turns a previous run left running or queued can never finish now. */
  markInterrupted(now = Date.now()): number {
    return this.db
      .prepare(
        `UPDATE turns SET status = 'interrupted', stop_reason = 'interrupted', error_name = 'Interrupted',
         error_message = 'BooCoder stopped while this turn was running.', ended_at = ? WHERE status IN ('running','queued')`,
      )
      .run(now).changes;
  }

  /** Writes the parts of a turn whose content changed; called in batches while a turn streams. */
  writeParts(turnId: string, parts: Array<{ idx: number; part: TurnPart }>): void {
    if (parts.length === 0) return;
    const stmt = this.db.prepare(
      'INSERT INTO transcript_parts (turn_id, idx, kind, data) VALUES (?, ?, ?, ?) ON CONFLICT(turn_id, idx) DO UPDATE SET kind = excluded.kind, data = excluded.data',
    );
    this.db.transaction(() => {
      for (const { idx, part } of parts) stmt.run(turnId, idx, part.kind, JSON.stringify(part));
    })();
  }

  parts(turnId: string): TurnPart[] {
    const rows = this.db.prepare('SELECT data FROM transcript_parts WHERE turn_id = ? ORDER BY idx').all(turnId) as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as TurnPart);
  }

  /** Usage summed per (chat, agent), optionally for one repo and since a time. */
  usageRows(filter: { repoId?: string; since?: number }): Array<{ chatId: string; agent: string; usage: Usage; costReported: boolean }> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.repoId) {
      where.push('c.repo_id = ?');
      args.push(filter.repoId);
    }
    if (filter.since !== undefined) {
      where.push('t.started_at >= ?');
      args.push(filter.since);
    }
    const rows = this.db
      .prepare(
        `SELECT t.chat_id AS chatId, t.agent AS agent, SUM(t.input_tokens) AS inputTokens, SUM(t.output_tokens) AS outputTokens,
           SUM(t.reasoning_tokens) AS reasoningTokens, SUM(t.cache_read_tokens) AS cacheReadTokens,
           SUM(t.cache_write_tokens) AS cacheWriteTokens, SUM(t.cost) AS cost, MAX(t.cost_reported) AS costReported
         FROM turns t JOIN chats c ON c.id = t.chat_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         GROUP BY t.chat_id, t.agent ORDER BY t.chat_id, t.agent`,
      )
      .all(...args) as Array<{ chatId: string; agent: string; costReported: number } & Usage>;
    return rows.map(({ chatId, agent, costReported, ...u }) => ({ chatId, agent, usage: { ...emptyUsage(), ...u }, costReported: costReported === 1 }));
  }
}
