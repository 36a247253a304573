import path from 'node:path';
import { GENERIC_BEHAVIOURS, nameIs, type AgentProfile } from './agent-profile';

/** Goose (`goose acp`). It has no `session/load`: after a restart it gets a new session and the chat's history. */
export const gooseProfile: AgentProfile = {
  id: 'goose',
  name: 'Goose',
  kind: 'acp',
  launch: [{ command: 'goose', args: ['acp'] }],
  recognizes: nameIs('goose'),
  stateDirs: (env, home) => [
    path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'goose'),
    path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'goose'),
    path.join(env.XDG_STATE_HOME ?? path.join(home, '.local', 'state'), 'goose'),
  ],
  signIn: {
    keyVars: ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GOOGLE_API_KEY'],
    credentialFiles: (env, home) => [path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'goose', 'config.yaml')],
    login: { program: 'self', args: ['configure'] },
  },
  behaviours: GENERIC_BEHAVIOURS,
};
