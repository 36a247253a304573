import { create } from 'zustand';
import type { Chat, Repo } from '../../src-preload/contract';
import { bridge } from '../bridge/bridge';
import { describeError, errorName, type ErrorView } from '../state/describe-error';
import { hasRisk, riskFromError } from '../state/changes-select';
import { cycleTab, tabAfterClose, unseenEndOf, type UnseenEnd } from '../state/tabs';
import { notifyError, useUi } from './ui-store';

/** Repos, the chat tabs of the active repo, and which tab is active. */
interface WorkspaceState {
  repos: Repo[];
  activeRepoId: string | null;
  chats: Chat[];
  archived: Chat[];
  /** The last active chat per repo, so switching repos comes back to the same tab. */
  activeChatByRepo: Record<string, string | null>;
  /** Chats with a running turn somewhere (agents.status), for the tab indicator. */
  busyChats: ReadonlySet<string>;
  /** Chats whose last turn ended while another tab was active, until the user looks (the tab's dot, state/tabs.ts). */
  unseen: ReadonlyMap<string, UnseenEnd>;
  openError: ErrorView | null;
  opening: boolean;
}

export const useWorkspace = create<WorkspaceState>(() => ({
  repos: [],
  activeRepoId: null,
  chats: [],
  archived: [],
  activeChatByRepo: {},
  busyChats: new Set(),
  unseen: new Map(),
  openError: null,
  opening: false,
}));

const REPO_KEY = 'boocoder.activeRepo';

export const selectActiveChatId = (s: WorkspaceState): string | null =>
  s.activeRepoId ? (s.activeChatByRepo[s.activeRepoId] ?? null) : null;

export async function loadRepos(): Promise<void> {
  try {
    const repos = await bridge.invoke('repos.list', {});
    const remembered = localStorage.getItem(REPO_KEY);
    const active = repos.find((r) => r.id === remembered)?.id ?? repos[0]?.id ?? null;
    useWorkspace.setState({ repos });
    if (active) await selectRepo(active);
  } catch (e) {
    notifyError(e);
  }
}

export async function openRepo(path: string): Promise<boolean> {
  useWorkspace.setState({ opening: true, openError: null });
  try {
    const repo = await bridge.invoke('repos.open', { path: path.trim() });
    useWorkspace.setState((s) => ({ repos: s.repos.some((r) => r.id === repo.id) ? s.repos : [...s.repos, repo], opening: false }));
    await selectRepo(repo.id);
    return true;
  } catch (e) {
    useWorkspace.setState({ openError: describeError(e), opening: false });
    return false;
  }
}

/** The native folder dialog where the shell has one; null when it is not available here. */
export async function pickDirectory(): Promise<string | null | 'unsupported'> {
  try {
    return (await bridge.invoke('app.pickDirectory', {})).path;
  } catch (e) {
    if (errorName(e) === 'Unsupported') return 'unsupported';
    notifyError(e);
    return null;
  }
}

export async function selectRepo(repoId: string): Promise<void> {
  localStorage.setItem(REPO_KEY, repoId);
  useWorkspace.setState({ activeRepoId: repoId, openError: null });
  useUi.setState({ view: 'chat' });
  await loadChats(repoId);
}

export async function loadChats(repoId: string): Promise<void> {
  try {
    const all = await bridge.invoke('chats.list', { repoId, includeArchived: true });
    if (useWorkspace.getState().activeRepoId !== repoId) return;
    const chats = all.filter((c) => !c.archived);
    const archived = all.filter((c) => c.archived);
    useWorkspace.setState((s) => {
      const current = s.activeChatByRepo[repoId] ?? null;
      const active = current && chats.some((c) => c.id === current) ? current : (chats[chats.length - 1]?.id ?? null);
      return { chats, archived, activeChatByRepo: { ...s.activeChatByRepo, [repoId]: active } };
    });
  } catch (e) {
    notifyError(e);
  }
}

export function selectChat(chatId: string): void {
  const repoId = useWorkspace.getState().activeRepoId;
  if (!repoId) return;
  useWorkspace.setState((s) => ({ activeChatByRepo: { ...s.activeChatByRepo, [repoId]: chatId }, unseen: withoutKey(s.unseen, chatId) }));
  useUi.setState({ view: 'chat' });
}

