import { create } from 'zustand';
import type { AttachmentInfo, PromptAttachment } from '../../src-preload/contract';
import { bridge } from '../bridge/bridge';
import { applyTurnEvents, emptyTranscript, loadHistory, noteSentTurn, type ChatTranscript, type TurnEventPayload } from '../state/chat-transcript';
import { describeError, errorName, type ErrorView } from '../state/describe-error';
import { animationFrameScheduler, createFrameBatcher } from '../state/frame-batcher';
import { resolvePermission } from '../state/transcript-reducer';
import { notifyError } from './ui-store';

/** Transcripts per chat, with their load state. Live events arrive coalesced per frame. */
interface TranscriptState {
  byChat: Record<string, ChatTranscript>;
  loadState: Record<string, 'loading' | 'ready' | ErrorView>;
}

export const useTranscripts = create<TranscriptState>(() => ({ byChat: {}, loadState: {} }));

const EMPTY = emptyTranscript();
export const selectTranscript = (chatId: string | null) => (s: TranscriptState): ChatTranscript =>
  (chatId ? s.byChat[chatId] : undefined) ?? EMPTY;

/** Applies a batch of turn events, grouped by chat, in one store update. */
export function applyEventBatch(items: readonly TurnEventPayload[], now = Date.now()): void {
  const byChat = new Map<string, TurnEventPayload[]>();
  for (const e of items) {
    const list = byChat.get(e.chatId);
    if (list) list.push(e);
    else byChat.set(e.chatId, [e]);
  }
  useTranscripts.setState((s) => {
    const next = { ...s.byChat };
    for (const [chatId, batch] of byChat) next[chatId] = applyTurnEvents(next[chatId] ?? EMPTY, batch, now);
    return { byChat: next };
  });
}

export const turnEventBatcher = createFrameBatcher<TurnEventPayload>((items) => applyEventBatch(items), animationFrameScheduler);

export async function loadTranscript(chatId: string): Promise<void> {
  useTranscripts.setState((s) => ({ loadState: { ...s.loadState, [chatId]: 'loading' } }));
  try {
    const history = await bridge.invoke('turns.list', { chatId });
    turnEventBatcher.flushNow();
    useTranscripts.setState((s) => ({
      byChat: { ...s.byChat, [chatId]: loadHistory(s.byChat[chatId] ?? EMPTY, history) },
      loadState: { ...s.loadState, [chatId]: 'ready' },
    }));
  } catch (e) {
    // Before the core can list turns the chat still works live; only real failures are shown.
    const state = errorName(e) === 'Unsupported' ? 'ready' : describeError(e);
    useTranscripts.setState((s) => ({ loadState: { ...s.loadState, [chatId]: state } }));
  }
}

export async function sendTurn(
  chatId: string,
  agent: string,
  prompt: string,
  options: { model?: string; mode?: string; attachments?: PromptAttachment[] },
  attachmentInfos: AttachmentInfo[] = [],
): Promise<boolean> {
  try {
    const { turnId } = await bridge.invoke('turns.send', { chatId, agent, prompt, ...options });
    turnEventBatcher.flushNow();
    useTranscripts.setState((s) => ({
      byChat: { ...s.byChat, [chatId]: noteSentTurn(s.byChat[chatId] ?? EMPTY, turnId, chatId, agent, prompt, Date.now(), attachmentInfos) },
    }));
    return true;
  } catch (e) {
    notifyError(e);
    return false;
  }
}

export async function cancelTurn(turnId: string): Promise<void> {
  try {
    await bridge.invoke('turns.cancel', { turnId });
  } catch (e) {
    if (errorName(e) !== 'TurnNotRunning') notifyError(e);
  }
}

/** Answers a permission prompt; the button row resolves at once, the event confirms it. */
export async function replyPermission(chatId: string, turnId: string, requestId: string, optionId: string): Promise<void> {
  const patch = (optionIdOrNull: string | null, resolved: boolean) =>
    useTranscripts.setState((s) => {
      const t = s.byChat[chatId];
      const i = t?.index.get(turnId);
      if (!t || i === undefined) return s;
      const turns = t.turns.slice();
      const turn = turns[i]!;
      turns[i] = {
        ...turn,
        parts: resolved
          ? resolvePermission(turn.parts, requestId, optionIdOrNull)
          : turn.parts.map((p) => (p.kind === 'permission' && p.requestId === requestId ? { ...p, resolved: false, chosen: null } : p)),
      };
      return { byChat: { ...s.byChat, [chatId]: { turns, index: t.index } } };
    });
  patch(optionId, true);
  try {
    await bridge.invoke('permissions.reply', { requestId, optionId });
  } catch (e) {
    patch(null, false);
    notifyError(e);
  }
}
