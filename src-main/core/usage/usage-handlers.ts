import { addUsage, emptyUsage } from '../../../src-preload/contract';
import type { HandlerGroup } from '../rpc/handlers-type';
import type { Store } from '../store/store';

/** Start of the local day, for "today" totals. */
export const startOfToday = (now = new Date()): number => new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();

export function usageHandlers(store: Store): HandlerGroup<'usage.summary'> {
  return {
    'usage.summary': ({ repoId }) => {
      // The context fill is the session's latest, not a sum.
      const rows = store.turns
        .usageRows(repoId ? { repoId } : {})
        .map((r) => ({ ...r, context: store.sessions.get(r.chatId, r.agent)?.context ?? null }));
      const repoTotal = rows.reduce((acc, r) => addUsage(acc, r.usage), emptyUsage());
      const today = store.turns.usageRows({ since: startOfToday() }).reduce((acc, r) => addUsage(acc, r.usage), emptyUsage());
      return { rows, repoTotal, today };
    },
  };
}
