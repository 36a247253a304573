import { contextBridge, ipcRenderer } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, isEventName, isMethodName, type RawInvokeResult } from './contract';

/**
 * The preload: the page's only way to main. It exposes `window.boocoderRaw` with two functions,
 * `invoke(method, params)` and `on(event, listener) → unsubscribe`, and only for names in the
 * contract. Nothing of ipcRenderer (its events, senders, other channels) reaches the page.
 * It runs sandboxed, so it is bundled into one CommonJS file whose only import is 'electron'.
 */

export interface PreloadApi {
  invoke(method: string, params?: unknown): Promise<RawInvokeResult>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** The parts of ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: PreloadApi): void;
}

export const PRELOAD_GLOBAL = 'boocoderRaw';

const refused = (name: string, message: string): RawInvokeResult => ({ ok: false, error: { name, message } });

export function createPreloadApi(ipc: IpcRendererLike): PreloadApi {
  // One IPC listener fans out to the page's subscribers, so many subscriptions never pile up
  // listeners on ipcRenderer (and never hand the page the IpcRendererEvent).
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const onIpcEvent = (_event: unknown, name: unknown, payload: unknown) => {
    if (typeof name !== 'string') return;
    for (const listener of listeners.get(name) ?? []) {
      try {
        listener(payload);
      } catch (e) {
        console.error(`boocoder: a listener for ${name} threw`, e);
      }
    }
  };
  let attached = false;

  return {
    async invoke(method, params) {
      if (!isMethodName(method)) return refused('UnknownMethod', `Unknown method: ${String(method).slice(0, 100)}`);
      try {
        return (await ipc.invoke(IPC_INVOKE_CHANNEL, method, params ?? {})) as RawInvokeResult;
      } catch (e) {
        // Main throws only when it refuses the caller; report it as a value like every other failure.
        return refused('Internal', e instanceof Error ? e.message : String(e));
      }
    },
    on(event, listener) {
      if (!isEventName(event)) throw new TypeError(`Unknown event: ${String(event).slice(0, 100)}`);
      if (typeof listener !== 'function') throw new TypeError('on(event, listener): listener must be a function');
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      // Wrapped so the same function subscribed twice gets two independent subscriptions.
      const own = (payload: unknown) => listener(payload);
      set.add(own);
      if (!attached) {
        ipc.on(IPC_EVENT_CHANNEL, onIpcEvent);
        attached = true;
      }
      return () => {
        set.delete(own);
        if (set.size === 0) listeners.delete(event);
        if (listeners.size === 0 && attached) {
          ipc.removeListener(IPC_EVENT_CHANNEL, onIpcEvent);
          attached = false;
        }
      };
    },
  };
}

/** Put the bridge on the page's window. Only a fresh object with invoke and on crosses over. */
export function exposePreloadApi(bridge: ContextBridgeLike, ipc: IpcRendererLike): void {
  const api = createPreloadApi(ipc);
  bridge.exposeInMainWorld(PRELOAD_GLOBAL, { invoke: api.invoke, on: api.on });
}

exposePreloadApi(contextBridge, ipcRenderer);
