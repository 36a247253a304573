import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findExecutable } from '../agents/catalog/find-executable';

/** Whether this machine can sandbox agent processes, and with what; or why not, in words for the user. */
export type SandboxSupport =
  | {
      available: true;
      kind: 'bwrap' | 'seatbelt';
      program: string;
      /** Whether a sandbox can be made inside the sandbox (to confine each shell command to its own worktree). */
      nested: boolean;
    }
  | { available: false; reason: string };

export const BWRAP_INSTALL_HINT =
  'Install bubblewrap to sandbox agents (Debian/Ubuntu: sudo apt install bubblewrap; Fedora: sudo dnf install bubblewrap; Arch: sudo pacman -S bubblewrap), then restart BooCoder.';

const SANDBOX_EXEC = '/usr/bin/sandbox-exec';
const PROBE_TIMEOUT_MS = 5000;

/** Runs bwrap once with the same kind of command line agents get: a kernel without user namespaces fails here, not mid-chat. */
const PROBE_ARGS = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--die-with-parent', '--'];

function probeBwrap(program: string, nested: boolean): Promise<string | null> {
  return new Promise((resolve) => {
    const args = nested ? [...PROBE_ARGS, program, ...PROBE_ARGS, 'true'] : [...PROBE_ARGS, 'true'];
    const child = spawn(program, args, {
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
    const failure = await probeBwrap(program, false);
    if (failure) return { available: false, reason: `bwrap cannot create a sandbox on this system (${failure}).` };
    return { available: true, kind: 'bwrap', program, nested: (await probeBwrap(program, true)) === null };
  }
  if (platform === 'darwin') {
    if (!existsSync(SANDBOX_EXEC)) return { available: false, reason: `${SANDBOX_EXEC} is missing.` };
    // A Seatbelt profile cannot be applied inside another: commands are not confined further.
    return { available: true, kind: 'seatbelt', program: SANDBOX_EXEC, nested: false };
  }
  if (platform === 'win32') return { available: false, reason: 'Windows has no process sandbox BooCoder can use yet.' };
  return { available: false, reason: `No sandbox is known for ${platform}.` };
}
