import { create } from 'zustand';
import { shownOptions, validPick } from '../state/agent-options';
import { addAttachment, parseDataUrl, sendBlockers, toAttachmentInfos, toPromptAttachments, type DraftAttachment } from '../state/attachments';
import { activeTurnId } from '../state/chat-transcript';
import { choiceFor, choose, loadSessions, optionsKey, useAgents } from './agents-store';
import { readStoredDrafts } from './stored-drafts';
import { cancelTurn, sendTurn, useTranscripts } from './transcript-store';
import { notifyError } from './ui-store';
import { selectActiveChatId, useWorkspace } from './workspace-store';

/** Unsent prompt text and attachments per chat, so switching tabs never loses a draft (nor a reload its text). */
interface ComposerState {
  drafts: Record<string, string>;
  attachments: Record<string, DraftAttachment[]>;
  sending: boolean;
}

export const useComposer = create<ComposerState>(() => ({ drafts: readStoredDrafts(), attachments: {}, sending: false }));

const NO_ATTACHMENTS: DraftAttachment[] = [];
export const selectAttachments = (chatId: string) => (s: ComposerState): DraftAttachment[] => s.attachments[chatId] ?? NO_ATTACHMENTS;

/** The chat's draft goes last, so the drafts are kept newest last (see stored-drafts.ts). */
export const setDraft = (chatId: string, text: string): void =>
  useComposer.setState((s) => {
    const drafts = { ...s.drafts };
    delete drafts[chatId];
    drafts[chatId] = text;
    return { drafts };
  });

let nextAttachment = 1;
const setAttachments = (chatId: string, update: (list: DraftAttachment[]) => DraftAttachment[]) =>
  useComposer.setState((s) => ({ attachments: { ...s.attachments, [chatId]: update(s.attachments[chatId] ?? NO_ATTACHMENTS) } }));

/** A worktree file picked from the @ list. */
export const attachFile = (chatId: string, path: string): void => setAttachments(chatId, (l) => addAttachment(l, { id: `a${nextAttachment++}`, type: 'file', path }));

export const removeAttachment = (chatId: string, id: string): void => setAttachments(chatId, (l) => l.filter((a) => a.id !== id));

const readAsDataUrl = (file: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error ?? new Error('The file could not be read.'));
    r.readAsDataURL(file);
  });

/**
 * Images pasted or chosen with the attach button. Each becomes a chip, even one that cannot be
 * sent (wrong type, too large, an agent without images): the chip says why, rather than the
 * image vanishing.
 */
export async function attachImages(chatId: string, files: readonly File[]): Promise<void> {
  for (const file of files) {
    try {
      const parsed = parseDataUrl(await readAsDataUrl(file));
      if (!parsed) throw new Error(`${file.name || 'The image'} could not be read as an image.`);
      const name = file.name || `pasted.${parsed.mimeType.split('/')[1] ?? 'png'}`;
      setAttachments(chatId, (l) => addAttachment(l, { id: `a${nextAttachment++}`, type: 'image', mimeType: file.type || parsed.mimeType, data: parsed.data, name }));
    } catch (e) {
      notifyError(e);
    }
  }
}

/** What keeps the active draft from going: the reasons its attachments are refused (empty = it can go). */
export function draftBlockers(chatId: string, agent: string): string[] {
  const a = useAgents.getState();
  const options = shownOptions(a.options[optionsKey(chatId, agent)]);
  const name = a.agents.find((x) => x.id === agent)?.name ?? agent;
  return sendBlockers(useComposer.getState().attachments[chatId] ?? NO_ATTACHMENTS, options?.promptCapabilities ?? null, name);
}

/** Sends the active chat's draft to its chosen agent (Ctrl/Cmd+Enter, the Send button, the shell's turn.send). */
export async function sendActiveDraft(): Promise<void> {
  const chatId = selectActiveChatId(useWorkspace.getState());
  if (!chatId || useComposer.getState().sending) return;
  const prompt = (useComposer.getState().drafts[chatId] ?? '').trim();
  const choice = choiceFor(useAgents.getState(), chatId);
  // A refused attachment is never dropped to make the prompt go: the chip says what to remove.
  if (!prompt || !choice.agent || draftBlockers(chatId, choice.agent).length > 0) return;
  const options = shownOptions(useAgents.getState().options[optionsKey(chatId, choice.agent)]);
  const model = options ? validPick(options.models, choice.model) : choice.model;
  const mode = options ? validPick(options.modes, choice.mode) : choice.mode;
  const attachments = useComposer.getState().attachments[chatId] ?? NO_ATTACHMENTS;
  useComposer.setState({ sending: true });
  const ok = await sendTurn(chatId, choice.agent, prompt, {
    ...(model ? { model } : {}),
    ...(mode ? { mode } : {}),
    ...(attachments.length ? { attachments: toPromptAttachments(attachments) } : {}),
  }, toAttachmentInfos(attachments));
  useComposer.setState({ sending: false });
  if (ok) {
    setDraft(chatId, '');
    setAttachments(chatId, () => NO_ATTACHMENTS);
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

/**
 * A failed turn's prompt again, to the same agent: sent as a new turn, or, for a turn that had
 * attachments (their bytes are not kept once sent), put back in the composer with its agent chosen.
 */
export async function retryTurn(turn: { chatId: string; agent: string; prompt: string; attachments: readonly unknown[] }): Promise<void> {
  if (turn.attachments.length > 0) {
    choose(turn.chatId, { agent: turn.agent });
    setDraft(turn.chatId, turn.prompt);
    return;
  }
  if (await sendTurn(turn.chatId, turn.agent, turn.prompt, {})) void loadSessions(turn.chatId);
}
