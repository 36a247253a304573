import { describeAgentConformance } from './agent-conformance';
import { configureOpencodeAsking, configureQwen, makeAgentWorld } from './agent-world';

describeAgentConformance({
  id: 'opencode-acp',
  partner: 'qwen',
  makeWorld: (llm) => makeAgentWorld(llm, [configureOpencodeAsking, configureQwen]),
  // A prompt too long for its model ends end_turn over ACP: opencode reports no error to the client.
  reports: { tokens: true, cost: true, context: true, reasoning: true, restart: 'resumed', commands: true, promptTooLong: false },
  // Its /init is opencode's template ("Create or update `AGENTS.md` for this repository. …"), expanded by the agent.
  command: { name: 'init', asksModel: /Create or update `AGENTS\.md` for this repository/ },
});
