import type { AgentInfo } from '../../src-preload/contract';
import { READINESS_LABEL, readinessOf } from '../state/agent-readiness';

/** Ready, needs sign-in, or not installed, with the reason as its tooltip. */
export function AgentReadinessBadge({ agent }: { agent: AgentInfo }) {
  const readiness = readinessOf(agent);
  const title = readiness === 'not-installed' ? agent.reason : agent.auth.detail;
  return (
    <span className={`badge readiness readiness--${readiness}`} title={title} data-readiness={readiness}>
      {READINESS_LABEL[readiness]}
    </span>
  );
}
