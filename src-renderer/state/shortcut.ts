import type { AppCommand } from '../store/commands';

/** The subset of a KeyboardEvent a shortcut depends on (so the mapping is testable without a DOM). */
export interface KeyChord {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * The page's own shortcuts, the same as the desktop menu's: Ctrl/Cmd+T new chat, Ctrl/Cmd+W
 * close, Ctrl+Tab / Ctrl+Shift+Tab switch tabs, Ctrl/Cmd+Enter send, Ctrl/Cmd+, settings.
 * Esc is handled by the composer and dialogs, which know whether they have something to close.
 */
export function commandForKey(k: KeyChord): AppCommand | null {
  const mod = k.ctrlKey || k.metaKey;
  if (k.altKey) return null;
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
