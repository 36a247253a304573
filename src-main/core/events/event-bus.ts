import { events, type EventName, type EventPayload } from '../../../src-preload/contract';

export type AnyEventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/**
 * The core's outgoing events. Hosts (Electron IPC, the WebSocket server) subscribe once and
 * forward everything; core modules emit typed payloads. A listener that throws never breaks
 * the emitter or other listeners.
 */
export class EventBus {
  private readonly listeners = new Set<AnyEventListener>();
  /** In development and tests, payloads are checked against the contract on the way out. */
  constructor(private readonly validate = false) {}

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    if (this.validate) events[name].payload.parse(payload);
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch {
        // a broken subscriber must not stop the others
      }
    }
  }

  subscribe(listener: AnyEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
