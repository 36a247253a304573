import { useState } from 'react';
import { isReady } from '../state/agent-readiness';
import { useAgents } from '../store/agents-store';
import { AgentOverviewRow } from './AgentOverviewRow';
import { OpenRepoForm } from './OpenRepoForm';

/** The first screen: nothing is open yet. Which agents are ready, and how to get the others going. */
export function Welcome() {
  const agents = useAgents((s) => s.agents);
  const [signingIn, setSigningIn] = useState<string | null>(null);
  const ready = agents.filter(isReady).length;
  return (
    <div className="welcome">
      <div className="welcome__card">
        <h1 className="welcome__title">BooCoder</h1>
        <p className="muted">Open a git repository to chat with coding agents about it. Each chat gets its own worktree; you review and apply what the agents change.</p>
        <OpenRepoForm autoFocus />
        <h2 className="welcome__section">
          Agents <span className="muted small">{agents.length ? `${ready} of ${agents.length} ready` : 'looking…'}</span>
        </h2>
        <ul className="agent-list welcome__agents">
          {agents.map((a) => (
            <AgentOverviewRow key={a.id} compact agent={a} signingIn={signingIn === a.id} onToggleSignIn={() => setSigningIn(signingIn === a.id ? null : a.id)} />
          ))}
        </ul>
      </div>
    </div>
  );
}
