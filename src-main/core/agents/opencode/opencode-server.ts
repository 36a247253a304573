import { randomBytes } from 'node:crypto';
import getPort from 'get-port';
import { AppError } from '../../errors';
import { spawnManaged, type ManagedChild } from '../../util/managed-child';
import { guardProcessGroup } from './orphan-guard';

/**
 * Spawning one `opencode serve` on a loopback port with a fresh password, and waiting for its
 * ready line. Nothing here knows about sessions.
 */

export interface OpencodeServerLaunch {
  command: string;
  /** Extra arguments placed before `serve` (e.g. a wrapper's own flags); usually empty. */
  args: string[];
  env: NodeJS.ProcessEnv;
  /** The server's own working directory: requests that name no directory are served there. */
  cwd?: string;
  readyTimeoutMs: number;
  /** Attempts when the chosen port turns out to be taken between probe and bind. */
  maxPortAttempts?: number;
  /** Chooses the port for each attempt; default: a free loopback port from get-port. */
  pickPort?: (attempt: number) => Promise<number>;
}

export interface RunningOpencodeServer {
  child: ManagedChild;
  port: number;
  baseUrl: string;
  /** `Authorization` header value for every request and event stream. */
  authorization: string;
}

export const OPENCODE_USERNAME = 'opencode';

const READY_LINE = /opencode server listening on (http:\/\/[^\s]+)/;
/** What opencode prints when it cannot bind (it exits with a generic ServeError). */
const PORT_TAKEN = /EADDRINUSE|address already in use|ServeError|Failed to start server/i;

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export function serveArgs(extra: string[], port: number): string[] {
  return [...extra, 'serve', '--port', String(port), '--hostname', '127.0.0.1'];
}

type StartOutcome =
  | { kind: 'ready'; baseUrl: string }
  | { kind: 'exited'; code: number | null; signal: string | null }
  | { kind: 'timeout' };

/** Waits for the ready line on stdout, the process's exit, or the timeout, whichever is first. */
function waitForReady(child: ManagedChild, timeoutMs: number, stdoutTail: () => string): Promise<StartOutcome> {
  return new Promise<StartOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: StartOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.child.stdout.off('data', onData);
      resolve(outcome);
    };
    const onData = () => {
      const m = READY_LINE.exec(stdoutTail());
      if (m?.[1]) finish({ kind: 'ready', baseUrl: m[1].replace(/\/$/, '') });
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    child.child.stdout.on('data', onData);
    void child.exited.then((exit) => finish({ kind: 'exited', code: exit.code, signal: exit.signal }));
  });
}

function describeFailure(outcome: Exclude<StartOutcome, { kind: 'ready' }>, timeoutMs: number, tail: string): string {
  const head =
    outcome.kind === 'timeout'
      ? `opencode did not report ready within ${timeoutMs} ms`
      : `opencode exited while starting (code ${outcome.code ?? 'none'}${outcome.signal ? `, signal ${outcome.signal}` : ''})`;
  return tail ? `${head}: ${tail}` : head;
}

/**
 * Starts the server. Throws AppError('AgentStartFailed') carrying the output tail when the
 * process dies or stays silent; a port lost to a race is retried on another port.
 */
export async function startOpencodeServer(launch: OpencodeServerLaunch): Promise<RunningOpencodeServer> {
  const attempts = launch.maxPortAttempts ?? 3;
  let lastError: AppError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = launch.pickPort ? await launch.pickPort(attempt) : await getPort({ host: '127.0.0.1' });
    // A fresh password per spawn: a leaked one dies with the process.
    const password = randomBytes(24).toString('base64url');
    let child: ManagedChild;
    try {
      child = spawnManaged({
        command: launch.command,
        args: serveArgs(launch.args, port),
        ...(launch.cwd ? { cwd: launch.cwd } : {}),
        env: { ...launch.env, OPENCODE_SERVER_PASSWORD: password, OPENCODE_SERVER_USERNAME: OPENCODE_USERNAME },
      });
    } catch (e) {
      throw new AppError('AgentStartFailed', `could not spawn ${launch.command}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (child.pid > 0) {
      // If the app dies without stopping the server, the guard stops it; once the server is
      // gone the guard has nothing left to do.
      const guard = guardProcessGroup(child.pid);
      void child.exited.then(() => guard.release());
    }
    let stdout = '';
    child.child.stdout.setEncoding('utf8');
    // Keep reading stdout for the whole life of the process so its pipe never fills up.
    child.child.stdout.on('data', (chunk: string) => {
      stdout = (stdout + chunk).slice(-4096);
    });
    const outcome = await waitForReady(child, launch.readyTimeoutMs, () => stdout);
    if (outcome.kind === 'ready') {
      return { child, port, baseUrl: outcome.baseUrl, authorization: basicAuth(OPENCODE_USERNAME, password) };
    }
    await child.stop(1000);
    const tail = [child.stderrTail(), stdout.trim()].filter(Boolean).join('\n').slice(-4096);
    lastError = new AppError('AgentStartFailed', describeFailure(outcome, launch.readyTimeoutMs, tail), {
      stderrTail: child.stderrTail(),
    });
    // Only a bind failure is worth another port; anything else fails the same way again.
    if (outcome.kind !== 'exited' || !PORT_TAKEN.test(tail)) break;
  }
  throw lastError ?? new AppError('AgentStartFailed', 'opencode failed to start');
}
