import { create } from 'zustand';
import type { BranchStatus, MethodResult } from '../../src-preload/contract';
import { bridge } from '../bridge/bridge';
import { conflictFiles } from '../state/changes-select';
import { describeError, errorName, type ErrorView } from '../state/describe-error';
import { loadChanges, useChanges } from './changes-store';
import { copyText } from '../lib/copy-text';

/** What the changes panel knows of a chat's branch: its status, what the last action did, and where to open it. */
export interface ChatBranch {
  status: BranchStatus | null;
  targets: MethodResult<'chats.openTargets'> | null;
  message: string;
  drafting: boolean;
  busy: 'commit' | 'push' | 'pullRequest' | 'update' | 'open' | null;
  error: ErrorView | null;
  /** Files an update refused because they conflict. */
  conflicts: string[];
  /** The last push was refused as a non-fast-forward: a force push (with lease) is the way on. */
  pushRejected: boolean;
  /** The last successful action, in words. */
  done: string | null;
  /** A page the user may want to open (the pull request, or where to open one). */
  link: { url: string; label: string } | null;
}

interface BranchState {
  byChat: Record<string, ChatBranch>;
}

const empty = (): ChatBranch => ({ status: null, targets: null, message: '', drafting: false, busy: null, error: null, conflicts: [], pushRejected: false, done: null, link: null });
const EMPTY = empty();

export const useBranch = create<BranchState>(() => ({ byChat: {} }));
export const selectBranch = (chatId: string) => (s: BranchState): ChatBranch => s.byChat[chatId] ?? EMPTY;

const patch = (chatId: string, p: Partial<ChatBranch>) =>
  useBranch.setState((s) => ({ byChat: { ...s.byChat, [chatId]: { ...(s.byChat[chatId] ?? empty()), ...p } } }));
const current = (chatId: string): ChatBranch => useBranch.getState().byChat[chatId] ?? empty();

export async function loadBranch(chatId: string): Promise<void> {
  try {
    const [status, targets] = await Promise.all([bridge.invoke('chats.branch', { chatId }), bridge.invoke('chats.openTargets', { chatId })]);
    patch(chatId, { status, targets });
  } catch (e) {
    // A host without branch support (the renderer's bench harness) or an archived chat: nothing to show.
    if (errorName(e) !== 'ChatArchived' && errorName(e) !== 'Unsupported') patch(chatId, { error: describeError(e) });
  }
}

export const setCommitMessage = (chatId: string, message: string): void => patch(chatId, { message });
export const dismissBranchOutcome = (chatId: string): void => patch(chatId, { error: null, conflicts: [], pushRejected: false, done: null, link: null });

/** Runs one branch action: busy while it runs, its outcome or its named error after, status and changes reloaded. */
async function act(chatId: string, busy: NonNullable<ChatBranch['busy']>, work: () => Promise<Partial<ChatBranch>>): Promise<void> {
  patch(chatId, { busy, error: null, conflicts: [], pushRejected: false, done: null, link: null });
  try {
    patch(chatId, { ...(await work()), busy: null });
  } catch (e) {
    patch(chatId, {
      busy: null,
      error: describeError(e),
      conflicts: errorName(e) === 'UpdateConflict' ? conflictFiles((e as Error & { data?: unknown }).data) : [],
      pushRejected: errorName(e) === 'PushFailed' && (e as { data?: { rejected?: unknown } }).data?.rejected === true,
      link: compareLinkOf(e),
    });
  }
  await Promise.all([loadBranch(chatId), loadChanges(chatId)]);
}

/** gh refused, but the compare page still opens a pull request by hand. */
function compareLinkOf(e: unknown): ChatBranch['link'] {
  const data = (e as { data?: { compareUrl?: unknown } }).data;
  return typeof data?.compareUrl === 'string' ? { url: data.compareUrl, label: 'Open the pull request page' } : null;
}

const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;

export function commitSelected(chatId: string): Promise<void> {
  const paths = [...(useChanges.getState().byChat[chatId]?.selected ?? [])];
  const message = current(chatId).message.trim();
  return act(chatId, 'commit', async () => {
    const r = await bridge.invoke('changes.commit', { chatId, message, paths });
    return { message: '', done: `Committed ${files(r.files.length)} as ${r.commit.slice(0, 8)}${r.agents.length ? ` (Agents: ${r.agents.join(', ')})` : ''}.` };
  });
}

export async function draftMessage(chatId: string, agent: string): Promise<void> {
  const paths = [...(useChanges.getState().byChat[chatId]?.selected ?? [])];
  patch(chatId, { drafting: true, error: null, done: null });
  try {
    const { message } = await bridge.invoke('changes.draftMessage', { chatId, agent, ...(paths.length ? { paths } : {}) });
    patch(chatId, { drafting: false, message });
  } catch (e) {
    patch(chatId, { drafting: false, error: describeError(e) });
  }
}

export function push(chatId: string, remote: string, force = false): Promise<void> {
  return act(chatId, 'push', async () => {
    const r = await bridge.invoke('chats.push', { chatId, remote, ...(force ? { force } : {}) });
    return { done: `Pushed ${r.branch} to ${r.remote}.`, link: r.url ? { url: r.url, label: 'Open a pull request' } : null };
  });
}

export function pullRequest(chatId: string, remote: string, title?: string, body?: string): Promise<void> {
  return act(chatId, 'pullRequest', async () => {
    const r = await bridge.invoke('chats.pullRequest', { chatId, remote, ...(title ? { title, body: body ?? '' } : {}) });
    return r.via === 'gh'
      ? { done: 'Pull request opened.', link: { url: r.url, label: r.url } }
      : { done: 'Pushed. Open the pull request on its page (gh is not installed or signed in here).', link: { url: r.url, label: 'Open the pull request page' } };
  });
}

export function updateFromBase(chatId: string, strategy: 'merge' | 'rebase'): Promise<void> {
  return act(chatId, 'update', async () => {
    const r = await bridge.invoke('chats.updateFromBase', { chatId, strategy });
    return { done: r.updated ? `Up to date with ${r.branch} (${strategy === 'merge' ? 'merged' : 'rebased'}).` : `Already up to date with ${r.branch}.` };
  });
}

export function openIn(chatId: string, target: 'editor' | 'terminal' | 'files', editor?: string): Promise<void> {
  return act(chatId, 'open', async () => {
    const r = await bridge.invoke('chats.openIn', { chatId, target, ...(editor ? { editor } : {}) });
    return { done: `Opened with ${r.command}.` };
  });
}

/** Copies the worktree's path. */
export async function copyPath(chatId: string): Promise<void> {
  const path = current(chatId).targets?.path ?? current(chatId).status?.worktreePath;
  if (!path) return;
  await copyText(path);
  patch(chatId, { done: `Copied ${path}`, error: null, link: null });
}
