/**
 * The small slices of Electron's API the shell modules use, declared structurally so the modules
 * can be driven by fakes in tests; main.ts passes the real objects and the compiler checks that
 * they fit.
 */

/** An Electron event whose default action can be cancelled (navigation, close, quit). */
export interface PreventableEvent {
  preventDefault(): void;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
