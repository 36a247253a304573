import type { Db } from './database';

export interface AgentConfigRow {
  id: string;
  name: string | null;
  kind: 'opencode' | 'acp';
  command: string | null;
  args: string[] | null;
  env: Record<string, string> | null;
  /** False when the user turned the agent's sandbox off; null = the default (on). */
  sandbox?: boolean | null;
}

interface Raw {
  id: string;
  name: string | null;
  kind: 'opencode' | 'acp';
  command: string | null;
  args: string | null;
  env: string | null;
  sandbox: number | null;
}

const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/** User overrides of built-in agents and user-defined ACP agents. */
export class AgentConfigStore {
  constructor(private readonly db: Db) {}

  list(): AgentConfigRow[] {
    return (this.db.prepare('SELECT id, name, kind, command, args, env, sandbox FROM agent_config ORDER BY id').all() as Raw[]).map((r) => ({
      ...r,
      args: parse<string[]>(r.args),
      env: parse<Record<string, string>>(r.env),
      sandbox: r.sandbox === null ? null : r.sandbox !== 0,
    }));
  }

  get(id: string): AgentConfigRow | undefined {
    return this.list().find((r) => r.id === id);
  }

  upsert(row: AgentConfigRow, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO agent_config (id, name, kind, command, args, env, sandbox, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, command = excluded.command,
           args = excluded.args, env = excluded.env, sandbox = excluded.sandbox, updated_at = excluded.updated_at`,
      )
      .run(
        row.id,
        row.name,
        row.kind,
        row.command,
        row.args && JSON.stringify(row.args),
        row.env && JSON.stringify(row.env),
        row.sandbox === null || row.sandbox === undefined ? null : row.sandbox ? 1 : 0,
        now,
      );
  }
}
