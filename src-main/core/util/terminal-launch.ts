import { spawn } from 'node:child_process';
import { findExecutable } from '../agents/catalog/find-executable';

/** How to open a terminal window running one command line, or null where BooCoder knows none. */
export interface TerminalLaunch {
  command: string;
  args: string[];
}

const appleScriptString = (text: string) => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/**
 * Pure: the program that opens a terminal running `commandLine` (already quoted for a POSIX
 * shell, or for cmd on Windows). macOS: Terminal.app through osascript. Windows: a new console
 * through `start`. Linux: the first terminal found (Debian's x-terminal-emulator alternative,
 * then the common ones), each with its own way of taking a command.
 */
export function terminalLaunchPlan(platform: NodeJS.Platform, commandLine: string, has: (program: string) => boolean): TerminalLaunch | null {
  if (platform === 'darwin') return { command: 'osascript', args: ['-e', `tell application "Terminal" to do script ${appleScriptString(commandLine)}`, '-e', 'tell application "Terminal" to activate'] };
  if (platform === 'win32') return { command: 'cmd.exe', args: ['/c', 'start', '""', 'cmd.exe', '/k', commandLine] };
  const keepOpen = `${commandLine}; echo; read -r -p "Press Enter to close this window" _`;
  const candidates: Array<[string, string[]]> = [
    ['x-terminal-emulator', ['-e', 'sh', '-c', keepOpen]],
    ['gnome-terminal', ['--', 'sh', '-c', keepOpen]],
    ['konsole', ['-e', 'sh', '-c', keepOpen]],
    ['xfce4-terminal', ['-x', 'sh', '-c', keepOpen]],
    ['kitty', ['sh', '-c', keepOpen]],
    ['alacritty', ['-e', 'sh', '-c', keepOpen]],
    ['xterm', ['-e', 'sh', '-c', keepOpen]],
  ];
  const found = candidates.find(([program]) => has(program));
  return found ? { command: found[0], args: found[1] } : null;
}

/** Whether a terminal can be opened here (the env's PATH is where Linux terminals are looked for). */
export function canOpenTerminal(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  return terminalLaunchPlan(platform, 'true', (p) => findExecutable(p, { extraDirs: [], pathEnv: env.PATH, platform }) !== null) !== null;
}

/** Opens the terminal, detached: it belongs to the user from then on. Resolves false when none could be started. */
export function openTerminal(platform: NodeJS.Platform, commandLine: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const plan = terminalLaunchPlan(platform, commandLine, (p) => findExecutable(p, { extraDirs: [], pathEnv: env.PATH, platform }) !== null);
  if (!plan) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(plan.command, plan.args, { env, stdio: 'ignore', detached: true, windowsHide: false });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
