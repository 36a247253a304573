/**
 * Collects items and hands them over in one batch per frame: a 50,000-delta stream then costs
 * one store update and one render per frame instead of one per delta.
 */
export interface FrameBatcher<T> {
  push(item: T): void;
  /** Hands over what is pending now (e.g. before a history load replaces the transcript). */
  flushNow(): void;
  dispose(): void;
}

export type Scheduler = (run: () => void) => () => void;

export const animationFrameScheduler: Scheduler = (run) => {
  const id = requestAnimationFrame(run);
  return () => cancelAnimationFrame(id);
};

export function createFrameBatcher<T>(flush: (items: T[]) => void, schedule: Scheduler): FrameBatcher<T> {
  let pending: T[] = [];
  let cancel: (() => void) | null = null;
  const run = () => {
    cancel = null;
    if (pending.length === 0) return;
    const items = pending;
    pending = [];
    flush(items);
  };
  return {
    push(item) {
      pending.push(item);
      cancel ??= schedule(run);
    },
    flushNow() {
      cancel?.();
      run();
    },
    dispose() {
      cancel?.();
      cancel = null;
      pending = [];
    },
  };
}
