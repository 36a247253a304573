import { create } from 'zustand';
import { describeError, type ErrorView } from '../state/describe-error';
import type { Risk } from '../../src-preload/contract';

export type MainView = 'chat' | 'agents' | 'settings';

/** A chat waiting for the user to confirm losing its work. */
export interface CloseGuard {
  chatId: string;
  title: string;
  risk: Risk;
}

interface UiState {
  view: MainView;
  /** Errors not owned by a panel: shown in a dismissible strip at the top. */
  notices: (ErrorView & { id: number })[];
  closeGuard: CloseGuard | null;
  sidePanel: 'changes' | 'usage';
}

export const useUi = create<UiState>(() => ({ view: 'chat', notices: [], closeGuard: null, sidePanel: 'changes' }));

let nextNotice = 1;

export function notifyError(e: unknown): void {
  const view = describeError(e);
  useUi.setState((s) => ({ notices: [...s.notices.filter((n) => n.message !== view.message), { ...view, id: nextNotice++ }].slice(-4) }));
}

export function dismissNotice(id: number): void {
  useUi.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

export const setView = (view: MainView): void => useUi.setState({ view });
export const setSidePanel = (sidePanel: UiState['sidePanel']): void => useUi.setState({ sidePanel });
