import type { PreventableEvent } from './electron-types';

export type QuitState = 'running' | 'confirming' | 'shutting-down' | 'done';

/**
 * What a before-quit event means in each state: let it through once shutdown is done, start the
 * flow when running, and hold it while a dialog or the shutdown is already under way (a second
 * Cmd+Q, or the quit that closing the last window triggers).
 */
export function beforeQuitAction(state: QuitState): 'allow' | 'start' | 'hold' {
  if (state === 'done') return 'allow';
  if (state === 'running') return 'start';
  return 'hold';
}

export interface QuitFlowDeps {
  /** Chats with a running turn right now. */
  busyChats(): Promise<readonly string[]> | readonly string[];
  /** Ask the user whether to quit anyway; true = quit. */
  confirmQuit(busyCount: number): Promise<boolean>;
  /** The core's close hooks: cancel turns, dispose agents, run the reaper, close SQLite. */
  shutdown(): Promise<void>;
  /** Quit for real (app.quit); before-quit fires again and is allowed through. */
  quit(): void;
  /** A stuck shutdown must not keep the app from quitting. */
  shutdownTimeoutMs?: number;
  log?(message: string): void;
}

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 20_000;

/**
 * The quit sequence: confirm when turns are running, run the core's shutdown exactly once, then
 * quit. Every quit path (menu, Cmd+Q, tray, last window closed, a signal) goes through
 * before-quit, so this is the one place that decides.
 */
export class QuitFlow {
  private current: QuitState = 'running';
  private shutdownRun: Promise<void> | null = null;

  constructor(private readonly deps: QuitFlowDeps) {}

  get state(): QuitState {
    return this.current;
  }

  /** The app's before-quit listener. */
  onBeforeQuit(event: PreventableEvent): void {
    const action = beforeQuitAction(this.current);
    if (action === 'allow') return;
    event.preventDefault();
    if (action === 'start') void this.run();
  }

  /** Resolves when the flow has settled: quit called, or the user chose to stay. */
  async run(): Promise<void> {
    if (this.current !== 'running') return;
    this.current = 'confirming';
    let busy: readonly string[] = [];
    try {
      busy = await this.deps.busyChats();
    } catch (e) {
      this.deps.log?.(`could not read agent status before quitting: ${String(e)}`);
    }
    if (busy.length > 0) {
      let confirmed = false;
      try {
        confirmed = await this.deps.confirmQuit(busy.length);
      } catch {
        confirmed = false;
      }
      if (!confirmed) {
        this.current = 'running';
        return;
      }
    }
    this.current = 'shutting-down';
    await this.shutdownOnce();
    this.current = 'done';
    this.deps.quit();
  }

  private shutdownOnce(): Promise<void> {
    this.shutdownRun ??= (async () => {
      const timeoutMs = this.deps.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      try {
        const outcome = await Promise.race([this.deps.shutdown().then(() => 'done' as const), timeout]);
        if (outcome === 'timeout') this.deps.log?.(`shutdown did not finish within ${timeoutMs} ms; quitting anyway`);
      } catch (e) {
        this.deps.log?.(`shutdown failed: ${String(e)}`);
      } finally {
        clearTimeout(timer);
      }
    })();
    return this.shutdownRun;
  }
}

/** The confirmation dialog's wording, kept apart from the dialog call. */
export function quitConfirmation(busyCount: number): { message: string; detail: string; buttons: [string, string] } {
  const chats = busyCount === 1 ? '1 chat has a turn running' : `${busyCount} chats have turns running`;
  return {
    message: `${chats}. Quit anyway?`,
    detail: 'Quitting cancels the running turns and stops every agent. Pending changes stay saved for review.',
    buttons: ['Quit', 'Cancel'],
  };
}
