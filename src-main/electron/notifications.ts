import type { EventPayload } from '../../src-preload/contract';

export type TurnEventPayload = EventPayload<'turn.event'>;

/** A turn that ended while the user was looking elsewhere deserves a notification. */
export function shouldNotify(windowFocused: boolean, payload: TurnEventPayload): boolean {
  return !windowFocused && payload.event.type === 'turn.end';
}

const STOP_WORDS: Record<string, string> = {
  end_turn: 'finished',
  cancelled: 'was cancelled',
  error: 'stopped with an error',
  max_tokens: 'hit its token limit',
  max_turn_requests: 'hit its request limit',
  refusal: 'refused',
  interrupted: 'was interrupted',
};

export interface NotificationContent {
  title: string;
  body: string;
}

/** "qwen finished" / "Fix the login bug — end of turn". Null for events that are not a turn's end. */
export function turnEndNotification(payload: TurnEventPayload, chatTitle: string | undefined): NotificationContent | null {
  const event = payload.event;
  if (event.type !== 'turn.end') return null;
  const outcome = STOP_WORDS[event.stopReason] ?? `stopped (${event.stopReason})`;
  const chat = chatTitle?.trim() || 'Chat';
  const detail = event.error ? `: ${event.error.message}` : '';
  const body = `${chat} — ${event.stopReason.replace(/_/g, ' ')}${detail}`;
  return { title: `${payload.agent} ${outcome}`, body: body.length > 240 ? `${body.slice(0, 239)}…` : body };
}

export interface NotificationLike {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface NotificationApi {
  isSupported(): boolean;
  create(content: NotificationContent): NotificationLike;
}

export interface TurnNotifierDeps {
  notifications: NotificationApi;
  isWindowFocused(): boolean;
  chatTitle(chatId: string): string | undefined | Promise<string | undefined>;
  /** A click on the notification brings the window back. */
  openWindow(): void;
}

/** Feeds turn.event payloads; shows a native notification for turns that end out of sight. */
export function createTurnNotifier(deps: TurnNotifierDeps): (payload: TurnEventPayload) => Promise<void> {
  // Keep shown notifications referenced until clicked, or they may be collected and lose the click.
  const shown = new Set<NotificationLike>();
  return async (payload) => {
    if (!shouldNotify(deps.isWindowFocused(), payload) || !deps.notifications.isSupported()) return;
    let title: string | undefined;
    try {
      title = await deps.chatTitle(payload.chatId);
    } catch {
      title = undefined;
    }
    const content = turnEndNotification(payload, title);
    if (!content) return;
    const note = deps.notifications.create(content);
    shown.add(note);
    note.on('click', () => {
      shown.delete(note);
      deps.openWindow();
    });
    note.show();
    if (shown.size > 20) shown.delete(shown.values().next().value as NotificationLike);
  };
}
