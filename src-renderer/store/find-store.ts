import { create } from 'zustand';
import type { FindMatch } from '../state/transcript-find';

/** Find in the chat: whether the bar is open, what it looks for, and the match shown. */
interface FindState {
  open: boolean;
  query: string;
  /** The match scrolled to and marked, as an index into the chat's matches; null before the first step. */
  current: number | null;
  /** Where that match is (the transcript scrolls there). */
  target: FindMatch | null;
  /** Bumped by each Ctrl/Cmd+F, so an open bar takes the focus again. */
  focusRequest: number;
}

export const useFind = create<FindState>(() => ({ open: false, query: '', current: null, target: null, focusRequest: 0 }));

export const openFind = (): void => useFind.setState((s) => ({ open: true, focusRequest: s.focusRequest + 1 }));

export const closeFind = (): void => useFind.setState({ open: false, current: null, target: null });

export const setFindQuery = (query: string): void => useFind.setState({ query, current: null, target: null });

export const showMatch = (current: number | null, target: FindMatch | null): void => useFind.setState({ current, target });
