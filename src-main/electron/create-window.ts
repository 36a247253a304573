import type { PreventableEvent, Rect } from './electron-types';
import { reloadOnCrash, type RecoverableContents } from './renderer-recovery';
import { hardenWebContents, type HardenableWebContents } from './window-hardening';
import { MIN_WINDOW_SIZE, trackWindowState, type InitialWindowPlacement, type WindowStateFile } from './window-state';

/** The main window's constructor options; every security-relevant preference is spelled out. */
export interface MainWindowOptions {
  x?: number;
  y?: number;
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  icon?: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    navigateOnDragDrop: false;
    spellcheck: false;
  };
}

/**
 * The window's options. The page gets no Node: it runs sandboxed and context-isolated, and sees
 * only what the preload exposes (invoke/on over the contract's names).
 */
export function mainWindowOptions(preloadPath: string, placement: InitialWindowPlacement, iconPath?: string): MainWindowOptions {
  return {
    ...placement.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    // Shown on ready-to-show, so the user never sees a blank white frame.
    show: false,
    title: 'BooCoder',
    backgroundColor: '#1e1f24',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // Dropping a file on the window must not replace the app with that file.
      navigateOnDragDrop: false,
      // Prompts are full of code and identifiers, and the spellchecker fetches dictionaries from
      // Google's CDN on Windows and Linux: off, so the app makes no requests of its own.
      spellcheck: false,
    },
  };
}

/** The parts of a BrowserWindow the shell uses. */
export interface AppWindow {
  readonly webContents: HardenableWebContents &
    RecoverableContents & {
      send(channel: string, ...args: unknown[]): void;
      isDestroyed(): boolean;
    };
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isFocused(): boolean;
  isVisible(): boolean;
  isDestroyed(): boolean;
  getNormalBounds(): Rect;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  on(event: 'resize', listener: () => void): unknown;
  on(event: 'move', listener: () => void): unknown;
  on(event: 'maximize', listener: () => void): unknown;
  on(event: 'unmaximize', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
}

export type AppWindowConstructor = new (options: MainWindowOptions) => AppWindow;

export interface CreateMainWindowInput {
  BrowserWindow: AppWindowConstructor;
  appUrl: string;
  preloadPath: string;
  placement: InitialWindowPlacement;
  stateFile: Pick<WindowStateFile, 'save'>;
  openExternal(url: string): unknown;
  iconPath?: string;
  log?(message: string): void;
}

/** Open the main window: hardened before anything loads, placed where it was, state tracked. */
export function createMainWindow(input: CreateMainWindowInput): AppWindow {
  const win = new input.BrowserWindow(mainWindowOptions(input.preloadPath, input.placement, input.iconPath));
  hardenWebContents(win.webContents, input.appUrl, input.openExternal);
  trackWindowState(win, input.stateFile);
  reloadOnCrash(win.webContents, input.log ?? (() => undefined));
  win.once('ready-to-show', () => {
    if (input.placement.maximized) win.maximize();
    win.show();
  });
  void win.loadURL(input.appUrl).catch(() => undefined);
  return win;
}

/** Bring the window to the front, un-minimizing it (a second launch, the tray, a notification click). */
export function focusWindow(win: Pick<AppWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'> | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
