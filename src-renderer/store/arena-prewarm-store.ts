import { create } from 'zustand';
import type { PrewarmStatus } from '../../src-preload/contract';
import { bridge } from '../bridge/bridge';
import { prewarmKey } from './prewarm-store';

/** Per (chat, agent): the state of that agent prepared for the chat's next arena, as the core last reported it. */
interface ArenaPrewarmState {
  states: Record<string, PrewarmStatus>;
}

export const useArenaPrewarm = create<ArenaPrewarmState>(() => ({ states: {} }));

export const arenaPrewarmOf = (states: Record<string, PrewarmStatus>, chatId: string, agent: string): PrewarmStatus | undefined => states[prewarmKey(chatId, agent)];

/** An arena.prewarm event (or a call's answer). */
export const noteArenaPrewarm = (status: PrewarmStatus): void =>
  useArenaPrewarm.setState((s) => ({ states: { ...s.states, [prewarmKey(status.chatId, status.agent)]: status } }));

/**
 * Asks the core to prepare exactly `agents` for the chat's next arena (none: let everything go).
 * Errors never reach the user from here: a failed preparation arrives as its own state, and an
 * arena that starts without one simply forks its contestants then.
 */
export async function prewarmArena(chatId: string, agents: string[]): Promise<void> {
  try {
    const { statuses } = await bridge.invoke('arena.prewarm', { chatId, agents });
    for (const s of statuses) noteArenaPrewarm(s);
  } catch {
    // An archived chat or an agent that cannot run: the launcher already says so.
  }
}
