import type { SessionMode } from '../../../src-preload/contract';

/**
 * What an agent's next turn in a chat will do, as the session chip says it (pure): reuse its
 * live or stored session ("resumed"), or start a new one — which gets the chat's history as a
 * hand-off when others have spoken ("history").
 */
export function nextTurnMode(s: { live: boolean; storedSessionId: string | null; pendingHandoff: boolean }): SessionMode {
  if (s.live || s.storedSessionId) return 'resumed';
  return s.pendingHandoff ? 'history' : 'new';
}
