import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * A child process the app owns: started in its own process group (so the whole tree can be
 * stopped at once), with the tail of its stderr kept for error messages, and a stop that
 * escalates from SIGTERM to SIGKILL.
 */
export interface ManagedChild {
  readonly child: ChildProcessWithoutNullStreams;
  readonly pid: number;
  readonly startedAt: number;
  /** Resolves once the process has exited. */
  readonly exited: Promise<ChildExit>;
  /** The last few KiB of stderr, for error messages. */
  stderrTail(): string;
  /** How many characters of stderr have been written so far (a mark for stderrSince). */
  stderrWritten(): number;
  /** What was written to stderr after `mark` (at most the kept tail). */
  stderrSince(mark: number): string;
  isAlive(): boolean;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<ChildExit>;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnManagedOptions {
  command: string;
  args: string[];
  cwd?: string;
  env: NodeJS.ProcessEnv;
  stderrTailBytes?: number;
}

export class SpawnError extends Error {
  override readonly name = 'SpawnError';
}

/** How long an exit waits for stderr's last bytes. */
const STDERR_DRAIN_MS = 250;

export function spawnManaged(options: SpawnManagedOptions): ManagedChild {
  const tailLimit = options.stderrTailBytes ?? 8192;
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    // Own process group: stopping the group also stops whatever the agent spawned.
    detached: true,
  });
  let tail = '';
  let written = 0;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    written += chunk.length;
    tail = (tail + chunk).slice(-tailLimit);
  });
  let alive = true;
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      alive = false;
      // The leader is gone (crashed, killed, or exited on its own): whatever it spawned is still
      // in its process group and would be orphaned, so the group goes with it. The group id
      // cannot have been reused while any member of the group remains.
      sweepGroup();
      // 'exit' can come before the last of stderr has been read: the tail an error message
      // quotes waits for the pipe to close, briefly (a child that left the group may hold it).
      const done = () => resolve({ code, signal });
      if (child.stderr.readableEnded || child.stderr.destroyed) return done();
      const timer = setTimeout(done, STDERR_DRAIN_MS);
      child.stderr.once('close', () => {
        clearTimeout(timer);
        done();
      });
    });
    child.once('error', (err) => {
      alive = false;
      tail = (tail + `\n${err.message}`).slice(-tailLimit);
      resolve({ code: null, signal: null });
    });
  });
  // A write to a dead child's stdin must not crash the app.
  child.stdin.on('error', () => {});

  function sweepGroup(): void {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // No member left.
    }
  }

  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
  };

  return {
    child,
    pid: child.pid ?? -1,
    startedAt: Date.now(),
    exited,
    stderrTail: () => stripAnsi(tail).trim(),
    stderrWritten: () => written,
    stderrSince: (mark) => stripAnsi(tail.slice(Math.max(0, tail.length - (written - mark)))).trim(),
    isAlive: () => alive,
    async stop(graceMs = 3000) {
      if (alive) {
        signalGroup('SIGTERM');
        const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
        const exit = await exited;
        clearTimeout(timer);
        // Grandchildren may outlive the leader: sweep the group once more.
        signalGroup('SIGKILL');
        return exit;
      }
      signalGroup('SIGKILL');
      return exited;
    },
  };
}

/** Terminal colour and cursor codes make error messages unreadable outside a terminal. */
const ANSI = /\x1b\[[0-9;?]*[ -\/]*[@-~]|\x1b\][^\x07]*(\x07|\x1b\\)/g;
export const stripAnsi = (text: string): string => text.replace(ANSI, '');
