import { joinNames } from '../state/format';

/** What the agent was told about other agents' work before this prompt, folded by default. */
export function HandoffBlock({ text, fromAgents, agent }: { text: string; fromAgents: string[]; agent: string }) {
  return (
    <details className="handoff">
      <summary className="handoff__summary">
        Hand-off: {agent} was told what {joinNames(fromAgents) || 'other agents'} did
      </summary>
      <pre className="handoff__text">{text}</pre>
    </details>
  );
}
