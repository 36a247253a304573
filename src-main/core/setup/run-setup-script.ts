import { spawn } from 'node:child_process';
import { MAX_SETUP_LOG_CHARS } from '../../../src-preload/contract';

/** A setup script that runs longer than this is stopped (a hanging `npm install`, a prompt nobody answers). */
export const DEFAULT_SETUP_TIMEOUT_MS = 10 * 60_000;

export interface SetupRun {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Everything the script printed (stdout and stderr interleaved), its tail if longer than MAX_SETUP_LOG_CHARS. */
  log: string;
  ok: boolean;
}

export interface SetupScriptOptions {
  script: string;
  /** The new worktree: the script runs there. */
  cwd: string;
  /** The user's checkout, as $BOOCODER_REPO (so `cp "$BOOCODER_REPO/.env" .` works). */
  repoPath: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  onOutput: (chunk: string) => void;
  signal?: AbortSignal;
}

/**
 * Runs a repository's setup script in a worktree through the platform's shell (it is the user's
 * own script, written as they would type it), in its own process group so a timeout or a cancel
 * stops everything it started, not just the shell, and nothing it started outlives it. stdin is
 * closed: a script that asks a question gets end-of-file, not a hang.
 */
export function runSetupScript(o: SetupScriptOptions): Promise<SetupRun> {
  return new Promise((resolve) => {
    const windows = process.platform === 'win32';
    const child = spawn(windows ? 'cmd.exe' : '/bin/sh', windows ? ['/d', '/s', '/c', o.script] : ['-c', o.script], {
      cwd: o.cwd,
      env: { ...(o.env ?? process.env), BOOCODER_WORKTREE: o.cwd, BOOCODER_REPO: o.repoPath },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: !windows,
    });
    let log = '';
    let timedOut = false;
    const take = (chunk: string) => {
      log = (log + chunk).slice(-MAX_SETUP_LOG_CHARS);
      o.onOutput(chunk);
    };
    child.stdout.setEncoding('utf8').on('data', take);
    child.stderr.setEncoding('utf8').on('data', take);
    const stop = () => {
      try {
        if (child.pid !== undefined && !windows) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      take(`\n[setup script stopped: no end after ${Math.round(o.timeoutMs / 1000)} s]\n`);
      stop();
    }, o.timeoutMs);
    const onAbort = () => stop();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const done = (exitCode: number | null, signal: string | null) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      resolve({ exitCode, signal, timedOut, log, ok: exitCode === 0 && !timedOut });
    };
    child.once('error', (e) => {
      take(`${e.message}\n`);
      done(null, null);
    });
    child.once('close', (code, signal) => done(code, signal));
    // A background process the script started (`server &`) may keep the output pipes open after
    // the script itself ended: the script's exit decides, the pipes get a moment to drain, then
    // whatever it left running in its group is stopped (the run owns its process group).
    child.once('exit', () => {
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        stop();
      }, 2000).unref();
    });
  });
}
