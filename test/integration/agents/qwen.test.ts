import { describeAgentConformance } from './agent-conformance';
import { configureOpencodeAsking, configureQwen, makeAgentWorld } from './agent-world';

describeAgentConformance({
  id: 'qwen',
  partner: 'opencode',
  makeWorld: (llm) => makeAgentWorld(llm, [configureQwen, configureOpencodeAsking]),
  // qwen passes images only to models it knows take them; for the mock's model it tells the model
  // "[image: image/png]" instead.
  reports: { tokens: true, cost: false, context: false, reasoning: true, restart: 'resumed', commands: true, imageReachesModel: false },
  // qwen starts sessions in a mode that writes without asking.
  askingMode: 'default',
  permissiveMode: 'yolo',
  // Its /status tells of the session without asking its model.
  command: { name: 'status', asksModel: null },
});
