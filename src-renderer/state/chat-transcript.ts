import type { AttachmentInfo, ContextFill, EventPayload, Turn } from '../../src-preload/contract';
import { applyAgentEvent, emptyTurn, fromTurn, type TurnView } from './transcript-reducer';

export type TurnEventPayload = EventPayload<'turn.event'>;

/** The transcript of one chat: turns oldest first, and where each turn sits for O(1) updates. */
export interface ChatTranscript {
  turns: TurnView[];
  index: ReadonlyMap<string, number>;
}

export const emptyTranscript = (): ChatTranscript => ({ turns: [], index: new Map() });

const indexOf = (turns: TurnView[]): Map<string, number> => new Map(turns.map((t, i) => [t.id, i]));

/**
 * History from turns.list, merged with what arrived live. A finished turn is taken from
 * history. For an unfinished one the live copy wins if it saw the turn from its first event
 * (the core persists in batches, so history can lag the stream); otherwise history fills in
 * what happened before this window was listening and live events continue from there.
 * Turns only known live (their first events raced the request) are kept.
 */
export function loadHistory(current: ChatTranscript, history: Turn[]): ChatTranscript {
  const turns = history.map(fromTurn);
  const known = new Set(turns.map((t) => t.id));
  const live = new Map(current.turns.map((t) => [t.id, t]));
  for (let i = 0; i < turns.length; i++) {
    const h = turns[i]!;
    const l = live.get(h.id);
    if (!l || h.lastSeq === Number.MAX_SAFE_INTEGER) continue;
    turns[i] = l.fromStart
      ? {
          ...l,
          prompt: l.prompt || h.prompt,
          // Only history knows what the core stored of the attachments and whether a cost was reported.
          attachments: h.attachments.length ? h.attachments : l.attachments,
          costReported: l.costReported || h.costReported,
          context: l.context ?? h.context,
        }
      : { ...h, lastSeq: l.lastSeq, sessionMode: l.sessionMode, queuedPosition: l.queuedPosition, model: l.model ?? h.model, context: l.context ?? h.context };
  }
  for (const t of current.turns) if (!known.has(t.id)) turns.push(t);
  return { turns, index: indexOf(turns) };
}

/**
 * Merges runs of consecutive text (or reasoning) deltas of the same turn into one delta with the
 * text joined once: a frame's hundreds of deltas then cost one reducer step and one flat string
 * instead of hundreds of intermediate copies for the garbage collector.
 */
export function coalesceDeltas(batch: readonly TurnEventPayload[]): TurnEventPayload[] {
  const out: TurnEventPayload[] = [];
  let run: string[] = [];
  let head: TurnEventPayload | null = null;
  let lastSeq = 0;
  const close = () => {
    if (!head) return;
    const type = head.event.type as 'text.delta' | 'reasoning.delta';
    out.push(run.length === 1 ? head : { ...head, seq: lastSeq, event: { type, text: run.join('') } });
    head = null;
    run = [];
  };
  for (const e of batch) {
    const t = e.event.type;
    const mergeable = t === 'text.delta' || t === 'reasoning.delta';
    if (mergeable && head && head.turnId === e.turnId && head.event.type === t && e.seq > lastSeq) {
      run.push((e.event as { text: string }).text);
      lastSeq = e.seq;
      continue;
    }
    close();
    if (mergeable) {
      head = e;
      run = [(e.event as { text: string }).text];
      lastSeq = e.seq;
    } else out.push(e);
  }
  close();
  return out;
}

/**
 * Applies a batch of live events (all of one chat) in order, copying the turn array once per
 * batch rather than once per event: a streaming reply touches one turn thousands of times.
 */
export function applyTurnEvents(current: ChatTranscript, events: readonly TurnEventPayload[], now: number): ChatTranscript {
  if (events.length === 0) return current;
  // Events already applied are dropped before merging, or a merged delta would carry them again.
  const fresh = events.filter((e) => {
    const i = current.index.get(e.turnId);
    return i === undefined || e.seq > current.turns[i]!.lastSeq;
  });
  const batch = coalesceDeltas(fresh);
  let turns: TurnView[] | null = null;
  let index = current.index as Map<string, number>;
  for (const e of batch) {
    turns ??= current.turns.slice();
    let i = index.get(e.turnId);
    if (i === undefined) {
      if (index === current.index) index = new Map(current.index);
      i = turns.length;
      turns.push(emptyTurn(e.turnId, e.chatId, e.agent, now));
      index.set(e.turnId, i);
    }
    turns[i] = applyAgentEvent(turns[i]!, e.event, e.seq, now);
  }
  return { turns: turns ?? current.turns, index };
}

/** Fills in what turns.send knew (the prompt, its attachments) on a turn created from events or added optimistically. */
export function noteSentTurn(
  current: ChatTranscript,
  turnId: string,
  chatId: string,
  agent: string,
  prompt: string,
  now: number,
  attachments: AttachmentInfo[] = [],
): ChatTranscript {
  const i = current.index.get(turnId);
  if (i !== undefined) {
    const turns = current.turns.slice();
    const t = turns[i]!;
    turns[i] = { ...t, prompt: t.prompt || prompt, attachments: t.attachments.length ? t.attachments : attachments };
    return { turns, index: current.index };
  }
  const turns = [...current.turns, emptyTurn(turnId, chatId, agent, now, prompt, attachments)];
  const index = new Map(current.index);
  index.set(turnId, turns.length - 1);
  return { turns, index };
}

/**
 * How far back a live turn is looked for: turns run in order, so a live one is among the newest.
 * This keeps per-frame selectors (tab busy dots, Esc) cheap on a 5,000-turn transcript.
 */
const LIVE_WINDOW = 20;

/** The turn Esc should cancel: the running one, else the newest queued one. */
export function activeTurnId(t: ChatTranscript): string | null {
  let queued: string | null = null;
  for (let i = t.turns.length - 1; i >= Math.max(0, t.turns.length - LIVE_WINDOW); i--) {
    const turn = t.turns[i]!;
    if (turn.status === 'running') return turn.id;
    if (turn.status === 'queued') queued ??= turn.id;
  }
  return queued;
}

/** Turns the core queued behind a busy chat (turn.queued), for the composer's queue indicator. */
export function queuedCount(t: ChatTranscript): number {
  let n = 0;
  for (let i = t.turns.length - 1; i >= Math.max(0, t.turns.length - LIVE_WINDOW); i--) if (t.turns[i]!.status === 'queued' && t.turns[i]!.queuedPosition !== null) n++;
  return n;
}

/**
 * The newest context fill each agent reported among the chat's recent turns: the usage panel's
 * live figure between sessions.list reloads. Recent only, like the other per-frame selectors.
 */
export function latestContextByAgent(t: ChatTranscript): Map<string, ContextFill> {
  const out = new Map<string, ContextFill>();
  for (let i = t.turns.length - 1; i >= Math.max(0, t.turns.length - LIVE_WINDOW); i--) {
    const turn = t.turns[i]!;
    if (turn.context && !out.has(turn.agent)) out.set(turn.agent, turn.context);
  }
  return out;
}
