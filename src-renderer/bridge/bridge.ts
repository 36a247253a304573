import type { Bridge, RawInvokeResult } from '../../src-preload/contract';
import { BridgeError, createWsBridge } from './ws-bridge';

/** What Electron's preload exposes on window (see src-preload/index.ts). */
interface PreloadApi {
  invoke(method: string, params: unknown): Promise<RawInvokeResult>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    boocoderRaw?: PreloadApi;
  }
}

function fromPreload(api: PreloadApi): Bridge {
  return {
    async invoke(method, params) {
      const reply = await api.invoke(method, params);
      if (!reply.ok) throw new BridgeError(reply.error.name, reply.error.message, reply.error.data);
      return reply.result as never;
    },
    on(event, listener) {
      return api.on(event, listener as (payload: unknown) => void);
    },
  };
}

const restoredListeners = new Set<() => void>();

/**
 * Runs `listener` whenever the connection to the core comes back after a drop (the browser host
 * restarted, the network blipped): state may have changed unseen. Electron's IPC never drops.
 */
export function onConnectionRestored(listener: () => void): () => void {
  restoredListeners.add(listener);
  return () => restoredListeners.delete(listener);
}

/** Electron's preload when present, else the headless host's WebSocket with the page's token. */
export function createBridge(): Bridge {
  if (window.boocoderRaw) return fromPreload(window.boocoderRaw);
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWsBridge(`${proto}//${window.location.host}/ipc?token=${encodeURIComponent(token)}`, () => {
    for (const l of restoredListeners) l();
  });
}

export const bridge: Bridge = createBridge();
export { BridgeError };
