import { externalUrl, isAppFrame } from './app-url';
import type { PreventableEvent } from './electron-types';

/** The webContents events and hooks used to keep the page on the app's own document. */
export interface HardenableWebContents {
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export type NavigationVerdict = { action: 'allow' } | { action: 'deny'; openExternally: string | null };

/**
 * What to do when the page tries to navigate: staying on the app's own document (a reload, a
 * hash change, the dev server's full reload) is fine; anything else is denied, and an http(s)
 * link goes to the user's browser instead of replacing the app.
 */
export function navigationVerdict(url: string, appUrl: string): NavigationVerdict {
  if (isAppFrame(url, appUrl)) return { action: 'allow' };
  return { action: 'deny', openExternally: externalUrl(url) };
}

/**
 * Keep the window on the app: block navigation away, deny every new window (http(s) links open in
 * the browser), and refuse <webview> tags, which would otherwise get their own preferences.
 */
export function hardenWebContents(contents: HardenableWebContents, appUrl: string, openExternal: (url: string) => unknown): void {
  const guard = (event: PreventableEvent, url: string) => {
    const verdict = navigationVerdict(url, appUrl);
    if (verdict.action === 'allow') return;
    event.preventDefault();
    if (verdict.openExternally) void Promise.resolve(openExternal(verdict.openExternally)).catch(() => undefined);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const target = externalUrl(url);
    if (target) void Promise.resolve(openExternal(target)).catch(() => undefined);
    return { action: 'deny' };
  });
}
