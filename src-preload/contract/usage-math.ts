import type { Usage } from './agent-event';

/**
 * Two usage records added up (totals per session, chat, repo, day). Kept free of zod so the
 * renderer can import it without the schemas.
 */
export const addUsage = (a: Usage, b: Usage): Usage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
  reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
  cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  cost: a.cost + b.cost,
});
