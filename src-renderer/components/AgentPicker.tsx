import type { AgentInfo } from '../../src-preload/contract';

/** The agent to send to. Agents that cannot run here are listed but disabled, with the reason. */
export function AgentPicker({ agents, value, onChange }: { agents: AgentInfo[]; value: string | null; onChange: (id: string) => void }) {
  const current = agents.find((a) => a.id === value);
  return (
    <select
      className="select"
      aria-label="Agent"
      value={value ?? ''}
      title={current && !current.available ? current.reason : undefined}
      onChange={(e) => onChange(e.target.value)}
    >
      {!value && <option value="">Choose an agent</option>}
      {agents.map((a) => (
        <option key={a.id} value={a.id} disabled={!a.available} title={a.available ? a.command : a.reason}>
          {a.name}
          {a.available ? '' : ` — ${a.reason ?? 'unavailable'}`}
        </option>
      ))}
    </select>
  );
}
