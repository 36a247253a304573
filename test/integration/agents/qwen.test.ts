import { describeAgentConformance } from './agent-conformance';
import { configureOpencodeAsking, configureQwen, makeAgentWorld } from './agent-world';

describeAgentConformance({
  id: 'qwen',
  partner: 'opencode',
  makeWorld: (llm) => makeAgentWorld(llm, [configureQwen, configureOpencodeAsking]),
  reports: { tokens: true, cost: false, context: false, reasoning: true, restart: 'resumed', commands: true },
  // qwen starts sessions in a mode that writes without asking.
  askingMode: 'default',
});
