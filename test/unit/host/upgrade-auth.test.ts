import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { newToken, tokensEqual } from '../../../src-main/host/token';
import { checkUpgrade } from '../../../src-main/host/upgrade-auth';

const TOKEN = 'secret-token-123';
const PORT = 4321;
const req = (url: string, headers: IncomingHttpHeaders = {}) => ({ url, headers });

describe('checkUpgrade', () => {
  it('refuses a request without a token with 401', () => {
    expect(checkUpgrade(req('/ipc'), TOKEN, PORT)).toEqual({ ok: false, status: 401, reason: 'missing or wrong token' });
  });

  it('refuses a wrong token with 401, in the query or the header', () => {
    expect(checkUpgrade(req('/ipc?token=nope'), TOKEN, PORT)).toMatchObject({ ok: false, status: 401 });
    expect(checkUpgrade(req(`/ipc?token=${TOKEN}x`), TOKEN, PORT)).toMatchObject({ ok: false, status: 401 });
    expect(checkUpgrade(req('/ipc?token='), TOKEN, PORT)).toMatchObject({ ok: false, status: 401 });
    expect(checkUpgrade(req('/ipc', { authorization: 'Bearer nope' }), TOKEN, PORT)).toMatchObject({ ok: false, status: 401 });
    // Only the Bearer scheme counts.
    expect(checkUpgrade(req('/ipc', { authorization: TOKEN }), TOKEN, PORT)).toMatchObject({ ok: false, status: 401 });
    expect(checkUpgrade(req('/ipc', { authorization: `Basic ${TOKEN}` }), TOKEN, PORT)).toMatchObject({ ok: false, status: 401 });
  });

  it('accepts the token as a query parameter or as an Authorization: Bearer header', () => {
    expect(checkUpgrade(req(`/ipc?token=${TOKEN}`), TOKEN, PORT)).toEqual({ ok: true });
    expect(checkUpgrade(req('/ipc', { authorization: `Bearer ${TOKEN}` }), TOKEN, PORT)).toEqual({ ok: true });
    expect(checkUpgrade(req(`/ipc?other=1&token=${encodeURIComponent(TOKEN)}`), TOKEN, PORT)).toEqual({ ok: true });
  });

  it('refuses a foreign Origin with 403 even with the right token', () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${PORT + 1}`, `https://127.0.0.1:${PORT}`, `http://localhost.evil.example:${PORT}`, 'null']) {
      expect(checkUpgrade(req(`/ipc?token=${TOKEN}`, { origin }), TOKEN, PORT), origin).toEqual({ ok: false, status: 403, reason: 'foreign origin' });
    }
    expect(checkUpgrade(req('/ipc', { origin: 'http://evil.example', authorization: `Bearer ${TOKEN}` }), TOKEN, PORT)).toMatchObject({ status: 403 });
  });

  it('accepts the same loopback origin (127.0.0.1 or localhost on this port) with the token', () => {
    expect(checkUpgrade(req(`/ipc?token=${TOKEN}`, { origin: `http://127.0.0.1:${PORT}` }), TOKEN, PORT)).toEqual({ ok: true });
    expect(checkUpgrade(req(`/ipc?token=${TOKEN}`, { origin: `http://localhost:${PORT}` }), TOKEN, PORT)).toEqual({ ok: true });
    // Same origin is not enough without the token.
    expect(checkUpgrade(req('/ipc', { origin: `http://127.0.0.1:${PORT}` }), TOKEN, PORT)).toMatchObject({ status: 401 });
  });

  it('answers 404 for any path but /ipc, whatever the token', () => {
    for (const url of ['/', `/?token=${TOKEN}`, `/ipc/?token=${TOKEN}`, `/ipcx?token=${TOKEN}`, `/api/ipc?token=${TOKEN}`]) {
      expect(checkUpgrade(req(url), TOKEN, PORT), url).toEqual({ ok: false, status: 404, reason: 'not found' });
    }
    expect(checkUpgrade({ url: undefined, headers: {} }, TOKEN, PORT)).toMatchObject({ status: 404 });
  });
});

describe('tokensEqual', () => {
  it('is true only for the exact same string', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abd')).toBe(false);
    expect(tokensEqual('abc', 'ab')).toBe(false);
    expect(tokensEqual('abc', 'abcd')).toBe(false);
    expect(tokensEqual('abc', 'ABC')).toBe(false);
    expect(tokensEqual('abc', '')).toBe(false);
    expect(tokensEqual('abc', null)).toBe(false);
    expect(tokensEqual('abc', undefined)).toBe(false);
  });

  it('compares bytes, so a different multi-byte string of the same length in characters is refused', () => {
    expect(tokensEqual('aé', 'aè')).toBe(false);
    expect(tokensEqual('aé', 'aé')).toBe(true);
  });
});

describe('newToken', () => {
  it('is URL-safe, long enough to be unguessable, and fresh each time', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newToken()));
    expect(tokens.size).toBe(50);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(encodeURIComponent(t)).toBe(t);
    }
  });
});
