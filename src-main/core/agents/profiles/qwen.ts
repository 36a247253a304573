import path from 'node:path';
import { GENERIC_BEHAVIOURS, nameIs, type AgentProfile } from './agent-profile';

/** qwen-code (`qwen --acp`): per-call usage in `_meta.usage` of message chunks (the generic mapper reads it), no cost. */
export const qwenProfile: AgentProfile = {
  id: 'qwen',
  name: 'Qwen Code',
  kind: 'acp',
  launch: [{ command: 'qwen', args: ['--acp'] }],
  recognizes: nameIs('qwen-code', 'qwen'),
  stateDirs: (_env, home) => [path.join(home, '.qwen')],
  // auto-edit, auto (a classifier approves) and yolo write without asking.
  askingModes: { modes: ['default', 'plan'], preferred: 'default' },
  behaviours: GENERIC_BEHAVIOURS,
};
