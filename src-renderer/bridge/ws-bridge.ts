import type { Bridge, EventName, EventPayload, MethodInput, MethodName, MethodResult } from '../../src-preload/contract';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class BridgeError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** Called after the socket came back from a drop: events sent meanwhile were missed. */
export type RestoredListener = () => void;

/**
 * The browser's bridge: the same `invoke`/`on` as Electron's preload, over the headless host's
 * WebSocket. Reconnects after a drop; calls made while disconnected wait for the socket.
 */
export function createWsBridge(url: string, onRestored: RestoredListener = () => undefined): Bridge {
  let socket: WebSocket | null = null;
  let connectedBefore = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let ready: Promise<WebSocket>;

  const connect = (): Promise<WebSocket> =>
    new Promise((resolve) => {
      const ws = new WebSocket(url);
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
        if (connectedBefore) onRestored();
        connectedBefore = true;
      };
      ws.onmessage = (msg) => {
        const frame = JSON.parse(String(msg.data)) as
          | { id: number; result: unknown }
          | { id: number | null; error: { name: string; message: string; data?: unknown } }
          | { event: string; payload: unknown };
        if ('event' in frame) {
          for (const l of listeners.get(frame.event) ?? []) l(frame.payload);
          return;
        }
        if (frame.id === null) return;
        const p = pending.get(frame.id);
        if (!p) return;
        pending.delete(frame.id);
        if ('error' in frame) p.reject(new BridgeError(frame.error.name, frame.error.message, frame.error.data));
        else p.resolve(frame.result);
      };
      ws.onclose = () => {
        socket = null;
        for (const [, p] of pending) p.reject(new BridgeError('Disconnected', 'The connection to BooCoder was lost.'));
        pending.clear();
        setTimeout(() => {
          ready = connect();
        }, 1000);
      };
    });
  ready = connect();

  return {
    async invoke<M extends MethodName>(method: M, params: MethodInput<M>): Promise<MethodResult<M>> {
      const ws = socket ?? (await ready);
      const id = nextId++;
      return new Promise<MethodResult<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ id, method, params }));
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}
