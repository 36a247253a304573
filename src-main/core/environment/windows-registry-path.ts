import { execFile } from 'node:child_process';
import { joinPaths } from './shell-env-plan';

/** Reads one value of a registry key; null when the key or value does not exist. Injected so tests run off Windows. */
export type RegistryReader = (key: string, value: string) => Promise<string | null>;

export const USER_ENV_KEY = 'HKCU\\Environment';
export const SYSTEM_ENV_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment';

/** Pure: the data of `value` in `reg query KEY /v VALUE` output (`    Path    REG_EXPAND_SZ    C:\…`). */
export function parseRegQuery(output: string, value: string): string | null {
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s+(\S+)\s+(REG_SZ|REG_EXPAND_SZ)\s+(.*)$/.exec(line);
    if (match && match[1]!.toLowerCase() === value.toLowerCase()) return match[3]!.trim();
  }
  return null;
}

/** Pure: `%NAME%` references expanded from env (case-insensitive, as Windows does); unknown ones stay as written. */
export function expandWindowsVars(text: string, env: NodeJS.ProcessEnv): string {
  const byUpper = new Map(Object.entries(env).map(([k, v]) => [k.toUpperCase(), v]));
  return text.replace(/%([^%]+)%/g, (whole, name: string) => byUpper.get(name.toUpperCase()) ?? whole);
}

/** The real reader: `reg.exe query`. */
export const regExeReader: RegistryReader = (key, value) =>
  new Promise((resolve) => {
    execFile('reg.exe', ['query', key, '/v', value], { windowsHide: true, timeout: 5000 }, (error, stdout) => {
      resolve(error ? null : parseRegQuery(stdout, value));
    });
  });

/**
 * Windows: a program started from the Start menu inherits Explorer's PATH, which predates anything
 * installed since the user logged in (nvm-windows, a new Node). The registry holds the current
 * one: the machine's PATH then the user's. Those come first, then entries only the started PATH had.
 */
export async function windowsRegistryPath(env: NodeJS.ProcessEnv, read: RegistryReader): Promise<string | null> {
  const [system, user] = await Promise.all([read(SYSTEM_ENV_KEY, 'Path'), read(USER_ENV_KEY, 'Path')]);
  if (system === null && user === null) return null;
  const started = env.Path ?? env.PATH;
  return joinPaths(';', system === null ? undefined : expandWindowsVars(system, env), user === null ? undefined : expandWindowsVars(user, env), started);
}