/** A turn ended: in a tab the user is not looking at, the tab says so until it is selected. */
export function noteTurnEnded(chatId: string, stopReason: string): void {
  const s = useWorkspace.getState();
  const end = unseenEndOf(stopReason);
  if (!end || selectActiveChatId(s) === chatId) return;
  useWorkspace.setState({ unseen: new Map(s.unseen).set(chatId, end) });
}

function withoutKey<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
}

export async function createChat(): Promise<void> {
  const repoId = useWorkspace.getState().activeRepoId;
  if (!repoId) return;
  try {
    const n = useWorkspace.getState().chats.length + useWorkspace.getState().archived.length + 1;
    const chat = await bridge.invoke('chats.create', { repoId, title: `Chat ${n}` });
    useWorkspace.setState((s) => ({
      chats: s.chats.some((c) => c.id === chat.id) ? s.chats : [...s.chats, chat],
      activeChatByRepo: { ...s.activeChatByRepo, [repoId]: chat.id },
    }));
    useUi.setState({ view: 'chat' });
  } catch (e) {
    notifyError(e);
  }
}

export async function renameChat(chatId: string, title: string): Promise<void> {
  const clean = title.trim();
  if (!clean) return;
  try {
    const chat = await bridge.invoke('chats.rename', { chatId, title: clean });
    useWorkspace.setState((s) => ({ chats: s.chats.map((c) => (c.id === chat.id ? chat : c)) }));
  } catch (e) {
    notifyError(e);
  }
}

export function cycleChat(step: 1 | -1): void {
  const s = useWorkspace.getState();
  const next = cycleTab(
    s.chats.map((c) => c.id),
    selectActiveChatId(s),
    step,
  );
  if (next) selectChat(next);
}

/**
 * Closing a tab archives the chat. What would be lost is asked first; if anything is at risk
 * the guard dialog lists it and only "Archive anyway" forces the archive.
 */
export async function requestCloseChat(chatId: string): Promise<void> {
  const chat = useWorkspace.getState().chats.find((c) => c.id === chatId);
  if (!chat) return;
  try {
    const risk = await bridge.invoke('chats.risk', { chatId });
    if (hasRisk(risk)) {
      useUi.setState({ closeGuard: { chatId, title: chat.title, risk } });
      return;
    }
  } catch (e) {
    if (errorName(e) !== 'Unsupported') {
      notifyError(e);
      return;
    }
  }
  await archiveChat(chatId, false);
}

export async function archiveChat(chatId: string, force: boolean): Promise<void> {
  const chat = useWorkspace.getState().chats.find((c) => c.id === chatId);
  try {
    await bridge.invoke('chats.archive', force ? { chatId, force: true } : { chatId });
    useUi.setState({ closeGuard: null });
    useWorkspace.setState((s) => {
      const repoId = s.activeRepoId;
      const ids = s.chats.map((c) => c.id);
      const active = repoId ? (s.activeChatByRepo[repoId] ?? null) : null;
      return {
        chats: s.chats.filter((c) => c.id !== chatId),
        archived: chat ? [...s.archived, { ...chat, archived: true }] : s.archived,
        activeChatByRepo: repoId ? { ...s.activeChatByRepo, [repoId]: tabAfterClose(ids, chatId, active) } : s.activeChatByRepo,
      };
    });
  } catch (e) {
    const risk = errorName(e) === 'ChatAtRisk' && e instanceof Error ? riskFromError((e as Error & { data?: unknown }).data) : null;
    if (risk && chat) useUi.setState({ closeGuard: { chatId, title: chat.title, risk } });
    else notifyError(e);
  }
}

export async function restoreChat(chatId: string): Promise<void> {
  try {
    await bridge.invoke('chats.restore', { chatId });
    const repoId = useWorkspace.getState().activeRepoId;
    if (repoId) await loadChats(repoId);
    selectChat(chatId);
  } catch (e) {
    notifyError(e);
  }
}

export const setBusyChats = (ids: readonly string[]): void => useWorkspace.setState({ busyChats: new Set(ids) });
