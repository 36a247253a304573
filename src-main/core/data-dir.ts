import os from 'node:os';
import path from 'node:path';

/**
 * Where BooCoder keeps its database and worktrees: an explicit choice, else BOOCODER_HOME, else
 * the platform's app-data folder (the same one Electron's userData uses for "BooCoder").
 */
export function resolveDataDir(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (explicit) return path.resolve(explicit);
  if (env.BOOCODER_HOME) return path.resolve(env.BOOCODER_HOME);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'BooCoder');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'BooCoder');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'BooCoder');
}
