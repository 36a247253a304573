import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// Spy on the real timingSafeEqual: the comparison must go through it, whatever the inputs.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const crypto = await import('node:crypto');
const { tokensEqual, newToken } = await import('../../../src-main/host/token');
const { checkUpgrade } = await import('../../../src-main/host/upgrade-auth');

const spy = vi.mocked(crypto.timingSafeEqual);

describe('host token comparison', () => {
  it('compares with crypto.timingSafeEqual for equal, wrong and wrong-length tokens', () => {
    const token = newToken();
    for (const given of [token, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), token.slice(1), token + 'x', '']) {
      spy.mockClear();
      expect(tokensEqual(token, given)).toBe(given === token);
      // Called once, on buffers of the same length (a different length still spends a comparison).
      expect(spy).toHaveBeenCalledTimes(1);
      const [a, b] = spy.mock.calls[0]!;
      expect((a as Buffer).length).toBe((b as Buffer).length);
    }
  });

  it('refuses non-strings without comparing bytes', () => {
    for (const given of [null, undefined]) expect(tokensEqual('abc', given)).toBe(false);
  });

  it('the source compares no token with === or !==', () => {
    const source = readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'src-main', 'host', 'token.ts'), 'utf8');
    const fn = source.slice(source.indexOf('export function tokensEqual'));
    expect(fn).toContain('timingSafeEqual(a, b)');
    expect(fn).not.toMatch(/(expected|given|a|b)\s*[!=]==\s*(expected|given|a|b)\b/);
  });

  it('tokens are long and random (24 bytes of randomness, base64url)', () => {
    const seen = new Set(Array.from({ length: 200 }, () => newToken()));
    expect(seen.size).toBe(200);
    for (const t of seen) expect(t).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});

describe('WebSocket upgrade check', () => {
  const token = 'T0k3n-for-tests_abcdefghijklmnopq';
  const port = 4321;
  const req = (url: string, headers: Record<string, string> = {}) => checkUpgrade({ url, headers }, token, port);

  it('accepts the token from the query or a Bearer header, from no origin or this origin', () => {
    expect(req(`/ipc?token=${token}`)).toEqual({ ok: true });
    expect(req('/ipc', { authorization: `Bearer ${token}` })).toEqual({ ok: true });
    expect(req(`/ipc?token=${token}`, { origin: `http://127.0.0.1:${port}` })).toEqual({ ok: true });
    expect(req(`/ipc?token=${token}`, { origin: `http://localhost:${port}` })).toEqual({ ok: true });
  });

  it('refuses a missing, wrong, empty or differently-cased token with 401', () => {
    for (const url of ['/ipc', '/ipc?token=', `/ipc?token=${token.toUpperCase()}`, `/ipc?token=${token}x`, `/ipc?token=${token.slice(0, -1)}`, `/ipc?tok=${token}`]) {
      expect(req(url)).toMatchObject({ ok: false, status: 401 });
    }
    expect(req('/ipc', { authorization: `Basic ${token}` })).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a foreign origin with 403 even with the right token', () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, `http://127.0.0.1.evil.example:${port}`, `http://localhost:${port}.evil.example`]) {
      expect(req(`/ipc?token=${token}`, { origin })).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('only /ipc upgrades', () => {
    expect(req(`/other?token=${token}`)).toMatchObject({ ok: false, status: 404 });
    expect(req(`/ipc/../ipc2?token=${token}`)).toMatchObject({ ok: false });
  });
});
