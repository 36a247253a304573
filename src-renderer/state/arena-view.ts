import type { AgentEvent, Arena, ArenaContestant } from '../../src-preload/contract';
import { applyAgentEvent, type TurnView } from './transcript-reducer';

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

/** What the arena's buttons may do now. */
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
