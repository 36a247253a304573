import { create } from 'zustand';
import { activeTurnId } from '../state/chat-transcript';
import { choiceFor, loadSessions, useAgents } from './agents-store';
import { cancelTurn, sendTurn, useTranscripts } from './transcript-store';
import { selectActiveChatId, useWorkspace } from './workspace-store';

/** Unsent prompt text per chat, so switching tabs never loses a draft. */
interface ComposerState {
  drafts: Record<string, string>;
  sending: boolean;
}

export const useComposer = create<ComposerState>(() => ({ drafts: {}, sending: false }));

export const setDraft = (chatId: string, text: string): void => useComposer.setState((s) => ({ drafts: { ...s.drafts, [chatId]: text } }));

/** Sends the active chat's draft to its chosen agent (Ctrl/Cmd+Enter, the Send button, the shell's turn.send). */
export async function sendActiveDraft(): Promise<void> {
  const chatId = selectActiveChatId(useWorkspace.getState());
  if (!chatId || useComposer.getState().sending) return;
  const prompt = (useComposer.getState().drafts[chatId] ?? '').trim();
  const choice = choiceFor(useAgents.getState(), chatId);
  if (!prompt || !choice.agent) return;
  useComposer.setState({ sending: true });
  const ok = await sendTurn(chatId, choice.agent, prompt, {
    ...(choice.model ? { model: choice.model } : {}),
    ...(choice.mode ? { mode: choice.mode } : {}),
  });
  useComposer.setState({ sending: false });
  if (ok) {
    setDraft(chatId, '');
    void loadSessions(chatId);
  }
}

/** Esc / the shell's turn.interrupt: cancels the newest running or queued turn of the active chat. */
export async function interruptActiveTurn(): Promise<boolean> {
  const chatId = selectActiveChatId(useWorkspace.getState());
  if (!chatId) return false;
  const t = useTranscripts.getState().byChat[chatId];
  const turnId = t ? activeTurnId(t) : null;
  if (!turnId) return false;
  await cancelTurn(turnId);
  return true;
}
