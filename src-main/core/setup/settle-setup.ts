import { MAX_SETUP_LOG_CHARS, type SetupChoice, type SetupRun } from '../../../src-preload/contract';
import type { PendingChoice } from './pending-choice';
import { runSetupScript } from './run-setup-script';

export interface SettleSetupOptions {
  script: string;
  cwd: string;
  repoPath: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv | undefined;
  /** Aborting it stops a running script and gives up a choice not yet made. */
  signal: AbortSignal;
  now: () => number;
  /** Each run as it starts and as it ends: a new object each time (one already sent stays as it was). */
  onRun: (run: SetupRun) => void;
  /** A run's output as it comes, with the run as it now is. */
  onOutput: (chunk: string, run: SetupRun) => void;
  /** Where a failed run waits for the user. */
  choice: PendingChoice<SetupChoice>;
}

/**
 * Runs a repository's setup script until it is settled, for a chat's new worktree and an arena
 * contestant's alike: 'go' once it succeeded, or failed (a non-zero exit, the timeout) and the
 * user chose to continue without it; 'cancel' when the user chose cancel or `signal` aborted.
 * Retry runs it again.
 */
export async function settleSetup(o: SettleSetupOptions): Promise<'go' | 'cancel'> {
  for (;;) {
    if (o.signal.aborted) return 'cancel';
    const started: SetupRun = { status: 'running', log: '', exitCode: null, timedOut: false, startedAt: o.now(), endedAt: null };
    let current = started;
    o.onRun(started);
    const result = await runSetupScript({
      script: o.script,
      cwd: o.cwd,
      repoPath: o.repoPath,
      timeoutMs: o.timeoutMs,
      ...(o.env ? { env: o.env } : {}),
      signal: o.signal,
      onOutput: (chunk) => {
        current = { ...current, log: (current.log + chunk).slice(-MAX_SETUP_LOG_CHARS) };
        o.onOutput(chunk, current);
      },
    });
    o.onRun({ ...started, log: result.log, status: result.ok ? 'succeeded' : 'failed', exitCode: result.exitCode, timedOut: result.timedOut, endedAt: o.now() });
    if (o.signal.aborted) return 'cancel';
    if (result.ok) return 'go';
    const choice = await o.choice.ask(o.signal, 'cancel');
    if (choice === 'cancel') return 'cancel';
    if (choice === 'continue') return 'go';
  }
}
