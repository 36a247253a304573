import { BROWSER_SAFE_KEYS, type EventPayload } from '../../src-preload/contract';
import type { MenuItemSpec } from './menu-types';

export type AppCommand = EventPayload<'app.command'>['command'];

export interface AppMenuInput {
  platform: NodeJS.Platform;
  /** Sends `app.command` to the renderer. */
  emit(command: AppCommand): void;
  /** Developer tools in the View menu (development builds). */
  devTools: boolean;
}

/**
 * An item's label, with the browser-safe key of its command when it has one (Alt+N beside
 * Ctrl+T): a native item shows one accelerator, and the page takes both keys in the desktop
 * window too, so the menu names the second in the label.
 */
export const menuLabel = (label: string, id: AppCommand): string => (BROWSER_SAFE_KEYS[id] ? `${label} (or ${BROWSER_SAFE_KEYS[id]})` : label);

const command = (label: string, id: AppCommand, emit: (c: AppCommand) => void, accelerator?: string, registerAccelerator = true): MenuItemSpec => ({
  id,
  label: menuLabel(label, id),
  ...(accelerator ? { accelerator } : {}),
  ...(accelerator && !registerAccelerator ? { registerAccelerator: false } : {}),
  click: () => emit(id),
});

/**
 * The application menu. Chat commands go to the renderer as `app.command` events; text editing,
 * zoom and window handling use Electron's standard roles.
 *
 * Send (Cmd/Ctrl+Enter) and Interrupt (Esc) show their keys but do not register them: a
 * registered accelerator is swallowed before the page sees the key, and both keys mean other
 * things in text fields, dialogs and menus of the page (Esc closes a popup before it interrupts
 * a turn). The renderer handles those two keys itself, as it must in the browser host anyway;
 * the menu items still work when clicked. macOS ignores registerAccelerator: there Interrupt
 * shows no key at all (a menu key equivalent for Esc would take Esc from every text field), and
 * Send keeps Cmd+Enter as its menu key, so the renderer must preventDefault a Cmd+Enter it
 * handles. Close Chat takes Cmd/Ctrl+W, so closing the window moves to Cmd/Ctrl+Shift+W.
 */
export function appMenuTemplate(input: AppMenuInput): MenuItemSpec[] {
  const { emit } = input;
  const mac = input.platform === 'darwin';
  const settings = command(mac ? 'Settings…' : 'Settings', 'settings.open', emit, 'CmdOrCtrl+,');
  const sep: MenuItemSpec = { type: 'separator' };

  const appMenu: MenuItemSpec[] = mac
    ? [
        {
          label: 'BooCoder',
          submenu: [{ role: 'about' }, sep, settings, sep, { role: 'services' }, sep, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, { role: 'quit' }],
        },
      ]
    : [];

  const file: MenuItemSpec = {
    label: 'File',
    submenu: [
      command('New Chat', 'chat.new', emit, 'CmdOrCtrl+T'),
      command('Close Chat', 'chat.close', emit, 'CmdOrCtrl+W'),
      ...(mac ? [] : [sep, settings, sep, { role: 'quit', accelerator: 'Ctrl+Q' } satisfies MenuItemSpec]),
    ],
  };

  const edit: MenuItemSpec = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      sep,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } satisfies MenuItemSpec] : []),
      { role: 'delete' },
      sep,
      { role: 'selectAll' },
      sep,
      command('Find in Chat', 'chat.find', emit, 'CmdOrCtrl+F'),
    ],
  };

  const chat: MenuItemSpec = {
    label: 'Chat',
    submenu: [
      command('Send', 'turn.send', emit, 'CmdOrCtrl+Enter', false),
      command('Interrupt', 'turn.interrupt', emit, mac ? undefined : 'Esc', false),
      sep,
      command('Next Tab', 'tab.next', emit, 'Ctrl+Tab'),
      command('Previous Tab', 'tab.previous', emit, 'Ctrl+Shift+Tab'),
    ],
  };

  const view: MenuItemSpec = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...(input.devTools ? [{ role: 'forceReload' } satisfies MenuItemSpec, { role: 'toggleDevTools' } satisfies MenuItemSpec] : []),
      sep,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      sep,
      { role: 'togglefullscreen' },
    ],
  };

  const windowMenu: MenuItemSpec = {
    label: 'Window',
    ...(mac ? { role: 'window' } : {}),
    submenu: [
      { role: 'minimize' },
      ...(mac ? [{ role: 'zoom' } satisfies MenuItemSpec, sep, { role: 'front' } satisfies MenuItemSpec] : []),
      { role: 'close', accelerator: 'CmdOrCtrl+Shift+W' },
    ],
  };

  return [...appMenu, file, edit, chat, view, windowMenu];
}

/** Depth-first search of a template by item id: for tests and for enabling items later. */
export function findMenuItem(template: readonly MenuItemSpec[], id: string): MenuItemSpec | undefined {
  for (const item of template) {
    if (item.id === id) return item;
    const inner = item.submenu ? findMenuItem(item.submenu, id) : undefined;
    if (inner) return inner;
  }
  return undefined;
}
