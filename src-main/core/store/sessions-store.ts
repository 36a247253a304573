import type { ContextFill, SessionStatus, Usage } from '../../../src-preload/contract';
import { contextOf } from './turns-store';
import type { Db } from './database';
import { splitUsage, USAGE_INCREMENT, USAGE_SELECT, usageParams } from './usage-columns';

export interface AgentSessionRow {
  chatId: string;
  agent: string;
  externalSessionId: string | null;
  status: SessionStatus;
  lastUsedAt: number | null;
  seenThroughOrdinal: number;
  usage: Usage;
  /** The agent's own cumulative cost for the stored external session (null: never reported). */
  reportedCost: number | null;
  costReported: boolean;
  context: ContextFill | null;
  model: string | null;
}

type Raw = Omit<AgentSessionRow, 'usage' | 'costReported' | 'context'> &
  Usage & { costReported: number; contextUsed: number | null; contextSize: number | null };

const COLUMNS = `chat_id AS chatId, agent, external_session_id AS externalSessionId, status, last_used_at AS lastUsedAt,
  seen_through_ordinal AS seenThroughOrdinal, ${USAGE_SELECT}, reported_cost AS reportedCost, cost_reported AS costReported,
  context_used AS contextUsed, context_size AS contextSize, model`;

const toRow = (raw: Raw): AgentSessionRow => {
  const { usage, rest } = splitUsage(raw);
  const { costReported, contextUsed, contextSize, ...fields } = rest;
  return { ...fields, usage, costReported: costReported === 1, context: contextOf(contextUsed, contextSize) };
};

/** agent_sessions, keyed (chat_id, agent): what survives of a warm session across restarts. */
export class SessionsStore {
  constructor(private readonly db: Db) {}

  get(chatId: string, agent: string): AgentSessionRow | undefined {
    const raw = this.db.prepare(`SELECT ${COLUMNS} FROM agent_sessions WHERE chat_id = ? AND agent = ?`).get(chatId, agent) as Raw | undefined;
    return raw && toRow(raw);
  }

  listByChat(chatId: string): AgentSessionRow[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM agent_sessions WHERE chat_id = ? ORDER BY agent`).all(chatId) as Raw[]).map(toRow);
  }

  upsert(chatId: string, agent: string, fields: { externalSessionId?: string | null; status: SessionStatus; lastUsedAt?: number }): void {
    this.db
      .prepare(
        `INSERT INTO agent_sessions (chat_id, agent, external_session_id, status, last_used_at) VALUES (@chatId, @agent, @ext, @status, @lastUsedAt)
         ON CONFLICT(chat_id, agent) DO UPDATE SET
           -- Another external session: the agent's cumulative cost of the old one means nothing for it.
           reported_cost = CASE WHEN @ext IS NOT NULL AND @ext IS NOT external_session_id THEN NULL ELSE reported_cost END,
           external_session_id = COALESCE(@ext, external_session_id),
           status = @status,
           last_used_at = COALESCE(@lastUsedAt, last_used_at)`,
      )
      .run({ chatId, agent, ext: fields.externalSessionId ?? null, status: fields.status, lastUsedAt: fields.lastUsedAt ?? null });
  }

  /** What the live session last reported of itself: its cumulative cost, context fill and model. */
  setReported(chatId: string, agent: string, reported: { reportedCost: number | null; context: ContextFill | null; model: string | null }): void {
    this.db
      .prepare(
        `UPDATE agent_sessions SET reported_cost = COALESCE(@cost, reported_cost), context_used = COALESCE(@used, context_used),
           context_size = COALESCE(@size, context_size), model = COALESCE(@model, model) WHERE chat_id = @chatId AND agent = @agent`,
      )
      .run({
        chatId,
        agent,
        cost: reported.reportedCost,
        used: reported.context?.used ?? null,
        size: reported.context?.size ?? null,
        model: reported.model,
      });
  }

  /** Forgets the external session id (the agent lost it; the next turn starts a new one). */
  clearExternalSession(chatId: string, agent: string): void {
    this.db.prepare('UPDATE agent_sessions SET external_session_id = NULL WHERE chat_id = ? AND agent = ?').run(chatId, agent);
  }

  setStatus(chatId: string, agent: string, status: SessionStatus): void {
    this.db.prepare('UPDATE agent_sessions SET status = ? WHERE chat_id = ? AND agent = ?').run(status, chatId, agent);
  }

  setSeenThrough(chatId: string, agent: string, ordinal: number): void {
    this.db
      .prepare('UPDATE agent_sessions SET seen_through_ordinal = MAX(seen_through_ordinal, ?) WHERE chat_id = ? AND agent = ?')
      .run(ordinal, chatId, agent);
  }

  /** Adds to the session's totals; returns them as they are now (undefined: no such session). */
  addUsage(chatId: string, agent: string, u: Usage, costReported = false): Usage | undefined {
    const totals = this.db
      .prepare(
        `UPDATE agent_sessions SET ${USAGE_INCREMENT}, cost_reported = MAX(cost_reported, @costReported) WHERE chat_id = @chatId AND agent = @agent
         RETURNING ${USAGE_SELECT}`,
      )
      .get({ ...usageParams(u), costReported: costReported ? 1 : 0, chatId, agent }) as Usage | undefined;
    return totals && splitUsage(totals).usage;
  }


  /** On start no session is live: busy/idle rows become evicted (they reattach on their next turn). */
  markAllNotLive(): void {
    this.db.prepare("UPDATE agent_sessions SET status = 'evicted' WHERE status IN ('idle','busy')").run();
  }
}
