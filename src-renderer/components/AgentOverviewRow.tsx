import type { AgentInfo } from '../../src-preload/contract';
import { foundLabel, readinessOf } from '../state/agent-readiness';
import { AgentReadinessBadge } from './AgentReadinessBadge';
import { AgentSetupActions } from './AgentSetupActions';
import { AgentSignInPanel } from './AgentSignInPanel';
import { InstallLog } from './InstallLog';

/**
 * One agent as the welcome screen and Settings list it: ready or not, where its program was
 * found and its version, install / update / remove, and sign-in. `actions` and `children` add
 * what the caller's page has besides (Settings: its Configure button and form).
 */
export function AgentOverviewRow({
  agent,
  signingIn,
  onToggleSignIn,
  actions,
  children,
  compact = false,
}: {
  /** Narrow places (the welcome card): where it was found goes under the name. */
  compact?: boolean;
  agent: AgentInfo;
  signingIn: boolean;
  onToggleSignIn: () => void;
  actions?: React.ReactNode;
  children?: React.ReactNode;
}) {
  const found = foundLabel(agent);
  const readiness = readinessOf(agent);
  return (
    <li className="agent-list__item" data-agent-id={agent.id}>
      <div className="agent-list__row">
        <span className={`status-dot ${readiness === 'ready' ? 'status-dot--completed' : readiness === 'needs-sign-in' ? 'status-dot--warn' : 'status-dot--failed'}`} />
        <strong>{agent.name}</strong>
        <AgentReadinessBadge agent={agent} />
        {found && !compact && (
          <span className="small muted agent-list__found" title={agent.command}>
            {found}
          </span>
        )}
        <span className="composer__spacer" />
        <AgentSetupActions agent={agent} />
        {agent.available && (
          <button className={`button small${readiness === 'needs-sign-in' && !signingIn ? ' button--primary' : ''}`} onClick={onToggleSignIn} aria-expanded={signingIn}>
            {signingIn ? 'Close sign-in' : readiness === 'needs-sign-in' ? 'Sign in' : 'Sign-in options'}
          </button>
        )}
        {actions}
      </div>
      {found && compact && (
        <div className="small muted agent-list__found" title={agent.command}>
          Found: {found}
        </div>
      )}
      {!agent.available && agent.reason && <div className="small muted">{agent.reason}</div>}
      <InstallLog agentId={agent.id} />
      {signingIn && <AgentSignInPanel agent={agent} />}
      {children}
    </li>
  );
}
