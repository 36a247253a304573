import type { EventName, EventPayload } from './events';
import type { MethodInput, MethodName, MethodResult } from './methods';

/**
 * What the renderer sees: the preload exposes it as `window.boocoder` in Electron, a WebSocket
 * client provides the same shape in a browser. Results are unwrapped; errors are thrown as
 * Error objects whose `name` is one of ErrorName.
 */
export interface Bridge {
  invoke<M extends MethodName>(method: M, params: MethodInput<M>): Promise<MethodResult<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The raw shape the preload exposes; errors come back as values because Electron flattens thrown errors. */
export type RawInvokeResult = { ok: true; result: unknown } | { ok: false; error: { name: string; message: string; data?: unknown } };
