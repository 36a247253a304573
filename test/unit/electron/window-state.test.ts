import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  clampWindowBounds,
  DEFAULT_WINDOW_SIZE,
  parseWindowState,
  trackWindowState,
  WindowStateFile,
  type WindowState,
} from '../../../src-main/electron/window-state';
import { FakeBrowserWindow } from '../../support/fake-electron';
import { tempDir } from '../../support/temp-dir';

const laptop = { workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const external = { workArea: { x: 1440, y: 0, width: 2560, height: 1415 } };
const saved = (x: number, y: number, width = 1200, height = 800, maximized = false): WindowState => ({ bounds: { x, y, width, height }, maximized });

describe('parseWindowState', () => {
  it('reads a saved state and rejects anything else', () => {
    expect(parseWindowState(JSON.stringify(saved(1, 2)))).toEqual(saved(1, 2));
    expect(parseWindowState(null)).toBeNull();
    expect(parseWindowState('{not json')).toBeNull();
    expect(parseWindowState(JSON.stringify({ bounds: { x: 0, y: 0, width: -5, height: 10 }, maximized: false }))).toBeNull();
    expect(parseWindowState(JSON.stringify({ bounds: { x: 0, y: 0, width: 10 }, maximized: false }))).toBeNull();
  });
});

describe('clampWindowBounds', () => {
  it('opens at the default size, centred by the OS, the first time', () => {
    expect(clampWindowBounds(null, [laptop])).toEqual({ bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: false });
  });

  it('restores a window that fits where it was', () => {
    expect(clampWindowBounds(saved(100, 100), [laptop])).toEqual({ bounds: { x: 100, y: 100, width: 1200, height: 800 }, maximized: false });
  });

  it('keeps a window on the second screen when that screen is still there', () => {
    expect(clampWindowBounds(saved(2000, 200, 1200, 800, true), [laptop, external])).toEqual({
      bounds: { x: 2000, y: 200, width: 1200, height: 800 },
      maximized: true,
    });
  });

  it('re-centres on the primary screen when its screen was unplugged', () => {
    const placed = clampWindowBounds(saved(2000, 200, 1200, 800), [laptop]);
    expect(placed.bounds).toEqual({ x: 120, y: 63, width: 1200, height: 800 });
  });

  it('shrinks a window larger than the screen and pulls a half-off window inside', () => {
    expect(clampWindowBounds(saved(-300, 0, 3000, 2000), [laptop]).bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
    expect(clampWindowBounds(saved(1000, 500, 1000, 700), [laptop]).bounds).toEqual({ x: 440, y: 200, width: 1000, height: 700 });
  });

  it('never goes below the minimum size the screen allows', () => {
    expect(clampWindowBounds(saved(10, 30, 100, 50), [laptop]).bounds).toMatchObject({ width: 720, height: 480 });
  });

  it('with no displays reported, falls back to the default size', () => {
    expect(clampWindowBounds(saved(10, 30), [])).toEqual({ bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: false });
  });
});

describe('WindowStateFile', () => {
  it('saves and loads the state in userData, and survives a corrupt file', async () => {
    await using dir = await tempDir('boocoder-winstate-');
    const file = new WindowStateFile(dir.path);
    expect(file.load()).toBeNull();
    file.save(saved(5, 6, 1000, 700, true));
    expect(file.load()).toEqual(saved(5, 6, 1000, 700, true));
    expect(JSON.parse(await readFile(path.join(dir.path, 'window-state.json'), 'utf8'))).toEqual(saved(5, 6, 1000, 700, true));
    await writeFile(file.path, 'garbage');
    expect(file.load()).toBeNull();
  });
});

describe('trackWindowState', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const makeWindow = () =>
    new FakeBrowserWindow({
      width: 1000,
      height: 700,
      minWidth: 1,
      minHeight: 1,
      show: false,
      title: 't',
      backgroundColor: '#000',
      webPreferences: {
        preload: '',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
      },
    });

  it('debounces moves and resizes, and saves at once on maximize and close', () => {
    const win = makeWindow();
    const states: WindowState[] = [];
    trackWindowState(win, { save: (s) => states.push(s) }, 500);
    win.bounds = { x: 1, y: 2, width: 1000, height: 700 };
    win.emit('move');
    win.emit('move');
    win.emit('resize');
    expect(states).toHaveLength(0);
    vi.advanceTimersByTime(500);
    expect(states).toEqual([saved(1, 2, 1000, 700)]);
    win.maximize();
    expect(states.at(-1)).toEqual(saved(1, 2, 1000, 700, true));
    win.close();
    expect(states).toHaveLength(3);
  });
});
