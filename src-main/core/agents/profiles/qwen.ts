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
  npmPackage: { name: '@qwen-code/qwen-code', version: '0.24.4', bin: 'qwen' },
  signIn: {
    keyVars: ['OPENAI_API_KEY', 'DASHSCOPE_API_KEY'],
    keyMethods: { openai: 'OPENAI_API_KEY' },
    credentialFiles: (_env, home) => [path.join(home, '.qwen', 'oauth_creds.json')],
    login: { program: 'self', args: [], then: 'type /auth and choose how to sign in' },
  },
  behaviours: GENERIC_BEHAVIOURS,
};
