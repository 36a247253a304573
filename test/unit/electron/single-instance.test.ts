import { describe, expect, it } from 'vitest';
import { focusWindow } from '../../../src-main/electron/create-window';
import { claimSingleInstance } from '../../../src-main/electron/single-instance';
import { desktopDataDir } from '../../../src-main/electron/data-dir';
import { createFakeElectron } from '../../support/fake-electron';

describe('single instance', () => {
  it('a second launch quits at once', () => {
    const fake = createFakeElectron({ userData: '/u' });
    fake.app.lockAvailable = false;
    expect(claimSingleInstance(fake.app, () => undefined)).toBe(false);
    expect(fake.app.calls.quit).toBe(1);
  });

  it('the first instance focuses its window when launched again', () => {
    const fake = createFakeElectron({ userData: '/u' });
    let focused = 0;
    expect(claimSingleInstance(fake.app, () => focused++)).toBe(true);
    fake.app.emit('second-instance', {}, ['boocoder'], '/home');
    expect(focused).toBe(1);
  });

  it('focusing restores a minimized window and shows it', () => {
    const state = { minimized: true, shown: false, focused: false };
    focusWindow({
      isDestroyed: () => false,
      isMinimized: () => state.minimized,
      restore: () => (state.minimized = false),
      show: () => (state.shown = true),
      focus: () => (state.focused = true),
    });
    expect(state).toEqual({ minimized: false, shown: true, focused: true });
    expect(() => focusWindow(null)).not.toThrow();
  });
});

describe('desktopDataDir', () => {
  it("uses Electron's userData unless BOOCODER_HOME is set", () => {
    expect(desktopDataDir({}, '/home/me/.config/BooCoder')).toBe('/home/me/.config/BooCoder');
    expect(desktopDataDir({ BOOCODER_HOME: '/data/boo' }, '/home/me/.config/BooCoder')).toBe('/data/boo');
  });
});
