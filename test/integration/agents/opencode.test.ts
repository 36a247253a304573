import { describeAgentConformance } from './agent-conformance';
import { configureOpencodeAsking, configureQwen, makeAgentWorld } from './agent-world';

describeAgentConformance({
  id: 'opencode',
  partner: 'qwen',
  makeWorld: (llm) => makeAgentWorld(llm, [configureOpencodeAsking, configureQwen]),
  reports: { tokens: true, cost: true, context: false, reasoning: true, restart: 'resumed', commands: true },
  // Its /init is a prompt template the server expands ("Create or update `AGENTS.md` for this repository. …").
  command: { name: 'init', asksModel: /Create or update `AGENTS\.md` for this repository/ },
});
