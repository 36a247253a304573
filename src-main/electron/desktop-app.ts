import path from 'node:path';
import type { AgentsStatus } from '../../src-preload/contract';
import { Core, type CoreOptions } from '../core/core';
import { resolveAgentEnvironment, type ResolvedEnvironment } from '../core/environment/agent-environment';
import { canOpenTerminal, openTerminal } from '../core/util/terminal-launch';
import { appMenuTemplate, type AppCommand } from './app-menu';
import { rendererUrl } from './app-url';
import { onCoreEvent } from './core-events';
import { createMainWindow, focusWindow, type AppWindow, type AppWindowConstructor } from './create-window';
import { desktopDataDir } from './data-dir';
import type { PreventableEvent } from './electron-types';
import { bindInvoke, forwardEvents, type IpcMainLike } from './ipc-binding';
import type { MenuApi } from './menu-types';
import { createTurnNotifier, type NotificationLike } from './notifications';
import { QuitFlow, quitConfirmation } from './quit-flow';
import { secureSession, type SecurableSession } from './session-security';
import { claimSingleInstance } from './single-instance';
import { TrayController, type TrayLike } from './tray';
import { clampWindowBounds, WindowStateFile, type DisplayLike } from './window-state';

export const APP_ID = 'dev.boocoder.app';

export interface DesktopAppApi {
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<unknown>;
  getPath(name: 'userData'): string;
  quit(): void;
  exit(code?: number): void;
  setAppUserModelId(id: string): void;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
}

export interface DialogApi {
  showOpenDialog(options: { title?: string; properties: Array<'openDirectory' | 'createDirectory'> }): Promise<{ canceled: boolean; filePaths: string[] }>;
  showMessageBox(options: {
    type: 'warning';
    message: string;
    detail: string;
    buttons: string[];
    defaultId: number;
    cancelId: number;
    noLink: boolean;
  }): Promise<{ response: number }>;
  showErrorBox(title: string, content: string): void;
}

/** Everything the shell takes from the electron module; main.ts passes the real one. */
export interface DesktopElectron {
  app: DesktopAppApi;
  BrowserWindow: AppWindowConstructor;
  ipcMain: IpcMainLike;
  Menu: MenuApi;
  Tray: new (image: string) => TrayLike;
  Notification: { isSupported(): boolean; new (options: { title: string; body: string }): NotificationLike };
  dialog: DialogApi;
  screen: { getAllDisplays(): Array<DisplayLike & { id: number }>; getPrimaryDisplay(): DisplayLike & { id: number } };
  session: { defaultSession: SecurableSession };
  shell: { openExternal(url: string): Promise<void> };
}

export interface DesktopAppOptions {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** out/preload/index.cjs */
  preloadPath: string;
  /** out/renderer/index.html */
  indexHtmlPath: string;
  /** Icons: resources/ in development, the packaged app's resources folder otherwise. */
  resourcesDir: string;
  /** electron-vite's dev server (ELECTRON_RENDERER_URL), in development only. */
  devServerUrl?: string;
  devTools: boolean;
  log(message: string): void;
  /** Extra core options (tests pass fakes for agents; development turns on event validation). */
  coreOptions?: Omit<CoreOptions, 'dataDir' | 'pickDirectory'>;
  /**
   * Read the user's login-shell environment for the agents (main.ts; tests leave it out): a
   * desktop app started from the Dock, a launcher or the Start menu lacks what the shell sets up.
   * Skipped when started from a terminal, whose environment already is the user's.
   */
  shellEnvironment?: { nodePath: string; startedFromTerminal: boolean; timeoutMs?: number };
}

/** The running shell, for the process and for tests. */
export interface DesktopApp {
  core: Core;
  appUrl: string;
  quitFlow: QuitFlow;
  window(): AppWindow | null;
  /** The tray icon's controller; null where the desktop has no status area. */
  tray(): TrayController | null;
  openWindow(): AppWindow;
  emitCommand(command: AppCommand): void;
  dispose(): void;
}

/** The tray icon file for a platform; macOS takes a template image it tints for light and dark bars. */
export function trayIconFile(platform: NodeJS.Platform): string {
  return platform === 'darwin' ? 'trayTemplate.png' : 'tray.png';
}

/** Primary display first, as clampWindowBounds expects. */
function displaysPrimaryFirst(screen: DesktopElectron['screen']): DisplayLike[] {
  const primary = screen.getPrimaryDisplay();
  return [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)];
}

/**
 * Wire the shell around one Core: single-instance lock, data folder, session security, IPC,
 * window, menu, tray, notifications and the quit flow. Returns null when this process should not
 * run (another instance has the lock, or the core could not open).
 */
