import path from 'node:path';

/** Where opencode keeps its config, data (sessions), state and cache: the XDG folders, shared by its server and ACP modes. */
export const opencodeStateDirs = (env: NodeJS.ProcessEnv, home: string): string[] => [
  path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'opencode'),
  path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'opencode'),
  path.join(env.XDG_STATE_HOME ?? path.join(home, '.local', 'state'), 'opencode'),
  path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'opencode'),
];
