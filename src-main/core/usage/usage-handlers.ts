import { emptyUsage, type Usage } from '../../../src-preload/contract';
import type { HandlerGroup } from '../rpc/handlers-type';
import type { Store } from '../store/store';

const add = (a: Usage, b: Usage): Usage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
  reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
  cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  cost: a.cost + b.cost,
});

/** Start of the local day, for "today" totals. */
export const startOfToday = (now = new Date()): number => new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();

export function usageHandlers(store: Store): HandlerGroup<'usage.summary'> {
  return {
    'usage.summary': ({ repoId }) => {
      const rows = store.turns.usageRows(repoId ? { repoId } : {});
      const repoTotal = rows.reduce((acc, r) => add(acc, r.usage), emptyUsage());
      const today = store.turns.usageRows({ since: startOfToday() }).reduce((acc, r) => add(acc, r.usage), emptyUsage());
      return { rows, repoTotal, today };
    },
  };
}