export async function startDesktopApp(electron: DesktopElectron, options: DesktopAppOptions): Promise<DesktopApp | null> {
  const { app } = electron;
  let win: AppWindow | null = null;
  const liveWindow = () => (win && !win.isDestroyed() ? win : null);

  if (!claimSingleInstance(app, () => focusWindow(liveWindow()))) return null;
  // Windows groups notifications and taskbar entries by this id; it must match the installer's appId.
  if (options.platform === 'win32') app.setAppUserModelId(APP_ID);
  // The shell runs while Electron gets ready; the core needs its answer before any agent starts.
  const environment: Promise<ResolvedEnvironment | null> = options.shellEnvironment
    ? resolveAgentEnvironment({ platform: options.platform, env: options.env, ...options.shellEnvironment })
    : Promise.resolve(null);
  await app.whenReady();
  const resolved = await environment;
  if (resolved?.report.notice) options.log(resolved.report.notice);

  const userData = app.getPath('userData');
  const appUrl = rendererUrl(options.indexHtmlPath, options.devServerUrl);
  let core: Core;
  try {
    core = await Core.open({
      ...(resolved ? { agentEnv: resolved.env, environment: resolved.report } : {}),
      terminal: { available: () => canOpenTerminal(options.platform, resolved?.env ?? options.env), open: (line, env) => openTerminal(options.platform, line, env) },
      ...options.coreOptions,
      dataDir: desktopDataDir(options.env, userData),
      pickDirectory: async () => {
        const picked = await electron.dialog.showOpenDialog({ title: 'Open a git repository', properties: ['openDirectory', 'createDirectory'] });
        return picked.canceled ? null : (picked.filePaths[0] ?? null);
      },
    });
  } catch (e) {
    electron.dialog.showErrorBox('BooCoder cannot start', e instanceof Error ? e.message : String(e));
    app.exit(1);
    return null;
  }

  secureSession(electron.session.defaultSession, appUrl, options.devServerUrl);
  const disposers: Array<() => void> = [];
  disposers.push(bindInvoke(electron.ipcMain, core.handlers, appUrl, (url) => options.log(`refused IPC from ${url ?? 'a destroyed frame'}`)));
  disposers.push(forwardEvents(core.events, () => liveWindow()?.webContents ?? null));

  const quitFlow = new QuitFlow({
    busyChats: async () => (await core.handlers['agents.status']({})).busyChats,
    confirmQuit: async (busy) => {
      const text = quitConfirmation(busy);
      const answer = await electron.dialog.showMessageBox({ type: 'warning', ...text, defaultId: 1, cancelId: 1, noLink: true });
      return answer.response === 0;
    },
    shutdown: () => core.shutdown(),
    quit: () => app.quit(),
    log: options.log,
  });
  app.on('before-quit', (event) => quitFlow.onBeforeQuit(event));

  const stateFile = new WindowStateFile(userData);
  const iconPath = path.join(options.resourcesDir, 'icon.png');
  const openWindow = (): AppWindow => {
    const existing = liveWindow();
    if (existing) {
      focusWindow(existing);
      return existing;
    }
    const created = createMainWindow({
      BrowserWindow: electron.BrowserWindow,
      appUrl,
      preloadPath: options.preloadPath,
      placement: clampWindowBounds(stateFile.load(), displaysPrimaryFirst(electron.screen)),
      stateFile,
      openExternal: (url) => electron.shell.openExternal(url),
      log: options.log,
      // Linux has no bundle icon to fall back on, and Windows shows Electron's own in development;
      // macOS takes the dock icon from the app bundle.
      ...(options.platform !== 'darwin' ? { iconPath } : {}),
    });
    created.on('close', (event) => {
      // On Windows and Linux closing the window quits the app, so it must pass the same confirmation.
      if (options.platform !== 'darwin' && quitFlow.state !== 'done') {
        event.preventDefault();
        app.quit();
      }
    });
    created.on('closed', () => {
      if (win === created) win = null;
    });
    win = created;
    return created;
  };

  const emitCommand = (command: AppCommand) => core.events.emit('app.command', { command });
  electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(appMenuTemplate({ platform: options.platform, emit: emitCommand, devTools: options.devTools })));

  // Titles for notifications come from the latest status; chats.list covers chats with no live session.
  let lastStatus: AgentsStatus = { sessions: [], processes: [], busyChats: [] };
  try {
    lastStatus = await core.handlers['agents.status']({});
  } catch (e) {
    // The tray starts empty and fills in with the first agents.status event.
    options.log(`agents.status failed at start: ${String(e)}`);
  }
  let tray: TrayController | null = null;
  try {
    tray = new TrayController(
      new electron.Tray(path.join(options.resourcesDir, 'tray', trayIconFile(options.platform))),
      electron.Menu,
      { open: () => void openWindow(), quit: () => app.quit() },
      lastStatus,
    );
  } catch (e) {
    // Some Linux desktops have no status area; the app works without a tray.
    options.log(`no tray icon: ${String(e)}`);
  }
  disposers.push(
    onCoreEvent(core.events, 'agents.status', (status) => {
      lastStatus = status;
      tray?.update(status);
    }),
  );

  const notify = createTurnNotifier({
    notifications: { isSupported: () => electron.Notification.isSupported(), create: (content) => new electron.Notification(content) },
    isWindowFocused: () => liveWindow()?.isFocused() ?? false,
    chatTitle: async (chatId) => {
      const fromStatus = lastStatus.sessions.find((s) => s.chatId === chatId)?.chatTitle;
      if (fromStatus) return fromStatus;
      const chats = await core.handlers['chats.list']({ includeArchived: true });
      return chats.find((c) => c.id === chatId)?.title;
    },
    openWindow: () => void openWindow(),
  });
  disposers.push(onCoreEvent(core.events, 'turn.event', (payload) => void notify(payload)));

  app.on('window-all-closed', () => {
    // macOS apps stay alive without windows (the dock and the tray reopen them).
    if (options.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => void openWindow());

  openWindow();

  return {
    core,
    appUrl,
    quitFlow,
    window: liveWindow,
    tray: () => tray,
    openWindow,
    emitCommand,
    dispose() {
      for (const dispose of disposers.splice(0).reverse()) dispose();
      tray?.dispose();
      tray = null;
    },
  };
}
