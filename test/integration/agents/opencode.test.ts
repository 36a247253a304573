import { describeAgentConformance } from './agent-conformance';
import { configureOpencodeAsking, configureQwen, makeAgentWorld } from './agent-world';

describeAgentConformance({
  id: 'opencode',
  partner: 'qwen',
  makeWorld: (llm) => makeAgentWorld(llm, [configureOpencodeAsking, configureQwen]),
  reports: { tokens: true, cost: true, context: false, reasoning: true, restart: 'resumed', commands: false },
});
