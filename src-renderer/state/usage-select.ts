import type { ContextFill, MethodResult, SessionInfo, Usage } from '../../src-preload/contract';
import { addUsage, emptyUsage } from '../../src-preload/contract/usage-math';

export const sumUsage = (list: readonly Usage[]): Usage => list.reduce(addUsage, emptyUsage());

export const usageKey = (chatId: string, agent: string): string => `${chatId}\u0000${agent}`;

type UsageSummary = MethodResult<'usage.summary'>;
type UsageRow = UsageSummary['rows'][number];

/** Per-agent totals of one chat, from the live map keyed by usageKey. */
export function chatUsage(byKey: ReadonlyMap<string, Usage>, chatId: string): { agent: string; usage: Usage }[] {
  const prefix = `${chatId}\u0000`;
  const rows: { agent: string; usage: Usage }[] = [];
  for (const [k, usage] of byKey) if (k.startsWith(prefix)) rows.push({ agent: k.slice(prefix.length), usage });
  return rows.sort((a, b) => a.agent.localeCompare(b.agent));
}

/** One agent's line in a chat's usage panel. */
export interface AgentUsageRow {
  agent: string;
  usage: Usage;
  /** False: the agent never said what it cost here ("no cost reported", not $0). */
  costReported: boolean;
  context: ContextFill | null;
}

/**
 * A chat's per-agent usage with what each figure means. Tokens come from the live totals; cost
 * counts as reported if the session, the summary or a positive total says so (usage.updated
 * carries no such flag); the context fill is the newest known: a turn's live `context` event,
 * else the session's, else the summary's.
 */
export function agentUsageRows(
  byKey: ReadonlyMap<string, Usage>,
  chatId: string,
  sessions: readonly SessionInfo[],
  summaryRows: readonly UsageRow[],
  liveContext: ReadonlyMap<string, ContextFill>,
): AgentUsageRow[] {
  return chatUsage(byKey, chatId).map(({ agent, usage }) => {
    const session = sessions.find((s) => s.agent === agent);
    const row = summaryRows.find((r) => r.chatId === chatId && r.agent === agent);
    return {
      agent,
      usage,
      costReported: !!session?.costReported || !!row?.costReported || usage.cost > 0,
      context: liveContext.get(agent) ?? session?.context ?? row?.context ?? null,
    };
  });
}

/**
 * Whether the repo's and today's totals have any reported cost behind them. The summary says so
 * per row only: the repo's rows decide for the repo, and today (all repos) counts as reported
 * when it has a cost or this repo reported one.
 */
export function totalsCostReported(summary: UsageSummary): { repo: boolean; today: boolean } {
  const repo = summary.repoTotal.cost > 0 || summary.rows.some((r) => r.costReported);
  return { repo, today: summary.today.cost > 0 || repo };
}
