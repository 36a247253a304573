import type { Usage } from '../../src-preload/contract';

export const zeroUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0 });

export function sumUsage(list: readonly Usage[]): Usage {
  return list.reduce(
    (a, b) => ({
      inputTokens: a.inputTokens + b.inputTokens,
      outputTokens: a.outputTokens + b.outputTokens,
      reasoningTokens: a.reasoningTokens + b.reasoningTokens,
      cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
      cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
      cost: a.cost + b.cost,
    }),
    zeroUsage(),
  );
}

export const usageKey = (chatId: string, agent: string): string => `${chatId}\u0000${agent}`;

/** Per-agent totals of one chat, from the live map keyed by usageKey. */
export function chatUsage(byKey: ReadonlyMap<string, Usage>, chatId: string): { agent: string; usage: Usage }[] {
  const prefix = `${chatId}\u0000`;
  const rows: { agent: string; usage: Usage }[] = [];
  for (const [k, usage] of byKey) if (k.startsWith(prefix)) rows.push({ agent: k.slice(prefix.length), usage });
  return rows.sort((a, b) => a.agent.localeCompare(b.agent));
}
