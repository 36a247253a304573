import { describe, expect, it } from 'vitest';
import { createMainWindow, mainWindowOptions } from '../../../src-main/electron/create-window';
import { contentSecurityPolicy } from '../../../src-main/electron/csp';
import { shouldReloadAfterCrash } from '../../../src-main/electron/renderer-recovery';
import { navigationVerdict } from '../../../src-main/electron/window-hardening';
import { FakeBrowserWindow } from '../../support/fake-electron';

const appUrl = 'file:///app/out/renderer/index.html';
const placement = { bounds: { width: 1000, height: 700 }, maximized: false };

function openWindow(maximized = false) {
  const opened: string[] = [];
  const saved: unknown[] = [];
  const win = createMainWindow({
    BrowserWindow: FakeBrowserWindow,
    appUrl,
    preloadPath: '/app/out/preload/index.cjs',
    placement: { ...placement, maximized },
    stateFile: { save: (s) => saved.push(s) },
    openExternal: (url) => opened.push(url),
  }) as FakeBrowserWindow;
  return { win, opened, saved };
}

describe('main window options', () => {
  it('isolate and sandbox the page with no Node, and load the preload', () => {
    const options = mainWindowOptions('/app/out/preload/index.cjs', placement);
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(options.show).toBe(false);
  });

  it('use the placement it is given', () => {
    const options = mainWindowOptions('/p', { bounds: { x: 10, y: 20, width: 900, height: 600 }, maximized: false });
    expect(options).toMatchObject({ x: 10, y: 20, width: 900, height: 600 });
  });

  it('loads the app URL and shows (maximized if saved so) on ready-to-show', () => {
    const { win } = openWindow(true);
    expect(win.loadedUrl).toBe(appUrl);
    expect(win.visible).toBe(false);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
    expect(win.maximized).toBe(true);
  });
});

describe('navigation and new windows', () => {
  it('blocks navigation away from the app and sends web links to the browser', () => {
    const { win, opened } = openWindow();
    expect(win.webContents.navigate('https://evil.example/phish').defaultPrevented).toBe(true);
    expect(win.webContents.navigate('file:///etc/passwd').defaultPrevented).toBe(true);
    expect(win.webContents.navigate('https://evil.example/next', 'will-redirect').defaultPrevented).toBe(true);
    expect(opened).toEqual(['https://evil.example/phish', 'https://evil.example/next']);
  });

  it('lets the app reload its own document', () => {
    const { win, opened } = openWindow();
    expect(win.webContents.navigate(`${appUrl}#settings`).defaultPrevented).toBe(false);
    expect(opened).toEqual([]);
  });

  it('denies every window.open; http(s) goes to the browser, anything else nowhere', () => {
    const { win, opened } = openWindow();
    const handler = win.webContents.windowOpenHandler!;
    expect(handler({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///etc/hosts' })).toEqual({ action: 'deny' });
    expect(handler({ url: appUrl })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.example/']);
  });

  it('refuses <webview> tags', () => {
    const { win } = openWindow();
    let prevented = false;
    win.webContents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('judges navigation by the pure verdict', () => {
    expect(navigationVerdict(appUrl, appUrl)).toEqual({ action: 'allow' });
    expect(navigationVerdict('https://x.example/', appUrl)).toEqual({ action: 'deny', openExternally: 'https://x.example/' });
    expect(navigationVerdict('javascript:void(0)', appUrl)).toEqual({ action: 'deny', openExternally: null });
  });
});

describe('content security policy', () => {
  it('allows only the app itself in production', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-src 'none'");
    expect(csp).toContain("base-uri 'none'");
  });

  it('opens only what the Vite dev client needs in development', () => {
    const csp = contentSecurityPolicy('http://localhost:5173');
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).toContain('connect-src \'self\' http://localhost:5173 ws://localhost:5173');
  });
});

describe('renderer crash recovery', () => {
  it('reloads a crashed page, but not a clean exit and not in a crash loop', () => {
    expect(shouldReloadAfterCrash('crashed', [], 1000)).toBe(true);
    expect(shouldReloadAfterCrash('clean-exit', [], 1000)).toBe(false);
    expect(shouldReloadAfterCrash('oom', [100, 200, 300], 1000)).toBe(false);
    expect(shouldReloadAfterCrash('oom', [100, 200, 300], 100 + 61_000)).toBe(true);
  });

  it('is wired to the window', () => {
    const { win } = openWindow();
    for (let i = 0; i < 5; i++) win.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(win.webContents.reloads).toBe(3);
  });
});
