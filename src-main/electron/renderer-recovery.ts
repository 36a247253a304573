/** Reload a crashed page at most this many times per window of time, so a crash loop stops. */
export const MAX_RELOADS = 3;
export const RELOAD_WINDOW_MS = 60_000;

/**
 * After the page's process dies, reload it (the core kept running, so nothing is lost) unless it
 * exited on purpose or has already crashed repeatedly in the last minute.
 */
export function shouldReloadAfterCrash(reason: string, recentCrashTimes: readonly number[], now: number): boolean {
  if (reason === 'clean-exit') return false;
  const recent = recentCrashTimes.filter((t) => now - t < RELOAD_WINDOW_MS).length;
  return recent < MAX_RELOADS;
}

export interface RecoverableContents {
  on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string }) => void): unknown;
  reload(): void;
}

export function reloadOnCrash(contents: RecoverableContents, log: (message: string) => void, now: () => number = Date.now): void {
  const crashes: number[] = [];
  contents.on('render-process-gone', (_event, details) => {
    const reload = shouldReloadAfterCrash(details.reason, crashes, now());
    crashes.push(now());
    log(`renderer gone (${details.reason})${reload ? ', reloading' : ''}`);
    if (reload) contents.reload();
  });
}
