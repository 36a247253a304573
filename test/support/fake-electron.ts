import type { MainWindowOptions } from '../../src-main/electron/create-window';
import type { DesktopElectron } from '../../src-main/electron/desktop-app';
import type { PreventableEvent, Rect } from '../../src-main/electron/electron-types';
import type { HeadersDetails } from '../../src-main/electron/session-security';
import type { InvokeEvent, SenderFrame } from '../../src-main/electron/ipc-binding';
import type { MenuItemSpec, MenuLike } from '../../src-main/electron/menu-types';
import type { DisplayLike } from '../../src-main/electron/window-state';

/**
 * A stand-in for the parts of Electron the shell uses, with hooks to drive it: emit app and
 * window events, invoke IPC as a given frame, click menu items, answer dialogs. No Electron
 * binary is involved; the shell modules take these objects in place of the real ones.
 */

type Listener = (...args: never[]) => unknown;

/** A tiny event emitter: listeners by name, emit with arguments. */
class Emitter {
  private readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: Listener): this {
    const wrapped = (...args: never[]) => {
      this.off(event, wrapped);
      return listener(...args);
    };
    return this.on(event, wrapped);
  }

  off(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    return this;
  }

  removeListener(event: string, listener: Listener): this {
    return this.off(event, listener);
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => unknown)(...args);
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** An event whose default can be prevented, recording whether it was. */
export class FakeEvent implements PreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents extends Emitter {
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  destroyed = false;
  reloads = 0;

  reload(): void {
    this.reloads += 1;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  /** Simulate the page navigating; returns the event so the test can see if it was prevented. */
  navigate(url: string, kind: 'will-navigate' | 'will-redirect' = 'will-navigate'): FakeEvent {
    const event = new FakeEvent();
    this.emit(kind, event, url);
    return event;
  }
}

export class FakeBrowserWindow extends Emitter {
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  visible = false;
  focused = false;
  minimized = false;
  maximized = false;
  destroyed = false;
  bounds: Rect;

  constructor(readonly options: MainWindowOptions) {
    super();
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width, height: options.height };
  }

  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
    this.emit('focus');
  }
  blur(): void {
    this.focused = false;
    this.emit('blur');
  }
  restore(): void {
    this.minimized = false;
  }
  maximize(): void {
    this.maximized = true;
    this.emit('maximize');
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isFocused(): boolean {
    return this.focused;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds(): Rect {
    return { ...this.bounds };
  }
  /** The user closes the window; returns whether the close went ahead. */
  close(): boolean {
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
    return true;
  }
}

export class FakeApp extends Emitter {
  lockAvailable = true;
  readonly calls = { quit: 0, exit: [] as Array<number | undefined>, appUserModelId: [] as string[] };
  /** Set once a quit got past before-quit. */
  quitted = false;
  isPackaged = false;

  constructor(private readonly userData: string) {
    super();
  }

  requestSingleInstanceLock(): boolean {
    return this.lockAvailable;
  }
  async whenReady(): Promise<void> {}
  getPath(_name: 'userData'): string {
    return this.userData;
  }
  /** Like Electron: before-quit first; quitting goes ahead only if nobody prevented it. */
  quit(): void {
    this.calls.quit += 1;
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.quitted = true;
  }
  exit(code?: number): void {
    this.calls.exit.push(code);
  }
  setAppUserModelId(id: string): void {
    this.calls.appUserModelId.push(id);
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>>();

  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Call a handler as if `frame` sent it (null: the frame is gone). */
  async invoke(channel: string, frame: SenderFrame | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: frame }, ...args);
  }
}

/** A frame at `url`: the top frame unless a parent is given. */
export const frameAt = (url: string, parent: unknown = null): SenderFrame => ({ url, parent });

export class FakeMenu implements MenuLike {
  constructor(readonly items: MenuItemSpec[]) {}
}

export class FakeTray extends Emitter {
  tooltip = '';
  menu: FakeMenu | null = null;
  destroyed = false;
  constructor(readonly image: string) {
    super();
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: MenuLike | null): void {
    this.menu = menu as FakeMenu | null;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class FakeNotification extends Emitter {
  shown = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show(): void {
    this.shown = true;
  }
}

export interface FakeElectronOptions {
  userData: string;
  displays?: Array<DisplayLike & { id: number }>;
}

/** Find a menu item by id or label anywhere in a template. */
export function findItem(items: readonly MenuItemSpec[], match: string): MenuItemSpec | undefined {
  for (const item of items) {
    if (item.id === match || item.label === match) return item;
    const inner = item.submenu ? findItem(item.submenu, match) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

export function createFakeElectron(options: FakeElectronOptions) {
  const windows: FakeBrowserWindow[] = [];
  const trays: FakeTray[] = [];
  const notifications: FakeNotification[] = [];
  const openedExternally: string[] = [];
  const dialogs = {
    /** The button index showMessageBox answers with (0 = Quit). */
    messageBoxResponse: 0,
    messageBoxes: [] as Array<{ message: string; buttons: string[] }>,
    openDialogResult: { canceled: true, filePaths: [] as string[] },
    errors: [] as Array<{ title: string; content: string }>,
  };
  const menus = { application: null as FakeMenu | null };
  const session = {
    requestHandler: null as null | ((wc: unknown, permission: string, cb: (granted: boolean) => void, details: { requestingUrl?: string }) => void),
    checkHandler: null as null | ((wc: unknown, permission: string, origin: string) => boolean),
    headersListener: null as null | ((details: HeadersDetails, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void),
  };
  let notificationsSupported = true;
  const displays = options.displays ?? [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }];

  const app = new FakeApp(options.userData);
  const ipcMain = new FakeIpcMain();

  const electron: DesktopElectron = {
    app,
    BrowserWindow: class extends FakeBrowserWindow {
      constructor(opts: MainWindowOptions) {
        super(opts);
        windows.push(this);
      }
    },
    ipcMain,
    Menu: {
      buildFromTemplate: (template) => new FakeMenu(template),
      setApplicationMenu: (menu) => {
        menus.application = menu as FakeMenu | null;
      },
    },
    Tray: class extends FakeTray {
      constructor(image: string) {
        super(image);
        trays.push(this);
      }
    },
    Notification: class extends FakeNotification {
      static isSupported(): boolean {
        return notificationsSupported;
      }
      constructor(opts: { title: string; body: string }) {
        super(opts);
        notifications.push(this);
      }
    },
    dialog: {
      showOpenDialog: async () => dialogs.openDialogResult,
      showMessageBox: async (opts) => {
        dialogs.messageBoxes.push({ message: opts.message, buttons: opts.buttons });
        return { response: dialogs.messageBoxResponse };
      },
      showErrorBox: (title, content) => {
        dialogs.errors.push({ title, content });
      },
    },
    screen: {
      getAllDisplays: () => displays,
      getPrimaryDisplay: () => displays[0]!,
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h) => {
          session.requestHandler = h;
        },
        setPermissionCheckHandler: (h) => {
          session.checkHandler = h;
        },
        webRequest: {
          onHeadersReceived: (l) => {
            session.headersListener = l;
          },
        },
      },
    },
    shell: {
      openExternal: async (url) => {
        openedExternally.push(url);
      },
    },
  };

  return {
    electron,
    app,
    ipcMain,
    windows,
    trays,
    notifications,
    openedExternally,
    dialogs,
    menus,
    session,
    setNotificationsSupported(value: boolean) {
      notificationsSupported = value;
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
