import { spawn } from 'node:child_process';
import net from 'node:net';

/**
 * Makes sure a detached server does not outlive the app. The server runs in its own process
 * group (so it can be stopped as a whole, and a Ctrl-C in a terminal does not hit it), which
 * also means nothing stops it when the app is killed or crashes. A tiny watchdog shell holds
 * the read end of a pipe from the app: when the app dies, for whatever reason, the pipe reaches
 * end-of-file and the watchdog stops the server's group (SIGTERM, then SIGKILL).
 *
 * The watchdog is detached too, so a signal to the app's group does not kill it before it acts.
 */

export interface OrphanGuard {
  /** Stops the watchdog without touching the guarded group (after a normal stop or exit). */
  release(): void;
}

// dash's kill takes no `--`: the negative group id follows the signal directly.
const SCRIPT = 'cat >/dev/null; kill -TERM "-$1" 2>/dev/null; sleep 2; kill -KILL "-$1" 2>/dev/null';

export function guardProcessGroup(pgid: number): OrphanGuard {
  let released = false;
  let watchdog: ReturnType<typeof spawn> | undefined;
  try {
    watchdog = spawn('/bin/sh', ['-c', SCRIPT, 'boocoder-orphan-guard', String(pgid)], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
  } catch {
    // No shell: the app still stops the server on a clean exit; only the crash case is lost.
    return { release() {} };
  }
  watchdog.on('error', () => {});
  watchdog.stdin?.on('error', () => {});
  // The watchdog must never keep the app's event loop alive.
  watchdog.unref();
  if (watchdog.stdin instanceof net.Socket) watchdog.stdin.unref();
  const pid = watchdog.pid;
  return {
    release() {
      if (released || pid === undefined) return;
      released = true;
      try {
        // Its own group: the shell and its `cat` go together.
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}
