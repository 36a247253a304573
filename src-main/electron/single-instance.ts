export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  on(event: 'second-instance', listener: () => void): unknown;
}

/**
 * One BooCoder per user: two apps on one SQLite file and one set of worktrees would fight. The
 * first instance keeps the lock and comes to the front when the user launches it again; a second
 * instance quits at once. Returns whether this process is the one that runs.
 */
export function claimSingleInstance(app: SingleInstanceApp, focusExisting: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', focusExisting);
  return true;
}
