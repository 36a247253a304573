import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'ws';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const LISTENING_LINE = /^BooCoder listening on http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)$/;

export interface Served {
  child: ChildProcess;
  port: number;
  token: string;
  stdout(): string;
  stderr(): string;
  /** Resolves once the spawned process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** True once `exited` has resolved. */
  hasExited(): boolean;
}

/**
 * An environment with HOME, the XDG folders and TMPDIR inside `root`, so the server (and npm,
 * when run through npx) writes nothing outside the test's temp dir.
 */
export function isolatedEnv(root: string): NodeJS.ProcessEnv {
  const dirs = { HOME: 'home', XDG_CONFIG_HOME: 'config', XDG_DATA_HOME: 'data-home', XDG_CACHE_HOME: 'cache', XDG_STATE_HOME: 'state', TMPDIR: 'tmp' };
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.BOOCODER_HOME;
  for (const [key, name] of Object.entries(dirs)) {
    const dir = path.join(root, 'env', name);
    mkdirSync(dir, { recursive: true });
    env[key] = dir;
  }
  return env;
}

/**
 * Starts `src-main/serve.ts` and waits for its listening line. `npx` runs it exactly as the docs
 * say; `tsx` runs the same tsx binary without npm exec in between, for the signal tests: npm exec
 * runs the command through `sh -c`, does not pass SIGTERM on to it and exits 143 itself, so the
 * server's own exit status is only observable without it.
 * Each server gets its own process group so cleanup can stop everything it started.
 */
export function startServer(options: { via: 'npx' | 'tsx'; dataDir: string | null; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Served> {
  const args = ['src-main/serve.ts', '--port', '0', ...(options.dataDir === null ? [] : ['--data-dir', options.dataDir])];
  const child = spawnServe(options.via, args, options.env);
  let out = '';
  let err = '';
  let done = false;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    }),
  );
  return new Promise<Served>((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      reject(new Error(`serve.ts printed no listening line within ${options.timeoutMs ?? 60_000} ms.\nstdout: ${out}\nstderr: ${err}`));
    }, options.timeoutMs ?? 60_000);
    const poll = setInterval(() => {
      const firstLine = out.split('\n')[0] ?? '';
      const m = out.includes('\n') ? LISTENING_LINE.exec(firstLine) : null;
      if (m) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), token: m[2]!, stdout: () => out, stderr: () => err, exited, hasExited: () => done });
      } else if (done || (out.includes('\n') && !m)) {
        clearInterval(poll);
        clearTimeout(timer);
        reject(new Error(`serve.ts did not start as expected.\nstdout: ${out}\nstderr: ${err}`));
      }
    }, 25);
  });
}

function spawnServe(via: 'npx' | 'tsx', args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return via === 'npx'
    ? spawn('npx', ['tsx', ...args], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), args, { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs serve.ts with `args` where it is expected to give up on its own: its exit code and output. */
export async function runUntilExit(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnServe('tsx', ['src-main/serve.ts', ...args], env);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const timer = setTimeout(() => void stopGroup(child), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

const groupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stops a server's whole process group (SIGTERM, then SIGKILL) and waits until it is gone. */
export async function stopGroup(child: ChildProcess, graceMs = 8000): Promise<boolean> {
  const pgid = child.pid;
  if (pgid === undefined || !groupAlive(pgid)) return true;
  process.kill(-pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
  return false;
}

/** The HTTP status the server answers a WebSocket upgrade with (101 when it accepts). */
export function upgradeStatus(url: string, options: { origin?: string; headers?: Record<string, string> } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ...(options.origin ? { origin: options.origin } : {}), headers: options.headers ?? {} });
    ws.once('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('error', (e) => reject(e));
  });
}

export type Frame = { id?: number | string | null; result?: unknown; error?: { name: string; message: string; data?: unknown }; event?: string; payload?: unknown };

/** A contract client over the host's WebSocket that keeps every frame it receives. */
export class Client {
  readonly frames: Frame[] = [];
  private nextId = 1;
  private waiters: Array<() => void> = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static connect(port: number, token: string): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ipc?token=${encodeURIComponent(token)}`);
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('error', reject);
    });
  }

  /** The first frame (already received or yet to come) that matches. */
  async waitFor(match: (f: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`No matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames).slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends a request frame and returns the reply frame with the same id. */
  async request(method: string, params?: unknown): Promise<Frame> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify(params === undefined ? { id, method } : { id, method, params }));
    return this.waitFor((f) => f.id === id);
  }

  /** The result of a call that must succeed. */
  async call<T = unknown>(method: string, params?: unknown): Promise<T> {
    const reply = await this.request(method, params);
    if (reply.error) throw new Error(`${method} failed: ${reply.error.name}: ${reply.error.message}`);
    return reply.result as T;
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

/** Resolves with the error code when a TCP connection to host:port fails, or 'connected'. */
export function tcpProbe(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 3000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
}
