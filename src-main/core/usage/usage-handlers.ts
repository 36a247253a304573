import { addUsage, emptyUsage, type Usage } from '../../../src-preload/contract';
import type { HandlerGroup } from '../rpc/handlers-type';
import type { Store } from '../store/store';

/** Start of the local day, for "today" totals. */
export const startOfToday = (now = new Date()): number => new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();

type UsageRow = { chatId: string; agent: string; usage: Usage; costReported: boolean };

/** Turns' usage with what arena contestants that were not picked cost, one row per (chat, agent). */
function withArenas(turns: UsageRow[], arenas: UsageRow[]): UsageRow[] {
  const byKey = new Map(turns.map((r) => [`${r.chatId}\u0000${r.agent}`, r]));
  for (const a of arenas) {
    const key = `${a.chatId}\u0000${a.agent}`;
    const t = byKey.get(key);
    byKey.set(key, t ? { ...t, usage: addUsage(t.usage, a.usage), costReported: t.costReported || a.costReported } : a);
  }
  // The same order as SQLite's ORDER BY chat_id, agent (binary).
  const cmp = (p: string, q: string) => (p < q ? -1 : p > q ? 1 : 0);
  return [...byKey.values()].sort((x, y) => cmp(x.chatId, y.chatId) || cmp(x.agent, y.agent));
}

export function usageHandlers(store: Store): HandlerGroup<'usage.summary'> {
  const usageRows = (filter: { repoId?: string; since?: number }) => withArenas(store.turns.usageRows(filter), store.arenas.usageRows(filter));
  return {
    'usage.summary': ({ repoId }) => {
      // The context fill is the session's latest, not a sum.
      const rows = usageRows(repoId ? { repoId } : {}).map((r) => ({ ...r, context: store.sessions.get(r.chatId, r.agent)?.context ?? null }));
      const repoTotal = rows.reduce((acc, r) => addUsage(acc, r.usage), emptyUsage());
      const today = usageRows({ since: startOfToday() }).reduce((acc, r) => addUsage(acc, r.usage), emptyUsage());
      return { rows, repoTotal, today };
    },
  };
}
