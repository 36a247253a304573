import { create } from 'zustand';
import type { PrewarmStatus } from '../../src-preload/contract';
import { bridge } from '../bridge/bridge';
import { errorName } from '../state/describe-error';

/** Pre-warm state per (chat, agent), as the core last reported it. */
interface PrewarmState {
  states: Record<string, PrewarmStatus>;
}

export const usePrewarm = create<PrewarmState>(() => ({ states: {} }));

export const prewarmKey = (chatId: string, agent: string): string => `${chatId}\u0000${agent}`;

export const selectPrewarm = (chatId: string, agent: string | null) => (s: PrewarmState): PrewarmStatus | undefined =>
  agent ? s.states[prewarmKey(chatId, agent)] : undefined;

/** A sessions.prewarm event (or a call's answer). */
export const notePrewarm = (status: PrewarmStatus): void =>
  usePrewarm.setState((s) => ({ states: { ...s.states, [prewarmKey(status.chatId, status.agent)]: status } }));

/** While the user types, a pre-warm is asked for again at most this often (the core answers at once when warm). */
const REFRESH_MS = 5000;
const lastAsked = new Map<string, number>();

/**
 * Asks the core to prepare (chat, agent) in the background. Idempotent on the core's side;
 * `onlyIfStale` (typing) skips asking again within a few seconds. Errors never reach the user
 * from here: a failed pre-warm arrives as its own state, and a host without pre-warm is fine.
 */
export async function prewarm(chatId: string, agent: string, options: { onlyIfStale?: boolean } = {}): Promise<void> {
  const key = prewarmKey(chatId, agent);
  const now = Date.now();
  if (options.onlyIfStale && now - (lastAsked.get(key) ?? 0) < REFRESH_MS) return;
  lastAsked.set(key, now);
  try {
    notePrewarm(await bridge.invoke('sessions.prewarm', { chatId, agent }));
  } catch (e) {
    // An archived chat or an agent that cannot run: the composer already says so.
    if (errorName(e) === 'Unsupported') return;
  }
}

/** The user moved on from (chat, agent): a pre-warm in flight stops. */
export async function cancelPrewarm(chatId: string, agent: string): Promise<void> {
  lastAsked.delete(prewarmKey(chatId, agent));
  try {
    await bridge.invoke('sessions.cancelPrewarm', { chatId, agent });
  } catch {
    // Nothing to cancel, or the chat is gone: either way nothing keeps running for it.
  }
}
