import { resolveDataDir } from '../core/data-dir';

/**
 * The desktop app keeps its data in Electron's userData folder unless BOOCODER_HOME says
 * otherwise (the same override the headless host honours), so both hosts can share one store.
 */
export function desktopDataDir(env: NodeJS.ProcessEnv, userDataPath: string): string {
  return env.BOOCODER_HOME ? resolveDataDir(undefined, env) : resolveDataDir(userDataPath, env);
}
