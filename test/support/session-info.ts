import { emptyUsage, type SessionInfo } from '../../src-preload/contract';

/** A live, idle session row of `sessions.list` with no usage, for renderer tests to vary. */
export const sessionInfo = (agent: string, p: Partial<SessionInfo> = {}): SessionInfo => ({
  agent,
  status: 'idle',
  live: true,
  externalSessionId: 'x',
  nextTurn: 'resumed',
  pendingHandoff: false,
  lastUsedAt: null,
  ...emptyUsage(),
  costReported: false,
  context: null,
  model: null,
  ...p,
});
