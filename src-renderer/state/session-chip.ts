import type { SessionInfo, SessionMode } from '../../src-preload/contract';

const LABELS: Record<SessionMode, { label: string; hint: string }> = {
  resumed: { label: 'resumed', hint: 'The warm session continues: the agent remembers this chat.' },
  loaded: { label: 'loaded', hint: 'The agent reloads its saved session for this chat.' },
  history: { label: 'history', hint: 'A new session that is told this chat’s history first.' },
  new: { label: 'new', hint: 'A fresh session: the agent has not been in this chat yet.' },
};

/** What the session chip beside the agent picker says about the next turn. */
export function sessionChip(agent: string, sessions: readonly SessionInfo[]): { mode: SessionMode; label: string; hint: string; live: boolean } {
  const s = sessions.find((x) => x.agent === agent);
  const mode: SessionMode = s?.nextTurn ?? 'new';
  return { mode, ...LABELS[mode], live: s?.live ?? false };
}
