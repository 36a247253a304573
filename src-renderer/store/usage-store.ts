import { create } from 'zustand';
import type { MethodResult, Usage } from '../../src-preload/contract';
import { bridge } from '../bridge/bridge';
import { usageKey } from '../state/usage-select';

type Summary = MethodResult<'usage.summary'>;

/** Live usage per (chat, agent) and the repo / today summary. */
interface UsageState {
  live: ReadonlyMap<string, Usage>;
  summary: Summary | null;
}

export const useUsage = create<UsageState>(() => ({ live: new Map(), summary: null }));

export function noteUsage(chatId: string, agent: string, totals: Usage): void {
  useUsage.setState((s) => {
    const live = new Map(s.live);
    live.set(usageKey(chatId, agent), totals);
    return { live };
  });
}

export async function loadUsage(repoId: string | null): Promise<void> {
  try {
    const summary = await bridge.invoke('usage.summary', repoId ? { repoId } : {});
    useUsage.setState((s) => {
      const live = new Map(s.live);
      // The summary is read after the events it covers, so its rows are the current totals.
      for (const r of summary.rows) live.set(usageKey(r.chatId, r.agent), r.usage);
      return { summary, live };
    });
  } catch {
    // Without a summary the panel shows the live figures it has.
  }
}
