import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findExecutable } from '../agents/catalog/find-executable';

/** Whether this machine can sandbox agent processes, and with what; or why not, in words for the user. */
export type SandboxSupport =
  | { available: true; kind: 'bwrap' | 'seatbelt'; program: string }
  | { available: false; reason: string };

export const BWRAP_INSTALL_HINT =
  'Install bubblewrap to sandbox agents (Debian/Ubuntu: sudo apt install bubblewrap; Fedora: sudo dnf install bubblewrap; Arch: sudo pacman -S bubblewrap), then restart BooCoder.';

const SANDBOX_EXEC = '/usr/bin/sandbox-exec';
const PROBE_TIMEOUT_MS = 5000;

/** Runs bwrap once with the same kind of command line agents get: a kernel without user namespaces fails here, not mid-chat. */
function probeBwrap(program: string): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(program, ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--die-with-parent', '--', 'true'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), PROBE_TIMEOUT_MS);
    child.once('error', (e) => {
      clearTimeout(timer);
      resolve(e.message);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code === 0 ? null : stderr.trim() || `exited with ${signal ?? code}`);
    });
  });
}

/** Looks for the platform's sandbox once, at start. */
export async function detectSandboxSupport(options: {
  platform?: NodeJS.Platform;
  pathEnv: string | undefined;
  /** Searched after PATH: a desktop app started from a launcher may have a bare PATH. */
  fallbackDirs?: string[];
}): Promise<SandboxSupport> {
  const platform = options.platform ?? process.platform;
  if (platform === 'linux') {
    const dirs = [...(options.pathEnv ?? '').split(':').filter(Boolean), ...(options.fallbackDirs ?? ['/usr/bin', '/bin'])];
    const program = findExecutable('bwrap', { extraDirs: dirs, pathEnv: undefined, platform });
    if (!program) return { available: false, reason: `bubblewrap (bwrap) is not installed. ${BWRAP_INSTALL_HINT}` };
    const failure = await probeBwrap(program);
    if (failure) return { available: false, reason: `bwrap cannot create a sandbox on this system (${failure}).` };
    return { available: true, kind: 'bwrap', program };
  }
  if (platform === 'darwin') {
    if (!existsSync(SANDBOX_EXEC)) return { available: false, reason: `${SANDBOX_EXEC} is missing.` };
    return { available: true, kind: 'seatbelt', program: SANDBOX_EXEC };
  }
  if (platform === 'win32') return { available: false, reason: 'Windows has no process sandbox BooCoder can use yet.' };
  return { available: false, reason: `No sandbox is known for ${platform}.` };
}
