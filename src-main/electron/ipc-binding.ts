import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type RawInvokeResult } from '../../src-preload/contract';
import type { AnyEventListener } from '../core/events/event-bus';
import { dispatch } from '../core/rpc/dispatch';
import type { Handlers } from '../core/rpc/handlers-type';
import { isAppFrame } from './app-url';

/** The frame an IPC message came from (WebFrameMain), or null when it is already gone. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

export interface InvokeEvent {
  readonly senderFrame: SenderFrame | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/**
 * Only the app's own top-level document may call the core. A sub-frame, a frame that has been
 * navigated elsewhere, or one already destroyed is refused, whatever it sends.
 */
export function isTrustedSender(frame: SenderFrame | null, appUrl: string): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppFrame(frame.url, appUrl);
}

/**
 * Bind the contract to ipcMain: every call goes through the same dispatch as the WebSocket host
 * (name check, schema parse, named errors as values). An untrusted sender gets a rejected
 * promise, not a named error, because it is not a client of the contract.
 */
export function bindInvoke(ipcMain: IpcMainLike, handlers: Handlers, appUrl: string, onRejected?: (url: string | null) => void): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method, params): Promise<RawInvokeResult> => {
    if (!isTrustedSender(event.senderFrame, appUrl)) {
      onRejected?.(event.senderFrame?.url ?? null);
      throw new Error('Refused: IPC is accepted only from the BooCoder window.');
    }
    return dispatch(handlers, method, params);
  });
  return () => ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
}

export interface EventSink {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

export interface EventSource {
  subscribe(listener: AnyEventListener): () => void;
}

/**
 * Push every core event to the window as (name, payload) on the event channel. The window may
 * come and go (closed and reopened on macOS), so the target is looked up on each event.
 */
export function forwardEvents(source: EventSource, target: () => EventSink | null): () => void {
  return source.subscribe((name, payload) => {
    const contents = target();
    if (!contents || contents.isDestroyed()) return;
    contents.send(IPC_EVENT_CHANNEL, name, payload);
  });
}
