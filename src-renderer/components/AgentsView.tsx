import { useEffect } from 'react';
import { useNow } from '../hooks/useNow';
import { formatBytes, formatDuration } from '../state/format';
import { loadStatus, restartAgent, stopSession, useAgents } from '../store/agents-store';
import { AgentSandboxList } from './AgentSandboxList';
import { MemoryMeter } from './MemoryMeter';

/** Live agent sessions and their processes: what is warm, busy or idle, and what it costs in memory. */
export function AgentsView() {
  const status = useAgents((s) => s.status);
  const agents = useAgents((s) => s.agents);
  const statusAt = useAgents((s) => s.statusAt);
  // Idle times tick locally between status events.
  const now = useNow(1000);
  const since = Math.max(0, now - statusAt);
  useEffect(() => {
    void loadStatus();
  }, []);
  // A session's process by its pid (an agent may run one per worktree), else the agent's one.
  const byPid = new Map(status.processes.map((p) => [p.pid, p]));
  const byAgent = new Map(status.processes.map((p) => [p.agent, p]));
  return (
    <section className="page" aria-label="Agents">
      <h2 className="page__title">Live sessions</h2>
      <MemoryMeter memory={status.memory} />
      {status.sessions.length === 0 ? (
        <p className="muted">No agent is running. Sessions start with a chat’s first turn and stay warm until they idle out.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Agent</th>
              <th>Chat</th>
              <th>State</th>
              <th>Idle</th>
              <th>PID</th>
              <th>Memory</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {status.sessions.map((s) => {
              const proc = (s.pid !== undefined ? byPid.get(s.pid) : undefined) ?? byAgent.get(s.agent);
              return (
                <tr key={`${s.chatId}:${s.agent}`}>
                  <td>
                    <span className="agent-badge" data-agent={s.agent}>
                      {s.agent}
                    </span>
                  </td>
                  <td>{s.chatTitle}</td>
                  <td>
                    {s.busy ? (
                      <span className="badge badge--live">busy</span>
                    ) : s.prewarmed ? (
                      <span className="badge badge--muted" title="Prepared ahead of the chat's first turn; the first to go when room is needed">
                        pre-warmed
                      </span>
                    ) : (
                      <span className="badge badge--muted">idle</span>
                    )}
                  </td>
                  <td>{s.busy ? '—' : formatDuration(s.idleMs + since)}</td>
                  <td className="mono">{s.pid ?? proc?.pid ?? '—'}</td>
                  <td>{proc?.rssBytes !== undefined ? formatBytes(proc.rssBytes) : '—'}</td>
                  <td className="table__actions">
                    <button className="button small" onClick={() => void stopSession(s.chatId, s.agent)} title="Evict this session; it reattaches on its next turn">
                      Stop
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h2 className="page__title">Processes</h2>
      {status.processes.length === 0 ? (
        <p className="muted">No agent process is running.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Agent</th>
              <th>PID</th>
              <th>Sessions</th>
              <th>Memory</th>
              <th>Up</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {status.processes.map((p) => (
              <tr key={`${p.agent}:${p.pid}`}>
                <td>{agents.find((a) => a.id === p.agent)?.name ?? p.agent}</td>
                <td className="mono">{p.pid}</td>
                <td>{p.sessions}</td>
                <td>{p.rssBytes !== undefined ? formatBytes(p.rssBytes) : '—'}</td>
                <td>{formatDuration(now - p.startedAt)}</td>
                <td className="table__actions">
                  <button className="button small" onClick={() => void restartAgent(p.agent)} title="Restart the process; its sessions reattach on their next turn">
                    Restart
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AgentSandboxList agents={agents} />
    </section>
  );
}
