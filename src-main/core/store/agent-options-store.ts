import { AgentOptions } from '../../../src-preload/contract';
import type { Db } from './database';

/**
 * agent_options: what each agent's last new session offered (models, modes, commands, prompt
 * capabilities), so the composer can offer them before a chat's first turn, across restarts,
 * without starting the agent. A stored value that no longer parses is treated as absent.
 */
export class AgentOptionsStore {
  constructor(private readonly db: Db) {}

  get(agent: string): AgentOptions | undefined {
    const row = this.db.prepare('SELECT options FROM agent_options WHERE agent = ?').get(agent) as { options: string } | undefined;
    if (!row) return undefined;
    try {
      const parsed = AgentOptions.safeParse(JSON.parse(row.options));
      return parsed.success ? { ...parsed.data, source: 'remembered' } : undefined;
    } catch {
      return undefined;
    }
  }

  save(agent: string, options: AgentOptions, now = Date.now()): void {
    this.db
      .prepare('INSERT INTO agent_options (agent, options, updated_at) VALUES (?, ?, ?) ON CONFLICT(agent) DO UPDATE SET options = excluded.options, updated_at = excluded.updated_at')
      .run(agent, JSON.stringify(options), now);
  }
}
