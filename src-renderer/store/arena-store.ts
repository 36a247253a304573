import { create } from 'zustand';
import type { ArenaSummary, EventPayload, SetupChoice } from '../../src-preload/contract';
import { bridge } from '../bridge/bridge';
import { applyArenaEvent, applyArenaSetup, applyArenaSetupOutput, mergeArena, type ArenaViewState } from '../state/arena-view';
import { describeError, errorName, type ErrorView } from '../state/describe-error';
import { resolvePermission } from '../state/transcript-reducer';
import { loadChanges } from './changes-store';
import { loadTranscript } from './transcript-store';
import { notifyError } from './ui-store';

/** Per chat: its arenas, the one shown (streaming), and what went wrong with the last action. */
interface ArenaState {
  lists: Record<string, ArenaSummary[]>;
  /** The arena shown in a chat, in place of its transcript. */
  shown: Record<string, ArenaViewState | undefined>;
  actionError: Record<string, ErrorView | null>;
  /** A discard refused because contestants changed files: asked again with force. */
  atRisk: Record<string, string | null>;
}

export const useArenas = create<ArenaState>(() => ({ lists: {}, shown: {}, actionError: {}, atRisk: {} }));

export const selectShownArena = (chatId: string) => (s: ArenaState) => s.shown[chatId];
const NO_ARENAS: ArenaSummary[] = [];
export const selectArenaList = (chatId: string) => (s: ArenaState) => s.lists[chatId] ?? NO_ARENAS;

export async function loadArenas(chatId: string): Promise<void> {
  try {
    const list = await bridge.invoke('arena.list', { chatId });
    useArenas.setState((s) => ({ lists: { ...s.lists, [chatId]: list } }));
  } catch (e) {
    notifyError(e);
  }
}

export async function showArena(chatId: string, arenaId: string): Promise<void> {
  try {
    const arena = await bridge.invoke('arena.get', { arenaId });
    useArenas.setState((s) => ({ shown: { ...s.shown, [chatId]: mergeArena(arena, s.shown[chatId]) } }));
  } catch (e) {
    notifyError(e);
  }
}

/** Reads a shown arena again; dropped when the arena was closed meanwhile (a pick or discard hid it). */
async function refreshArena(chatId: string, arenaId: string): Promise<void> {
  try {
    const arena = await bridge.invoke('arena.get', { arenaId });
    useArenas.setState((s) => (s.shown[chatId]?.arena.id === arenaId ? { shown: { ...s.shown, [chatId]: mergeArena(arena, s.shown[chatId]) } } : s));
  } catch (e) {
    notifyError(e);
  }
}

export const hideArena = (chatId: string): void => useArenas.setState((s) => ({ shown: { ...s.shown, [chatId]: undefined }, actionError: { ...s.actionError, [chatId]: null } }));

export async function startArena(chatId: string, agents: string[], prompt: string): Promise<boolean> {
  try {
    const { arenaId } = await bridge.invoke('arena.start', { chatId, agents, prompt });
    await showArena(chatId, arenaId);
    void loadArenas(chatId);
    return true;
  } catch (e) {
    notifyError(e);
    return false;
  }
}

const act = async (chatId: string, work: () => Promise<unknown>): Promise<boolean> => {
  useArenas.setState((s) => ({ actionError: { ...s.actionError, [chatId]: null }, atRisk: { ...s.atRisk, [chatId]: null } }));
  try {
    await work();
    return true;
  } catch (e) {
    if (errorName(e) === 'ArenaAtRisk') useArenas.setState((s) => ({ atRisk: { ...s.atRisk, [chatId]: describeError(e).message } }));
    else useArenas.setState((s) => ({ actionError: { ...s.actionError, [chatId]: describeError(e) } }));
    return false;
  }
};

export const cancelContestant = (chatId: string, arenaId: string, agent?: string) =>
  act(chatId, () => bridge.invoke('arena.cancel', { arenaId, ...(agent ? { agent } : {}) }));

export async function pickContestant(chatId: string, arenaId: string, agent: string): Promise<void> {
  if (await act(chatId, () => bridge.invoke('arena.pick', { arenaId, agent }))) {
    hideArena(chatId);
    void loadTranscript(chatId);
    void loadChanges(chatId);
  }
}

/** Brings a contestant of a closed arena back into the chat; the view stays, showing it as restored. */
export async function restoreContestant(chatId: string, arenaId: string, agent: string): Promise<void> {
  if (await act(chatId, () => bridge.invoke('arena.restore', { arenaId, agent }))) {
    void refreshArena(chatId, arenaId);
    void loadTranscript(chatId);
    void loadChanges(chatId);
  }
}

export async function discardArena(chatId: string, arenaId: string, force = false): Promise<void> {
  if (await act(chatId, () => bridge.invoke('arena.discard', { arenaId, force }))) hideArena(chatId);
}

/** Applies a change to the arena shown in a chat, if one is. */
function updateShown(chatId: string, change: (shown: ArenaViewState) => ArenaViewState): void {
  const shown = useArenas.getState().shown[chatId];
  if (!shown) return;
  const next = change(shown);
  if (next !== shown) useArenas.setState((s) => ({ shown: { ...s.shown, [chatId]: next } }));
}

export function noteArenaEvent(p: EventPayload<'arena.event'>): void {
  updateShown(p.chatId, (shown) => applyArenaEvent(shown, p, Date.now()));
}

export function noteArenaSetup(p: EventPayload<'arena.setup'>): void {
  updateShown(p.chatId, (shown) => applyArenaSetup(shown, p));
}

export function noteArenaSetupOutput(p: EventPayload<'arena.setupOutput'>): void {
  updateShown(p.chatId, (shown) => applyArenaSetupOutput(shown, p));
}

/** Answers a contestant's failed setup script; cancel cancels that contestant. */
export const replyArenaSetup = (chatId: string, arenaId: string, agent: string, choice: SetupChoice) =>
  act(chatId, () => bridge.invoke('arena.setupReply', { arenaId, agent, choice }));

export function noteArenaUpdated({ chatId, arenaId }: EventPayload<'arena.updated'>): void {
  void loadArenas(chatId);
  if (useArenas.getState().shown[chatId]?.arena.id === arenaId) void refreshArena(chatId, arenaId);
}

export async function replyArenaPermission(chatId: string, agent: string, requestId: string, optionId: string): Promise<void> {
  const shown = useArenas.getState().shown[chatId];
  if (shown) {
    const contestants = shown.contestants.map((c) => (c.agent === agent ? { ...c, turn: { ...c.turn, parts: resolvePermission(c.turn.parts, requestId, optionId) } } : c));
    useArenas.setState((s) => ({ shown: { ...s.shown, [chatId]: { ...shown, contestants } } }));
  }
  try {
    await bridge.invoke('permissions.reply', { requestId, optionId });
  } catch (e) {
    notifyError(e);
  }
}
