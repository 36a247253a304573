import { underPressure } from './memory-policy';

/**
 * Whether to pre-warm a (chat, agent) now, decided with no I/O. A pre-warm is a guess about the
 * next turn, so it yields to everything real: it is skipped when the agents already use most of
 * the memory budget, and when every live-session slot is held by a busy turn (it may take an idle
 * slot — the pool evicts the least recently used idle session, never a busy one).
 */
export interface PrewarmInput {
  usedBytes: number;
  budgetBytes: number;
  liveSessions: number;
  busySessions: number;
  maxLiveSessions: number;
}

export type PrewarmDecision = { action: 'warm' } | { action: 'skip'; reason: string };

/** Pre-warming stops at this share of the budget, leaving the rest to turns the user sends. */
export const PREWARM_PRESSURE_SHARE = 0.9;

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export function decidePrewarm(input: PrewarmInput): PrewarmDecision {
  if (underPressure(input.usedBytes, input.budgetBytes, PREWARM_PRESSURE_SHARE)) {
    return { action: 'skip', reason: `the agents already use ${mb(input.usedBytes)} of the ${mb(input.budgetBytes)} memory budget` };
  }
  if (input.busySessions >= input.maxLiveSessions) {
    return { action: 'skip', reason: `all ${input.maxLiveSessions} live sessions are running turns` };
  }
  return { action: 'warm' };
}

/** The pre-warm input as the pool and the settings stand now (for the pre-warms of chats and of arena contestants alike). */
export function prewarmInput(
  pool: { occupancy(): { live: number; busy: number }; usedBytes(): number },
  settings: { memoryBudgetBytes: number; maxLiveSessions: number },
): PrewarmInput {
  const { live, busy } = pool.occupancy();
  return { usedBytes: pool.usedBytes(), budgetBytes: settings.memoryBudgetBytes, liveSessions: live, busySessions: busy, maxLiveSessions: settings.maxLiveSessions };
}
