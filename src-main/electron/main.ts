import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, screen, session, shell, Tray } from 'electron';
import { startDesktopApp } from './desktop-app';
import { exposeSmokeHooks } from './smoke-hooks';

/**
 * Electron's entry point (built to out/main/index.js). Everything here is paths and the real
 * electron module; the wiring lives in desktop-app.ts, where tests can drive it with fakes.
 */
const here = import.meta.dirname;
const log = (message: string) => process.stderr.write(`BooCoder: ${message}\n`);

startDesktopApp(
  { app, BrowserWindow, dialog, ipcMain, Menu, Notification, screen, session, shell, Tray },
  {
    platform: process.platform,
    env: process.env,
    preloadPath: path.join(here, '..', 'preload', 'index.cjs'),
    indexHtmlPath: path.join(here, '..', 'renderer', 'index.html'),
    // Packaged: icons are copied next to app.asar (electron-builder extraResources).
    resourcesDir: app.isPackaged ? process.resourcesPath : path.join(here, '..', '..', 'resources'),
    devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
    devTools: !app.isPackaged,
    log,
    // Started from a terminal (npm start, a shell alias), the environment already is the user's.
    shellEnvironment: { nodePath: process.execPath, startedFromTerminal: Boolean(process.stdin.isTTY || process.stdout.isTTY) },
    // Development builds check every outgoing event against the contract.
    coreOptions: { validateEvents: !app.isPackaged },
  },
)
  .then((desktop) => {
    if (!desktop) return;
    exposeSmokeHooks(process.env, desktop);
    // Ctrl+C in a terminal or a TERM from the session takes the normal quit path (and its shutdown).
    const quit = () => app.quit();
    process.on('SIGINT', quit);
    process.on('SIGTERM', quit);
  })
  .catch((e: unknown) => {
    log(`failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    app.exit(1);
  });
