import { describe, expect, it } from 'vitest';
import { permissionCheckGranted, permissionGranted, secureSession, withCsp } from '../../../src-main/electron/session-security';
import { createFakeElectron } from '../../support/fake-electron';

const appUrl = 'file:///app/out/renderer/index.html';

describe('permissions', () => {
  it('are refused, but for sanitized clipboard writes from the app itself', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'unknown']) {
      expect(permissionGranted(p, appUrl, appUrl)).toBe(false);
    }
    expect(permissionGranted('clipboard-sanitized-write', appUrl, appUrl)).toBe(true);
    expect(permissionGranted('clipboard-sanitized-write', 'https://evil.example/', appUrl)).toBe(false);
    expect(permissionGranted('clipboard-sanitized-write', undefined, appUrl)).toBe(false);
  });

  it('checks judge the origin the same way', () => {
    expect(permissionCheckGranted('clipboard-sanitized-write', 'file:///', appUrl)).toBe(true);
    expect(permissionCheckGranted('media', 'file:///', appUrl)).toBe(false);
    expect(permissionCheckGranted('clipboard-sanitized-write', 'http://localhost:5173', 'http://localhost:5173/')).toBe(true);
    expect(permissionCheckGranted('clipboard-sanitized-write', 'https://evil.example', 'http://localhost:5173/')).toBe(false);
  });

  it('are wired into the session', async () => {
    const fake = createFakeElectron({ userData: '/nowhere' });
    secureSession(fake.electron.session.defaultSession, appUrl, undefined);
    const answers: boolean[] = [];
    fake.session.requestHandler!(null, 'media', (g) => answers.push(g), { requestingUrl: appUrl });
    fake.session.requestHandler!(null, 'geolocation', (g) => answers.push(g), { requestingUrl: appUrl });
    expect(answers).toEqual([false, false]);
    expect(fake.session.checkHandler!(null, 'notifications', 'file:///')).toBe(false);
  });
});

describe('CSP header', () => {
  it('replaces whatever policy a response carried', () => {
    const headers = withCsp({ 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] }, "default-src 'self'");
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] });
  });

  it('is set on every response through the session', () => {
    const fake = createFakeElectron({ userData: '/nowhere' });
    secureSession(fake.electron.session.defaultSession, 'http://localhost:5173/', 'http://localhost:5173/');
    let out: Record<string, string[]> | undefined;
    fake.session.headersListener!({ url: 'http://localhost:5173/', responseHeaders: {} }, (r) => (out = r.responseHeaders));
    expect(out?.['Content-Security-Policy']?.[0]).toContain("default-src 'self'");
  });
});
