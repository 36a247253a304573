import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What we remember about the main window between runs. */
export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

/** Where to open the window: no x/y means "let the OS centre it". */
export interface InitialWindowPlacement {
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

export interface DisplayLike {
  workArea: Rect;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 720, height: 480 } as const;
/** Less than this much of the window on any screen (a monitor was unplugged) and we re-place it. */
const MIN_VISIBLE_PX = 100;
const WINDOW_STATE_FILE = 'window-state.json';

const Finite = z.number().finite();
const WindowStateSchema = z.object({
  bounds: z.object({ x: Finite, y: Finite, width: Finite.positive(), height: Finite.positive() }),
  maximized: z.boolean(),
});

/** A saved state, or null when the file is missing, corrupt or from an unknown shape. */
export function parseWindowState(text: string | null): WindowState | null {
  if (text === null) return null;
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), Math.max(min, max));

/**
 * Where to open the window, given what was saved and the screens connected now (primary first).
 * The window lands on the screen it overlaps most, shrunk to fit that screen's work area and
 * pulled fully inside it; if it is (almost) off every screen it is centred on the primary one.
 */
export function clampWindowBounds(saved: WindowState | null, displays: readonly DisplayLike[]): InitialWindowPlacement {
  const primary = displays[0];
  if (!saved || !primary) return { bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: saved?.maximized ?? false };

  let best: DisplayLike | null = null;
  let bestOverlap = 0;
  for (const display of displays) {
    const o = overlap(saved.bounds, display.workArea);
    if (o > bestOverlap) {
      best = display;
      bestOverlap = o;
    }
  }
  const visibleEnough = best !== null && bestOverlap >= MIN_VISIBLE_PX * MIN_VISIBLE_PX;
  const target = visibleEnough && best ? best : primary;
  const area = target.workArea;
  const width = clamp(Math.round(saved.bounds.width), Math.min(MIN_WINDOW_SIZE.width, area.width), area.width);
  const height = clamp(Math.round(saved.bounds.height), Math.min(MIN_WINDOW_SIZE.height, area.height), area.height);
  if (!visibleEnough) {
    return {
      bounds: { x: Math.round(area.x + (area.width - width) / 2), y: Math.round(area.y + (area.height - height) / 2), width, height },
      maximized: saved.maximized,
    };
  }
  const x = clamp(Math.round(saved.bounds.x), area.x, area.x + area.width - width);
  const y = clamp(Math.round(saved.bounds.y), area.y, area.y + area.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

/** The window state file in Electron's userData folder. Reads and writes are small and synchronous. */
export class WindowStateFile {
  readonly path: string;

  constructor(userDataDir: string) {
    this.path = path.join(userDataDir, WINDOW_STATE_FILE);
  }

  load(): WindowState | null {
    try {
      return parseWindowState(readFileSync(this.path, 'utf8'));
    } catch {
      return null;
    }
  }

  /** Write-then-rename so a crash mid-write never leaves a truncated file behind. */
  save(state: WindowState): void {
    try {
      mkdirSync(path.dirname(this.path), { recursive: true });
      const tmp = `${this.path}.tmp`;
      writeFileSync(tmp, JSON.stringify(state));
      renameSync(tmp, this.path);
    } catch {
      // Losing the window position is not worth failing a resize or a quit over.
    }
  }
}

/** The parts of a BrowserWindow the state tracker reads and listens to. */
export interface TrackedWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  on(event: 'resize', listener: () => void): unknown;
  on(event: 'move', listener: () => void): unknown;
  on(event: 'maximize', listener: () => void): unknown;
  on(event: 'unmaximize', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

/**
 * Save the window's state as it changes (debounced: a drag fires many move events) and once more
 * when it closes. Normal bounds are saved even while maximized, so un-maximizing after a restart
 * returns to the size the user chose.
 */
export function trackWindowState(win: TrackedWindow, file: Pick<WindowStateFile, 'save'>, debounceMs = 500): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const capture = () => {
    if (win.isDestroyed()) return;
    file.save({ bounds: win.getNormalBounds(), maximized: win.isMaximized() });
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      capture();
    }, debounceMs);
  };
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    capture();
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', flush);
  win.on('unmaximize', flush);
  win.on('close', flush);
  return () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
}
