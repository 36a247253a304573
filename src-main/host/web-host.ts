import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { RequestFrame } from '../../src-preload/contract';
import type { Core } from '../core/core';
import { dispatch } from '../core/rpc/dispatch';
import { newToken } from './token';
import { checkUpgrade } from './upgrade-auth';

export interface WebHostOptions {
  core: Core;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port: number;
  token?: string;
}

export interface WebHost {
  port: number;
  token: string;
  url: string;
  close(): Promise<void>;
}

/** Frames larger than this are refused: nothing legitimate in the contract comes close. */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;

// A strict CSP for the served renderer: everything from this origin, the socket to this host only.
const csp = (port: number) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

/**
 * The headless host: the built renderer over HTTP and the contract over a WebSocket at /ipc,
 * on 127.0.0.1 only. Frames: `{id, method, params}` → `{id, result}` | `{id, error}`; events
 * `{event, payload}`.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? newToken();
  // Without a built renderer the contract still works (API clients, tests); pages say what to do.
  const serveStatic: (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void = existsSync(options.staticDir)
    ? sirv(options.staticDir, {
        single: true,
        dev: false,
        etag: true,
        // sirv's type table has no .ico; under nosniff a favicon without its type is refused.
        setHeaders: (res, pathname) => {
          if (pathname.endsWith('.ico')) res.setHeader('Content-Type', 'image/x-icon');
        },
      })
    : (_req, res) => {
        res.statusCode = 503;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end(`The BooCoder window is not built (${options.staticDir} is missing). Run: npm run build\n`);
      };
  let port = options.port;
  const server = http.createServer((req, res) => {
    res.setHeader('Content-Security-Policy', csp(port));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    serveStatic(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const verdict = checkUpgrade(req, token, port);
    if (!verdict.ok) {
      const text = verdict.status === 401 ? 'Unauthorized' : verdict.status === 403 ? 'Forbidden' : 'Not Found';
      socket.end(`HTTP/1.1 ${verdict.status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    const unsubscribe = options.core.events.subscribe((event, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
    });
    ws.on('close', () => {
      unsubscribe();
      sockets.delete(ws);
    });
    ws.on('message', async (data) => {
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        ws.send(JSON.stringify({ id: null, error: { name: 'InvalidInput', message: 'A frame must be JSON {id, method, params}.' } }));
        return;
      }
      const parsed = RequestFrame.safeParse(raw);
      if (!parsed.success) {
        // Answer the request the client is waiting for, when it gave a usable id.
        const id = typeof raw === 'object' && raw !== null && 'id' in raw && (typeof raw.id === 'number' || typeof raw.id === 'string') ? raw.id : null;
        ws.send(JSON.stringify({ id, error: { name: 'InvalidInput', message: 'A frame must be JSON {id, method, params} with a string method.' } }));
        return;
      }
      const frame = parsed.data;
      const reply = await dispatch(options.core.handlers, frame.method, frame.params);
      if (ws.readyState !== ws.OPEN) return;
      ws.send(JSON.stringify(reply.ok ? { id: frame.id, result: reply.result } : { id: frame.id, error: reply.error }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
