import { MAX_SETUP_LOG_CHARS, type AgentEvent, type Arena, type ArenaContestant, type ContestantSetupPart } from '../../src-preload/contract';
import { applyAgentEvent, type PartView, type TurnView } from './transcript-reducer';

/** One contestant as the arena view shows it: its live turn, plus what only the arena knows (its diff, its ref). */
export interface ContestantView {
  agent: string;
  turn: TurnView;
  files: ArenaContestant['files'];
  archivedRef: string | null;
  restoredTurnId: string | null;
  error: ArenaContestant['error'];
}

export interface ArenaViewState {
  arena: Omit<Arena, 'contestants'>;
  contestants: ContestantView[];
}

/** Open arenas can still be picked or discarded; closed ones (picked, discarded) only restored from. */
export const isArenaOpen = (status: string): boolean => status === 'running' || status === 'done' || status === 'interrupted';

const isLive = (status: string) => status === 'queued' || status === 'running';

function contestantTurn(arena: Arena, c: ArenaContestant): TurnView {
  return {
    id: `${arena.id}/${c.agent}`,
    chatId: arena.chatId,
    agent: c.agent,
    status: c.status,
    ...(c.stopReason ? { stopReason: c.stopReason } : {}),
    prompt: arena.prompt,
    attachments: [],
    model: c.model,
    startedAt: c.startedAt ?? arena.createdAt,
    endedAt: c.endedAt,
    usage: c.usage,
    costReported: c.costReported,
    context: null,
    parts: c.parts,
    queuedPosition: null,
    sessionMode: 'new',
    // A live contestant's parts hold its first `eventsSeen` events; an ended one takes none.
    lastSeq: isLive(c.status) ? c.eventsSeen - 1 : Number.MAX_SAFE_INTEGER,
    fromStart: false,
  };
}

/**
 * An arena as read from the core, merged with what is shown already (pure): a contestant still
 * streaming keeps its live copy (it is at least as fresh as the read), an ended one takes the read
 * (its diff and final state are known only there).
 */
export function mergeArena(arena: Arena, shown: ArenaViewState | undefined): ArenaViewState {
  const { contestants, ...rest } = arena;
  return {
    arena: rest,
    contestants: contestants.map((c) => {
      const mine = shown?.arena.id === arena.id ? shown.contestants.find((x) => x.agent === c.agent) : undefined;
      const keepLive = mine && isLive(c.status) && mine.turn.lastSeq >= c.eventsSeen - 1;
      return {
        agent: c.agent,
        turn: keepLive ? mine.turn : contestantTurn(arena, c),
        files: c.files,
        archivedRef: c.archivedRef,
        restoredTurnId: c.restoredTurnId,
        error: c.error,
      };
    }),
  };
}

/** One arena.event applied to its contestant (pure); events of other arenas leave the state as it is. */
export function applyArenaEvent(state: ArenaViewState, p: { arenaId: string; agent: string; seq: number; event: AgentEvent }, now: number): ArenaViewState {
  if (state.arena.id !== p.arenaId) return state;
  let changed = false;
  const contestants = state.contestants.map((c) => {
    if (c.agent !== p.agent) return c;
    const turn = applyAgentEvent(c.turn, p.event, p.seq, now);
    if (turn === c.turn) return c;
    changed = true;
    return { ...c, turn };
  });
  return changed ? { ...state, contestants } : state;
}

/** A contestant's setup script run (the first part of its transcript), if the repository has one. */
export function setupOf(c: ContestantView): ContestantSetupPart | null {
  const first = c.turn.parts[0];
  return first?.kind === 'setup' ? first : null;
}

/** Its setup script failed and waits for the user's choice (retry, continue, cancel). */
export function setupWaits(c: ContestantView): boolean {
  const setup = setupOf(c);
  return setup !== null && setup.status === 'failed' && setup.afterFailure === null && isLive(c.turn.status);
}

/** What a contestant whose agent has not started waits for, when it is its setup script (for its header). */
export function setupWaitLabel(c: ContestantView): string | null {
  const setup = setupOf(c);
  if (!setup || !isLive(c.turn.status)) return null;
  if (setup.status === 'running') return 'setting up';
  return setupWaits(c) ? 'setup failed' : null;
}

/** Live, set up (or without a setup script), and its agent has not said anything yet. */
export function isStarting(c: ContestantView): boolean {
  const setup = setupOf(c);
  const setUp = setup === null || setup.status === 'succeeded' || setup.afterFailure === 'continued';
  return isLive(c.turn.status) && setUp && c.turn.parts.every((p) => p.kind === 'setup');
}

const withContestantParts = (state: ArenaViewState, arenaId: string, agent: string, next: (parts: PartView[]) => PartView[]): ArenaViewState => {
  if (state.arena.id !== arenaId) return state;
  let changed = false;
  const contestants = state.contestants.map((c) => {
    if (c.agent !== agent) return c;
    const parts = next(c.turn.parts);
    if (parts === c.turn.parts) return c;
    changed = true;
    return { ...c, turn: { ...c.turn, parts } };
  });
  return changed ? { ...state, contestants } : state;
};

/** An arena.setup event applied (pure): the contestant's setup part, first in its transcript, as it now is. */
export function applyArenaSetup(state: ArenaViewState, p: { arenaId: string; agent: string; setup: ContestantSetupPart }): ArenaViewState {
  return withContestantParts(state, p.arenaId, p.agent, (parts) => [p.setup, ...(parts[0]?.kind === 'setup' ? parts.slice(1) : parts)]);
}

/** An arena.setupOutput event applied (pure): the running script's log grows (its tail kept, as the core keeps it). */
export function applyArenaSetupOutput(state: ArenaViewState, p: { arenaId: string; agent: string; chunk: string }): ArenaViewState {
  return withContestantParts(state, p.arenaId, p.agent, (parts) => {
    const setup = parts[0];
    if (setup?.kind !== 'setup' || setup.status !== 'running') return parts;
    return [{ ...setup, log: (setup.log + p.chunk).slice(-MAX_SETUP_LOG_CHARS) }, ...parts.slice(1)];
  });
}

/**
 * What the arena view offers: while open, cancel, discard and pick; once closed, restoring a
 * contestant that changed files, is kept under its ref and is not in the chat already.
 */
export function arenaActions(state: ArenaViewState): { cancelAll: boolean; discard: boolean; pickable: Set<string>; restorable: Set<string> } {
  const open = isArenaOpen(state.arena.status);
  const live = state.contestants.filter((c) => isLive(c.turn.status));
  const restorable = open
    ? []
    : state.contestants.filter((c) => c.agent !== state.arena.pickedAgent && c.restoredTurnId === null && c.archivedRef !== null && c.files.length > 0);
  return {
    cancelAll: open && live.length > 0,
    discard: open,
    pickable: new Set(open ? state.contestants.filter((c) => !isLive(c.turn.status)).map((c) => c.agent) : []),
    restorable: new Set(restorable.map((c) => c.agent)),
  };
}
