import type { AgentInfo } from '../../src-preload/contract';
import { installAction } from '../state/agent-readiness';
import { installAgent, uninstallAgent, useAgentSetup } from '../store/agent-setup-store';

/** Install, Update or Remove an npm-published agent in BooCoder's own folder. */
export function AgentSetupActions({ agent }: { agent: AgentInfo }) {
  const install = useAgentSetup((s) => s.installs[agent.id]);
  const running = install?.phase === 'started' || install?.phase === 'log';
  const action = installAction(agent);
  if (!agent.install) return null;
  const pinned = agent.install.pinnedVersion;
  return (
    <>
      {action && (
        <button
          className={`button small${action === 'install' ? ' button--primary' : ''}`}
          disabled={running}
          onClick={() => void installAgent(agent.id)}
          title={`npm install ${agent.install.package}@${pinned} into BooCoder’s own folder (nothing global)`}
        >
          {running ? 'Installing…' : action === 'install' ? `Install v${pinned}` : `Update to v${pinned}`}
        </button>
      )}
      {agent.install.installedVersion !== null && (
        <button className="button small button--danger-ghost" disabled={running} onClick={() => void uninstallAgent(agent.id)} title="Remove BooCoder’s own install of this agent">
          Remove
        </button>
      )}
    </>
  );
}
