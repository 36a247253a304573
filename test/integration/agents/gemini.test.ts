import { configureGemini } from '../../support/agent-env/gemini-env';
import { describeAgentConformance } from './agent-conformance';
import { configureQwen, makeAgentWorld } from './agent-world';

describeAgentConformance({
  id: 'gemini',
  partner: 'qwen',
  makeWorld: (llm) => makeAgentWorld(llm, [configureGemini, configureQwen]),
  // Gemini sends a shell command's output to its model only, never over ACP.
  reports: { tokens: true, cost: false, context: false, reasoning: true, restart: 'loaded', commands: true, shellOutput: false },
  loadNeedsNextMinute: true,
  permissiveMode: 'yolo',
  modeAfterAllowAlways: 'autoEdit',
  command: { name: 'memory show', asksModel: null },
});
