import { describe, expect, it } from 'vitest';
import { appMenuTemplate, findMenuItem, type AppCommand } from '../../../src-main/electron/app-menu';
import type { MenuItemSpec } from '../../../src-main/electron/menu-types';

function menu(platform: NodeJS.Platform) {
  const emitted: AppCommand[] = [];
  const template = appMenuTemplate({ platform, emit: (c) => emitted.push(c), devTools: false });
  return { template, emitted };
}

const roles = (items: readonly MenuItemSpec[]): string[] =>
  items.flatMap((i) => [...(i.role ? [i.role] : []), ...(i.submenu ? roles(i.submenu) : [])]);

describe('application menu', () => {
  const expected: Array<[AppCommand, string, string]> = [
    ['chat.new', 'New Chat (or Alt+N)', 'CmdOrCtrl+T'],
    ['chat.close', 'Close Chat (or Alt+W)', 'CmdOrCtrl+W'],
    ['chat.find', 'Find in Chat', 'CmdOrCtrl+F'],
    ['tab.next', 'Next Tab (or Alt+])', 'Ctrl+Tab'],
    ['tab.previous', 'Previous Tab (or Alt+[)', 'Ctrl+Shift+Tab'],
    ['turn.send', 'Send', 'CmdOrCtrl+Enter'],
    ['turn.interrupt', 'Interrupt', 'Esc'],
    ['settings.open', 'Settings', 'CmdOrCtrl+,'],
  ];

  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    it(`emits the right app.command for each item on ${platform}`, () => {
      const { template, emitted } = menu(platform);
      for (const [command, label, accelerator] of expected) {
        const item = findMenuItem(template, command);
        expect(item?.label?.replace('…', '')).toBe(label);
        // macOS cannot show Esc without taking it from the page (see app-menu.ts).
        expect(item?.accelerator).toBe(platform === 'darwin' && command === 'turn.interrupt' ? undefined : accelerator);
        item?.click?.();
        expect(emitted.at(-1)).toBe(command);
      }
      expect(emitted).toEqual(expected.map(([c]) => c));
    });
  }

  it('shows Send and Interrupt keys without stealing them from text fields', () => {
    const { template } = menu('linux');
    expect(findMenuItem(template, 'turn.send')?.registerAccelerator).toBe(false);
    expect(findMenuItem(template, 'turn.interrupt')?.registerAccelerator).toBe(false);
    expect(findMenuItem(template, 'chat.new')?.registerAccelerator).toBeUndefined();
  });

  it('has the standard edit, view and window roles, and closes the window on Shift+W', () => {
    const { template } = menu('linux');
    expect(roles(template)).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'reload', 'zoomIn', 'zoomOut', 'togglefullscreen', 'minimize', 'close', 'quit']));
    const close = template.flatMap((t) => t.submenu ?? []).find((i) => i.role === 'close');
    expect(close?.accelerator).toBe('CmdOrCtrl+Shift+W');
    expect(roles(template)).not.toContain('toggleDevTools');
  });

  it('on macOS puts Settings and Quit in the app menu', () => {
    const { template } = menu('darwin');
    expect(template[0]?.label).toBe('BooCoder');
    expect(template[0]?.submenu?.some((i) => i.id === 'settings.open')).toBe(true);
    expect(roles(template[0]?.submenu ?? [])).toEqual(expect.arrayContaining(['about', 'hide', 'quit']));
  });

  it('offers developer tools only when asked', () => {
    const template = appMenuTemplate({ platform: 'linux', emit: () => undefined, devTools: true });
    expect(roles(template)).toContain('toggleDevTools');
  });
});
