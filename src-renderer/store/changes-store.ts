import { create } from 'zustand';
import type { ChangedFile } from '../../src-preload/contract';
import { bridge } from '../bridge/bridge';
import { conflictFiles, pruneSelection } from '../state/changes-select';
import { describeError, errorName, type ErrorView } from '../state/describe-error';
import { notifyError } from './ui-store';

export interface ChatChanges {
  files: ChangedFile[];
  agents: string[];
  selected: ReadonlySet<string>;
  loaded: boolean;
  /** Reading the pending change failed. */
  error: ErrorView | null;
  /** The last apply or discard failed (a refresh afterwards keeps it on screen). */
  actionError: ErrorView | null;
  /** Files an apply refused because they conflict with the checkout. */
  conflicts: string[];
  busy: boolean;
  /** The last successful action, in words ("Applied 2 files"). */
  done: string | null;
}

interface ChangesState {
  byChat: Record<string, ChatChanges>;
}

export const emptyChanges = (): ChatChanges => ({ files: [], agents: [], selected: new Set(), loaded: false, error: null, actionError: null, conflicts: [], busy: false, done: null });
const EMPTY = emptyChanges();

export const useChanges = create<ChangesState>(() => ({ byChat: {} }));
export const selectChanges = (chatId: string | null) => (s: ChangesState): ChatChanges => (chatId ? s.byChat[chatId] : undefined) ?? EMPTY;

const patch = (chatId: string, p: Partial<ChatChanges>) =>
  useChanges.setState((s) => ({ byChat: { ...s.byChat, [chatId]: { ...(s.byChat[chatId] ?? emptyChanges()), ...p } } }));

export async function loadChanges(chatId: string): Promise<void> {
  try {
    const { files, agents } = await bridge.invoke('changes.get', { chatId });
    const prev = useChanges.getState().byChat[chatId];
    // New files start selected; files the user unticked stay unticked.
    const known = new Set(prev?.files.map((f) => f.path) ?? []);
    const selected = pruneSelection(prev?.selected ?? new Set(), files);
    for (const f of files) if (!known.has(f.path)) selected.add(f.path);
    patch(chatId, { files, agents, selected, loaded: true, error: null });
  } catch (e) {
    patch(chatId, { loaded: true, error: errorName(e) === 'Unsupported' ? null : describeError(e) });
  }
}

/** Clears the outcome of the last apply or discard (dismissed, or the chat was opened again). */
export const dismissChangesError = (chatId: string): void => patch(chatId, { actionError: null, conflicts: [], done: null });

export function toggleFile(chatId: string, path: string): void {
  const cur = useChanges.getState().byChat[chatId] ?? emptyChanges();
  const selected = new Set(cur.selected);
  if (selected.has(path)) selected.delete(path);
  else selected.add(path);
  patch(chatId, { selected });
}

export function setAllSelected(chatId: string, all: boolean): void {
  const cur = useChanges.getState().byChat[chatId] ?? emptyChanges();
  patch(chatId, { selected: all ? new Set(cur.files.map((f) => f.path)) : new Set() });
}

export async function applyChanges(chatId: string): Promise<void> {
  const cur = useChanges.getState().byChat[chatId] ?? emptyChanges();
  const paths = [...cur.selected];
  if (paths.length === 0) return;
  patch(chatId, { busy: true, conflicts: [], actionError: null, done: null });
  try {
    const { applied } = await bridge.invoke('changes.apply', { chatId, paths });
    patch(chatId, { busy: false, done: `Applied ${applied.length} file${applied.length === 1 ? '' : 's'} to your checkout.` });
  } catch (e) {
    if (errorName(e) === 'ApplyConflict') patch(chatId, { busy: false, conflicts: conflictFiles((e as Error & { data?: unknown }).data), actionError: describeError(e) });
    else {
      patch(chatId, { busy: false });
      notifyError(e);
    }
  }
  await loadChanges(chatId);
}

export async function discardChanges(chatId: string): Promise<void> {
  const cur = useChanges.getState().byChat[chatId] ?? emptyChanges();
  const paths = [...cur.selected];
  if (paths.length === 0) return;
  patch(chatId, { busy: true, conflicts: [], actionError: null, done: null });
  try {
    const { discarded } = await bridge.invoke('changes.discard', { chatId, paths });
    patch(chatId, { busy: false, done: `Discarded ${discarded.length} file${discarded.length === 1 ? '' : 's'}.` });
  } catch (e) {
    patch(chatId, { busy: false });
    notifyError(e);
  }
  await loadChanges(chatId);
}
