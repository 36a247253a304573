import type { AgentInfo } from '../../src-preload/contract';
import { SandboxBadge } from './SandboxBadge';

/** Per agent: whether its processes run in the write sandbox, and if not, why. */
export function AgentSandboxList({ agents }: { agents: AgentInfo[] }) {
  if (agents.length === 0) return null;
  return (
    <>
      <h2 className="page__title">Sandbox</h2>
      <table className="table" aria-label="Sandbox per agent">
        <thead>
          <tr>
            <th>Agent</th>
            <th>Sandbox</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <tr key={a.id}>
              <td>{a.name}</td>
              <td>
                <SandboxBadge sandbox={a.sandbox} />
              </td>
              <td className="small">
                {a.sandbox.state === 'on'
                  ? `Can write only its worktree, its own state folders and a private temp folder.${a.sandbox.perWorktree ? ' Runs one process per chat, each confined to its worktree (it edits files from its own process).' : ''}`
                  : a.sandbox.reason}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
