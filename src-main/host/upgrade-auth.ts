import type { IncomingMessage } from 'node:http';
import { tokensEqual } from './token';

export type UpgradeVerdict = { ok: true } | { ok: false; status: 401 | 403 | 404; reason: string };

/**
 * Who may open the contract's WebSocket: only a page served by this host (same loopback origin)
 * or a non-browser client (no Origin header), and only with the per-start token, given as
 * `?token=` or `Authorization: Bearer`. Pure over the request, so it is tested without sockets.
 */
export function checkUpgrade(req: Pick<IncomingMessage, 'url' | 'headers'>, token: string, port: number): UpgradeVerdict {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== '/ipc') return { ok: false, status: 404, reason: 'not found' };
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const allowed = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
    if (!allowed.includes(origin)) return { ok: false, status: 403, reason: 'foreign origin' };
  }
  const auth = req.headers.authorization;
  const bearer = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : null;
  const given = url.searchParams.get('token') ?? bearer;
  if (!tokensEqual(token, given)) return { ok: false, status: 401, reason: 'missing or wrong token' };
  return { ok: true };
}
