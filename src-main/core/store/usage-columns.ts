import type { Usage } from '../../../src-preload/contract';

/**
 * The six usage columns that turns and agent_sessions both carry: how they are selected, how an
 * increment is added in SQL, and how a selected row is split back into its usage.
 */
export const USAGE_SELECT = `input_tokens AS inputTokens, output_tokens AS outputTokens, reasoning_tokens AS reasoningTokens,
  cache_read_tokens AS cacheReadTokens, cache_write_tokens AS cacheWriteTokens, cost`;

/** SET clause adding the named parameters @inputTokens … @cost to the totals. */
export const USAGE_INCREMENT = `input_tokens = input_tokens + @inputTokens, output_tokens = output_tokens + @outputTokens,
  reasoning_tokens = reasoning_tokens + @reasoningTokens, cache_read_tokens = cache_read_tokens + @cacheReadTokens,
  cache_write_tokens = cache_write_tokens + @cacheWriteTokens, cost = cost + @cost`;

export function splitUsage<T extends Usage>(row: T): { usage: Usage; rest: Omit<T, keyof Usage> } {
  const { inputTokens, outputTokens, reasoningTokens, cacheReadTokens, cacheWriteTokens, cost, ...rest } = row;
  return { usage: { inputTokens, outputTokens, reasoningTokens, cacheReadTokens, cacheWriteTokens, cost }, rest };
}

/** Only the usage fields, as named parameters for USAGE_INCREMENT (callers may pass richer objects). */
export const usageParams = (u: Usage): Usage => ({
  inputTokens: u.inputTokens,
  outputTokens: u.outputTokens,
  reasoningTokens: u.reasoningTokens,
  cacheReadTokens: u.cacheReadTokens,
  cacheWriteTokens: u.cacheWriteTokens,
  cost: u.cost,
});
