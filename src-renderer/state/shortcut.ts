import type { AppCommand } from '../store/commands';

/** The subset of a KeyboardEvent a shortcut depends on (so the mapping is testable without a DOM). */
export interface KeyChord {
  key: string;
  /** The physical key (`KeyN`, `BracketRight`): Alt/Option changes `key` on macOS and some layouts. */
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

type ShortcutCommand = 'chat.new' | 'chat.close' | 'tab.next' | 'tab.previous' | 'turn.send' | 'settings.open';

/**
 * Every page shortcut, as the desktop menu has it, and the alternative a browser leaves to the
 * page. Chrome keeps Ctrl/Cmd+T, Ctrl/Cmd+W and Ctrl+(Shift+)Tab for its own tabs (the page
 * never sees them), and Ctrl+PageUp/PageDown and Alt+Shift+T too, so the alternatives are
 * Alt+N, Alt+W, Alt+] and Alt+[, which it does not use. Both work everywhere.
 */
export const SHORTCUTS: Record<ShortcutCommand, { desktop: string; browser: string | null }> = {
  'chat.new': { desktop: 'Ctrl/⌘+T', browser: 'Alt+N' },
  'chat.close': { desktop: 'Ctrl/⌘+W', browser: 'Alt+W' },
  'tab.next': { desktop: 'Ctrl+Tab', browser: 'Alt+]' },
  'tab.previous': { desktop: 'Ctrl+Shift+Tab', browser: 'Alt+[' },
  'turn.send': { desktop: 'Ctrl/⌘+Enter', browser: null },
  'settings.open': { desktop: 'Ctrl/⌘+,', browser: null },
};

/** The key to show for a command: in a browser the one that works there, on the desktop its usual one with the alternative. */
export function shortcutLabel(command: ShortcutCommand, inBrowser: boolean): string {
  const { desktop, browser } = SHORTCUTS[command];
  if (!browser) return desktop;
  return inBrowser ? browser : `${desktop} or ${browser}`;
}

const ALT_COMMANDS: Record<string, AppCommand> = { KeyN: 'chat.new', KeyW: 'chat.close', BracketRight: 'tab.next', BracketLeft: 'tab.previous' };
const ALT_KEYS: Record<string, string> = { n: 'KeyN', w: 'KeyW', ']': 'BracketRight', '[': 'BracketLeft' };

/**
 * The page's own shortcuts, the same as the desktop menu's: Ctrl/Cmd+T new chat, Ctrl/Cmd+W
 * close, Ctrl+Tab / Ctrl+Shift+Tab switch tabs, Ctrl/Cmd+Enter send, Ctrl/Cmd+, settings; and
 * the browser-safe Alt+N, Alt+W, Alt+] and Alt+[. Esc is handled by the composer and dialogs,
 * which know whether they have something to close.
 */
export function commandForKey(k: KeyChord): AppCommand | null {
  const mod = k.ctrlKey || k.metaKey;
  if (k.altKey) {
    if (mod || k.shiftKey) return null;
    const code = k.code ?? ALT_KEYS[k.key.toLowerCase()];
    return (code && ALT_COMMANDS[code]) || null;
  }
  if (k.ctrlKey && k.key === 'Tab') return k.shiftKey ? 'tab.previous' : 'tab.next';
  if (!mod || k.shiftKey) return null;
  switch (k.key.toLowerCase()) {
    case 't':
      return 'chat.new';
    case 'w':
      return 'chat.close';
    case 'enter':
      return 'turn.send';
    case ',':
      return 'settings.open';
    default:
      return null;
  }
}
