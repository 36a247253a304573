import type { DesktopApp } from './desktop-app';
import type { MenuLike } from './menu-types';
import type { QuitState } from './quit-flow';

/**
 * The Electron smoke test (test/electron/) drives the real app from outside and must see the
 * shell's tray, which Electron cannot list: there is no API that enumerates Tray objects or
 * returns a tray's context menu. With BOOCODER_SMOKE_HOOKS=1 in its environment the app puts a
 * read-only view of its shell on a global the test reads through Playwright's main-process
 * evaluate. Without the variable nothing is exposed; the app behaves the same either way.
 */
export const SMOKE_HOOKS_ENV = 'BOOCODER_SMOKE_HOOKS';
export const SMOKE_HOOKS_GLOBAL = '__boocoderShell';

/** What the smoke test may look at. The menu is the real one: clicking its items runs the app's actions. */
export interface ShellProbe {
  trayMenu(): MenuLike | null;
  quitState(): QuitState;
}

/** Exposes the probe when the environment asks for it; returns whether it did. */
export function exposeSmokeHooks(env: NodeJS.ProcessEnv, desktop: DesktopApp, target: object = globalThis): boolean {
  if (env[SMOKE_HOOKS_ENV] !== '1') return false;
  const probe: ShellProbe = {
    trayMenu: () => desktop.tray()?.contextMenu ?? null,
    quitState: () => desktop.quitFlow.state,
  };
  Object.defineProperty(target, SMOKE_HOOKS_GLOBAL, { value: Object.freeze(probe), enumerable: false });
  return true;
}
