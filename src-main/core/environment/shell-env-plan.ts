import path from 'node:path';

/**
 * The pure half of resolving the user's login-shell environment, after VS Code's
 * `getUnixShellEnvironment` (src/vs/platform/shell/node/shellEnv.ts): run `$SHELL` as an
 * interactive login shell whose last command is Node printing `process.env` as JSON between two
 * random markers, so anything the rc files print (greetings, `nvm` notices, errors) is ignored.
 */

/** How to ask one kind of shell for its environment, or why it cannot be asked. */
export type ShellPlan = { ok: true; shell: string; args: string[] } | { ok: false; shell: string; reason: string };

const quoteSingle = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * The node program (in Electron: the app binary with ELECTRON_RUN_AS_NODE=1) prints the
 * environment between the markers. JSON keeps values with newlines intact, which `env` does not.
 */
const printScript = (marker: string) => `process.stdout.write(${JSON.stringify(marker)} + JSON.stringify(process.env) + ${JSON.stringify(marker)})`;

/** Pure: the command line for a shell; fish and sh-like shells take the same quoting here, nushell needs `^` to run an external program. */
export function planShellEnv(shellPath: string | undefined, nodePath: string, marker: string): ShellPlan {
  if (!shellPath) return { ok: false, shell: '', reason: 'SHELL is not set' };
  const name = path.basename(shellPath).replace(/\.exe$/i, '');
  const run = `${quoteSingle(nodePath)} -e ${quoteSingle(printScript(marker))}`;
  if (name === 'nu') return { ok: true, shell: shellPath, args: ['-i', '-l', '-c', `^${run}`] };
  if (name === 'fish') {
    // Inside fish's single quotes a backslash escapes a quote or a backslash (sh has no escapes there).
    const fishQuote = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
    return { ok: true, shell: shellPath, args: ['-i', '-l', '-c', `${fishQuote(nodePath)} -e ${fishQuote(printScript(marker))}`] };
  }
  if (name === 'tcsh' || name === 'csh') return { ok: true, shell: shellPath, args: ['-ic', run] };
  if (/^(pwsh|powershell|xonsh|elvish|cmd)$/i.test(name)) return { ok: false, shell: shellPath, reason: `${name} is not supported for reading the login environment` };
  // bash, zsh, sh (dash), ksh and other POSIX shells.
  return { ok: true, shell: shellPath, args: ['-i', '-l', '-c', run] };
}

/** Pure: the environment printed between the markers, or why there is none. */
export function parseMarkedEnv(stdout: string, marker: string): { ok: true; env: Record<string, string> } | { ok: false; reason: string } {
  const start = stdout.indexOf(marker);
  const end = start === -1 ? -1 : stdout.indexOf(marker, start + marker.length);
  if (start === -1 || end === -1) return { ok: false, reason: 'the shell did not print its environment (an rc file may exit early or replace the shell)' };
  try {
    const parsed: unknown = JSON.parse(stdout.slice(start + marker.length, end));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, reason: 'the printed environment is not an object' };
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') env[k] = v;
    return { ok: true, env };
  } catch {
    return { ok: false, reason: 'the printed environment is not valid JSON' };
  }
}

/** Variables the resolution itself sets, or that describe the throwaway shell rather than the user. */
export const RESOLUTION_ONLY_VARS = ['ELECTRON_RUN_AS_NODE', 'ELECTRON_NO_ATTACH_CONSOLE', 'BOOCODER_RESOLVING_ENVIRONMENT', 'SHLVL', 'PWD', 'OLDPWD', '_'] as const;

/** Pure: PATH entries joined without duplicates, first occurrence wins. */
export function joinPaths(delimiter: string, ...lists: Array<string | undefined>): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const list of lists) {
    for (const entry of (list ?? '').split(delimiter)) {
      if (!entry || seen.has(entry)) continue;
      seen.add(entry);
      out.push(entry);
    }
  }
  return out.join(delimiter);
}

/**
 * Pure: the login shell's environment under the one the app was started with. A variable the app
 * was started with keeps its value (a launcher or a test that sets one means it), and the shell adds
 * what only the user's rc files define (their provider keys, NVM_DIR, …). PATH is the exception,
 * as in VS Code where the shell's PATH replaces the inherited one: the shell's PATH comes first
 * (it is what the user's terminal uses, already built on the inherited one), followed by any
 * started-with entries it dropped, so nothing the app could run before is lost.
 */
export function mergeUnderStarted(started: NodeJS.ProcessEnv, shell: Record<string, string>, delimiter = path.delimiter): NodeJS.ProcessEnv {
  const fromShell = { ...shell };
  for (const name of RESOLUTION_ONLY_VARS) delete fromShell[name];
  const merged: NodeJS.ProcessEnv = { ...fromShell, ...started };
  const pathKey = Object.keys(started).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  merged[pathKey] = joinPaths(delimiter, fromShell[pathKey] ?? fromShell.PATH, started[pathKey]);
  return merged;
}
