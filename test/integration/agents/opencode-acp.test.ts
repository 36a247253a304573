import { describeAgentConformance } from './agent-conformance';
import { configureOpencodeAsking, configureQwen, makeAgentWorld } from './agent-world';

describeAgentConformance({
  id: 'opencode-acp',
  partner: 'qwen',
  makeWorld: (llm) => makeAgentWorld(llm, [configureOpencodeAsking, configureQwen]),
  reports: { tokens: true, cost: true, context: true, reasoning: true, restart: 'resumed', commands: true },
});
