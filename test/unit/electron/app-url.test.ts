import { describe, expect, it } from 'vitest';
import { externalUrl, isAppFrame, rendererUrl } from '../../../src-main/electron/app-url';

const appFile = 'file:///opt/BooCoder/resources/app.asar/out/renderer/index.html';

describe('isAppFrame', () => {
  it('accepts the loaded index.html, with or without query and hash', () => {
    expect(isAppFrame(appFile, appFile)).toBe(true);
    expect(isAppFrame(`${appFile}?tab=2#chat-1`, appFile)).toBe(true);
  });

  it('refuses any other local file, even next to the app', () => {
    expect(isAppFrame('file:///opt/BooCoder/resources/app.asar/out/renderer/other.html', appFile)).toBe(false);
    expect(isAppFrame('file:///tmp/evil.html', appFile)).toBe(false);
    expect(isAppFrame('file://otherhost/opt/BooCoder/resources/app.asar/out/renderer/index.html', appFile)).toBe(false);
  });

  it('refuses web pages, about:blank, data URLs and garbage', () => {
    expect(isAppFrame('https://example.com/', appFile)).toBe(false);
    expect(isAppFrame('about:blank', appFile)).toBe(false);
    expect(isAppFrame('data:text/html,<b>x</b>', appFile)).toBe(false);
    expect(isAppFrame('', appFile)).toBe(false);
    expect(isAppFrame(null, appFile)).toBe(false);
    expect(isAppFrame('not a url', appFile)).toBe(false);
  });

  it('matches the dev server by origin', () => {
    const dev = 'http://localhost:5173/';
    expect(isAppFrame('http://localhost:5173/index.html?x=1', dev)).toBe(true);
    expect(isAppFrame('http://localhost:5174/', dev)).toBe(false);
    expect(isAppFrame('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isAppFrame('https://localhost:5173/', dev)).toBe(false);
  });

  it('handles paths with spaces the way Chromium reports them', () => {
    const url = rendererUrl('/home/me/My Apps/out/renderer/index.html', undefined);
    expect(url).toBe('file:///home/me/My%20Apps/out/renderer/index.html');
    expect(isAppFrame('file:///home/me/My%20Apps/out/renderer/index.html', url)).toBe(true);
  });
});

describe('rendererUrl', () => {
  it('prefers the dev server when there is one', () => {
    expect(rendererUrl('/x/index.html', 'http://localhost:5173')).toBe('http://localhost:5173');
    expect(rendererUrl('/x/index.html', undefined)).toBe('file:///x/index.html');
  });
});

describe('externalUrl', () => {
  it('lets only http(s) links out to the browser', () => {
    expect(externalUrl('https://github.com/x')).toBe('https://github.com/x');
    expect(externalUrl('http://example.com')).toBe('http://example.com/');
    expect(externalUrl('file:///etc/passwd')).toBeNull();
    expect(externalUrl('javascript:alert(1)')).toBeNull();
    expect(externalUrl('smb://host/share')).toBeNull();
    expect(externalUrl('::')).toBeNull();
  });
});

describe('isAppFrame on Windows paths', () => {
  it('ignores case in drive-letter paths, and rejects malformed escapes', () => {
    const win = 'file:///C:/Program%20Files/BooCoder/resources/app.asar/out/renderer/index.html';
    expect(isAppFrame('file:///c:/program%20files/boocoder/resources/app.asar/out/renderer/index.html', win)).toBe(true);
    expect(isAppFrame('file:///C:/Users/me/evil.html', win)).toBe(false);
    expect(isAppFrame('file:///x/%E0%A4%A', 'file:///x/%E0%A4%A')).toBe(false);
  });
});
