import type { Usage } from './agent-event';

/** No tokens, no cost: the start of every total. */
export const emptyUsage = (): Usage => ({
  inputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  cost: 0,
});

/**
 * Two usage records added up (totals per session, chat, repo, day). Kept free of zod so the
 * renderer can import these without the schemas.
 */
export const addUsage = (a: Usage, b: Usage): Usage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
  reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
  cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  cost: a.cost + b.cost,
});
