import { BROWSER_SAFE_KEYS } from '../../src-preload/contract';
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

type ShortcutCommand = 'chat.new' | 'chat.close' | 'chat.find' | 'tab.next' | 'tab.previous' | 'turn.send' | 'settings.open';

const DESKTOP_KEYS: Record<ShortcutCommand, string> = {
  'chat.new': 'Ctrl/⌘+T',
  'chat.close': 'Ctrl/⌘+W',
  'chat.find': 'Ctrl/⌘+F',
  'tab.next': 'Ctrl+Tab',
  'tab.previous': 'Ctrl+Shift+Tab',
  'turn.send': 'Ctrl/⌘+Enter',
  'settings.open': 'Ctrl/⌘+,',
};

/** Every page shortcut, as the desktop menu has it, and the alternative a browser leaves to the page (BROWSER_SAFE_KEYS). */
export const SHORTCUTS = Object.fromEntries(
  Object.entries(DESKTOP_KEYS).map(([command, desktop]) => [command, { desktop, browser: BROWSER_SAFE_KEYS[command as ShortcutCommand] ?? null }]),
) as Record<ShortcutCommand, { desktop: string; browser: string | null }>;

/** The key to show for a command: in a browser the one that works there, on the desktop its usual one with the alternative. */
export function shortcutLabel(command: ShortcutCommand, inBrowser: boolean): string {
  const { desktop, browser } = SHORTCUTS[command];
  if (!browser) return desktop;
  return inBrowser ? browser : `${desktop} or ${browser}`;
}

/** The physical key of a key name in BROWSER_SAFE_KEYS (`N` → `KeyN`, `]` → `BracketRight`). */
const codeOf = (key: string): string => (/^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : ({ ']': 'BracketRight', '[': 'BracketLeft' } as Record<string, string>)[key] ?? key);
const altKeys = Object.entries(BROWSER_SAFE_KEYS).map(([command, keys]) => ({ command: command as AppCommand, key: keys.replace(/^Alt\+/, '') }));
/** Alt+<physical key> → command; and a key name → its physical key, for events that carry no code. */
const ALT_COMMANDS: Record<string, AppCommand> = Object.fromEntries(altKeys.map(({ command, key }) => [codeOf(key), command]));
const ALT_KEYS: Record<string, string> = Object.fromEntries(altKeys.map(({ key }) => [key.toLowerCase(), codeOf(key)]));

/**
 * The page's own shortcuts, the same as the desktop menu's: Ctrl/Cmd+T new chat, Ctrl/Cmd+W
 * close, Ctrl/Cmd+F find in the chat, Ctrl+Tab / Ctrl+Shift+Tab switch tabs, Ctrl/Cmd+Enter send, Ctrl/Cmd+, settings; and
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
    case 'f':
      return 'chat.find';
    case 'enter':
      return 'turn.send';
    case ',':
      return 'settings.open';
    default:
      return null;
  }
}
