import { create } from 'zustand';
import { MAX_SETUP_LOG_CHARS, type SetupChoice, type SetupState } from '../../src-preload/contract';
import { bridge } from '../bridge/bridge';
import { notifyError } from './ui-store';

/** The setup run of each chat's new worktree, as the core reports it (running, or failed and waiting). */
interface SetupStoreState {
  byChat: Record<string, SetupState>;
}

export const useSetup = create<SetupStoreState>(() => ({ byChat: {} }));

const put = (state: SetupState) => useSetup.setState((s) => ({ byChat: { ...s.byChat, [state.chatId]: state } }));

export function noteSetupState(state: SetupState): void {
  put(state);
}

export function noteSetupOutput(chatId: string, turnId: string, chunk: string): void {
  const cur = useSetup.getState().byChat[chatId];
  if (!cur || cur.turnId !== turnId || cur.status !== 'running') return;
  put({ ...cur, log: (cur.log + chunk).slice(-MAX_SETUP_LOG_CHARS) });
}

export async function loadSetup(chatId: string): Promise<void> {
  try {
    const { state } = await bridge.invoke('setup.status', { chatId });
    if (state) put(state);
  } catch {
    // A chat without a setup run: nothing to show.
  }
}

export async function replySetup(chatId: string, choice: SetupChoice): Promise<void> {
  try {
    await bridge.invoke('setup.reply', { chatId, choice });
  } catch (e) {
    notifyError(e);
  }
}

/** Once the turn went on, a failed run's choice was made: its panel goes. A succeeded one stays, folded, until dismissed. */
export function turnWentOn(chatId: string): void {
  if (useSetup.getState().byChat[chatId]?.status !== 'succeeded') clearSetup(chatId);
}

export const clearSetup = (chatId: string): void =>
  useSetup.setState((s) => {
    const next = { ...s.byChat };
    delete next[chatId];
    return { byChat: next };
  });
