import type { SessionInfo } from '../../src-preload/contract';
import { sessionChip } from '../state/session-chip';

/** What the next turn does with the agent's memory: resumed, loaded, history or new. */
export function SessionChip({ agent, sessions }: { agent: string; sessions: SessionInfo[] }) {
  const chip = sessionChip(agent, sessions);
  return (
    <span className={`chip chip--${chip.mode}`} title={chip.hint} data-testid="session-chip" data-mode={chip.mode}>
      <span className={`chip__dot${chip.live ? ' chip__dot--live' : ''}`} />
      {chip.label}
    </span>
  );
}
