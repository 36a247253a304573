import type { EventPayload } from './events';

type AppCommand = EventPayload<'app.command'>['command'];

/**
 * The alternative key of each app command whose usual key a browser keeps for itself: Chrome
 * never gives the page Ctrl/Cmd+T, Ctrl/Cmd+W or Ctrl+(Shift+)Tab (nor Ctrl+PageUp/PageDown or
 * Alt+Shift+T), so the page also takes these, which no browser uses. Both keys work everywhere;
 * the page's shortcut handler, its tooltips and the desktop menu all name them from here.
 */
export const BROWSER_SAFE_KEYS: Partial<Record<AppCommand, string>> = {
  'chat.new': 'Alt+N',
  'chat.close': 'Alt+W',
  'tab.next': 'Alt+]',
  'tab.previous': 'Alt+[',
};
