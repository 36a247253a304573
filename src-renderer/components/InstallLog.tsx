import { useAgentSetup } from '../store/agent-setup-store';

/** npm's log of an agent's install while it runs, and what it said when it failed. */
export function InstallLog({ agentId }: { agentId: string }) {
  const install = useAgentSetup((s) => s.installs[agentId]);
  if (!install || install.phase === 'done') return null;
  const running = install.phase === 'started' || install.phase === 'log';
  return (
    <div className="install-log" aria-label="Install log">
      <div className="small muted">{running ? 'Installing… (npm’s log)' : 'The install failed:'}</div>
      <pre className="install-log__lines">{install.lines.slice(-12).join('\n') || '…'}</pre>
    </div>
  );
}
