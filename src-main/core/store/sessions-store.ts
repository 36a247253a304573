import type { SessionStatus, Usage } from '../../../src-preload/contract';
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
}

type Raw = Omit<AgentSessionRow, 'usage'> & Usage;

const COLUMNS = `chat_id AS chatId, agent, external_session_id AS externalSessionId, status, last_used_at AS lastUsedAt,
  seen_through_ordinal AS seenThroughOrdinal, ${USAGE_SELECT}`;

const toRow = (raw: Raw): AgentSessionRow => {
  const { usage, rest } = splitUsage(raw);
  return { ...rest, usage };
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
           external_session_id = COALESCE(@ext, external_session_id),
           status = @status,
           last_used_at = COALESCE(@lastUsedAt, last_used_at)`,
      )
      .run({ chatId, agent, ext: fields.externalSessionId ?? null, status: fields.status, lastUsedAt: fields.lastUsedAt ?? null });
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

  addUsage(chatId: string, agent: string, u: Usage): void {
    this.db.prepare(`UPDATE agent_sessions SET ${USAGE_INCREMENT} WHERE chat_id = @chatId AND agent = @agent`).run({ ...usageParams(u), chatId, agent });
  }


  /** On start no session is live: busy/idle rows become evicted (they reattach on their next turn). */
  markAllNotLive(): void {
    this.db.prepare("UPDATE agent_sessions SET status = 'evicted' WHERE status IN ('idle','busy')").run();
  }
}
