import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseMarkedEnv, planShellEnv } from './shell-env-plan';

export interface LoginShellOptions {
  /** The environment the app was started with (the shell inherits it). */
  env: NodeJS.ProcessEnv;
  /** The program that prints the environment: node, or the Electron binary (run as node). */
  nodePath: string;
  /** How long the rc files get (VS Code: 10 s). */
  timeoutMs: number;
}

export type LoginShellResult =
  | { ok: true; shell: string; env: Record<string, string>; durationMs: number }
  | { ok: false; shell: string; reason: string; durationMs: number };

/** Keep at most this much of the shell's output: an rc file that prints without end must not grow memory. */
const MAX_OUTPUT_CHARS = 4 * 1024 * 1024;

/**
 * Runs the user's `$SHELL` once as an interactive login shell and reads the environment it ends up
 * with. Never throws: a missing or unsupported shell, a timeout, a failing exit or output without
 * the markers all come back as a reason. The shell runs in its own process group so a hung rc file
 * (and anything it started) is killed as a whole.
 */
export function readLoginShellEnv(options: LoginShellOptions): Promise<LoginShellResult> {
  const started = Date.now();
  const marker = `__BOOCODER_ENV_${randomBytes(8).toString('hex')}__`;
  const plan = planShellEnv(options.env.SHELL, options.nodePath, marker);
  if (!plan.ok) return Promise.resolve({ ok: false, shell: plan.shell, reason: plan.reason, durationMs: 0 });
  return new Promise((resolve) => {
    let stdout = '';
    let settled = false;
    const finish = (result: { ok: true; env: Record<string, string> } | { ok: false; reason: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, shell: plan.shell, durationMs: Date.now() - started });
    };
    const child = spawn(plan.shell, plan.args, {
      env: { ...options.env, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ATTACH_CONSOLE: '1', BOOCODER_RESOLVING_ENVIRONMENT: '1' },
      // No terminal: stdin closed so an rc that reads input gets EOF instead of waiting forever.
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      finish({ ok: false, reason: `the shell did not finish within ${Math.round(options.timeoutMs / 1000)} s (an rc file may wait for input or a slow command)` });
    }, options.timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (stdout.length < MAX_OUTPUT_CHARS) stdout += chunk;
    });
    // Interactive shells without a terminal complain on stderr ("no job control"): not an error.
    child.stderr.resume();
    child.on('error', (e) => finish({ ok: false, reason: `the shell could not be started: ${e.message}` }));
    child.on('close', (code, signal) => {
      // Whatever the rc files started in the background goes with the shell.
      killGroup();
      if (signal) return finish({ ok: false, reason: `the shell was killed by ${signal}` });
      if (code !== 0) return finish({ ok: false, reason: `the shell exited with code ${code} (an rc file may fail)` });
      const parsed = parseMarkedEnv(stdout, marker);
      finish(parsed);
    });
  });
}
