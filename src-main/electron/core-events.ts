import type { EventName, EventPayload } from '../../src-preload/contract';
import type { EventSource } from './ipc-binding';

/**
 * Listen to one kind of core event with its payload typed. The bus hands every listener all
 * events under a generic signature; checking the name here is what makes the payload's type true.
 */
export function onCoreEvent<E extends EventName>(source: EventSource, name: E, listener: (payload: EventPayload<E>) => void): () => void {
  return source.subscribe((event: EventName, payload: unknown) => {
    if (event === name) listener(payload as EventPayload<E>);
  });
}
