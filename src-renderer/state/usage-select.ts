import type { Usage } from '../../src-preload/contract';
import { addUsage, emptyUsage } from '../../src-preload/contract/usage-math';

export const sumUsage = (list: readonly Usage[]): Usage => list.reduce(addUsage, emptyUsage());

export const usageKey = (chatId: string, agent: string): string => `${chatId}\u0000${agent}`;

/** Per-agent totals of one chat, from the live map keyed by usageKey. */
export function chatUsage(byKey: ReadonlyMap<string, Usage>, chatId: string): { agent: string; usage: Usage }[] {
  const prefix = `${chatId}\u0000`;
  const rows: { agent: string; usage: Usage }[] = [];
  for (const [k, usage] of byKey) if (k.startsWith(prefix)) rows.push({ agent: k.slice(prefix.length), usage });
  return rows.sort((a, b) => a.agent.localeCompare(b.agent));
}
