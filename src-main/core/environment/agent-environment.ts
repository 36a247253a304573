import { readLoginShellEnv } from './login-shell-env';
import { mergeUnderStarted } from './shell-env-plan';
import { regExeReader, windowsRegistryPath, type RegistryReader } from './windows-registry-path';

/** Where the agents' environment came from, for app.environment and the notice the window shows. */
export interface EnvironmentReport {
  source: 'login-shell' | 'windows-registry' | 'as-started';
  /** The shell asked (unix), when one was. */
  shell: string | null;
  durationMs: number;
  /** Set when the user's environment could not be read: what happened and what it means. */
  notice: string | null;
}

export interface ResolveOptions {
  platform: NodeJS.Platform;
  /** The environment the app was started with. */
  env: NodeJS.ProcessEnv;
  /** Started from a terminal: the environment is already the user's (and an rc may expect a terminal). */
  startedFromTerminal: boolean;
  /** node, or the Electron binary (which runs as node with ELECTRON_RUN_AS_NODE). */
  nodePath: string;
  timeoutMs?: number;
  registry?: RegistryReader;
}

export interface ResolvedEnvironment {
  env: NodeJS.ProcessEnv;
  report: EnvironmentReport;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The environment agents run with, resolved once when the desktop app starts. A desktop app
 * started from the Dock, a launcher or the Start menu does not get what the user's shell sets up
 * (PATH additions, provider keys), so the login shell is asked for it, as VS Code does; the
 * result sits under what the app was started with. If that fails, the started environment is
 * used as is and the notice says why.
 */
export async function resolveAgentEnvironment(options: ResolveOptions): Promise<ResolvedEnvironment> {
  const asStarted = (notice: string | null, shell: string | null = null, durationMs = 0): ResolvedEnvironment => ({
    env: options.env,
    report: { source: 'as-started', shell, durationMs, notice },
  });
  if (options.platform === 'win32') {
    const started = Date.now();
    const fresh = await windowsRegistryPath(options.env, options.registry ?? regExeReader);
    if (fresh === null) return asStarted('The PATH in the Windows registry could not be read; agents get the PATH BooCoder was started with.');
    const pathKey = Object.keys(options.env).find((k) => k.toUpperCase() === 'PATH') ?? 'Path';
    return { env: { ...options.env, [pathKey]: fresh }, report: { source: 'windows-registry', shell: null, durationMs: Date.now() - started, notice: null } };
  }
  if (options.startedFromTerminal) return asStarted(null);
  const result = await readLoginShellEnv({ env: options.env, nodePath: options.nodePath, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  if (!result.ok) {
    const shell = result.shell || 'your login shell';
    return asStarted(
      `Your shell environment could not be read from ${shell}: ${result.reason}. Agents get the environment BooCoder was started with, so programs and keys your shell's startup files add may be missing. Fix the startup file, or start BooCoder from a terminal.`,
      result.shell || null,
      result.durationMs,
    );
  }
  return { env: mergeUnderStarted(options.env, result.env), report: { source: 'login-shell', shell: result.shell, durationMs: result.durationMs, notice: null } };
}

/** The headless host and tests: the environment as started, nothing to report. */
export const startedEnvironmentReport = (): EnvironmentReport => ({ source: 'as-started', shell: null, durationMs: 0, notice: null });
