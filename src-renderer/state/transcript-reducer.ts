import type { AgentEvent, AttachmentInfo, ContextFill, FileDiff, SessionMode, StopReason, Turn, TurnPart, TurnStatus, Usage } from '../../src-preload/contract';
import { addUsage, emptyUsage } from '../../src-preload/contract/usage-math';

/** A permission part as the transcript shows it: the contract's part plus the diffs it asks about. */
export type PermissionPart = Extract<TurnPart, { kind: 'permission' }> & { diffs?: FileDiff[] };
export type ToolPart = Extract<TurnPart, { kind: 'tool' }>;
export type PartView = Exclude<TurnPart, { kind: 'permission' }> | PermissionPart;

/** One turn as the transcript renders it, built from history (turns.list) and live events alike. */
export interface TurnView {
  id: string;
  chatId: string;
  agent: string;
  status: TurnStatus;
  stopReason?: StopReason;
  prompt: string;
  /** What the prompt carried besides its text (names only). */
  attachments: AttachmentInfo[];
  /** The model that ran the turn: asked for at turn.start, corrected by a `model` event. */
  model: string | null;
  startedAt: number;
  endedAt: number | null;
  usage: Usage;
  /** False while the agent has reported no cost: the turn is not free, its cost is unknown. */
  costReported: boolean;
  /** The agent's context-window fill, latest first: live from `context` events, at the end from history. */
  context: ContextFill | null;
  parts: PartView[];
  /** Turns ahead of this one while it waits for a busy session. */
  queuedPosition: number | null;
  sessionMode: SessionMode | null;
  /** The last event applied, so a replayed or duplicated event is ignored. */
  lastSeq: number;
  /** Every event of the turn was seen live, from its first: this copy is complete. */
  fromStart: boolean;
}

/**
 * A persisted turn. A finished one takes no more events; an unfinished one takes every event
 * that comes after it was read.
 */
export function fromTurn(turn: Turn): TurnView {
  const finished = turn.endedAt !== null || (turn.status !== 'running' && turn.status !== 'queued');
  return {
    id: turn.id,
    chatId: turn.chatId,
    agent: turn.agent,
    status: turn.status,
    stopReason: turn.stopReason,
    prompt: turn.prompt,
    attachments: turn.attachments,
    model: turn.model,
    startedAt: turn.startedAt,
    endedAt: turn.endedAt,
    usage: turn.usage,
    costReported: turn.costReported,
    context: turn.context,
    parts: turn.parts,
    queuedPosition: null,
    sessionMode: turn.sessionMode,
    lastSeq: finished ? Number.MAX_SAFE_INTEGER : -1,
    fromStart: false,
  };
}

/** A turn first seen through a live event (sent elsewhere, or its reply raced turns.send's answer). */
export function emptyTurn(id: string, chatId: string, agent: string, now: number, prompt = '', attachments: AttachmentInfo[] = []): TurnView {
  return {
    id,
    chatId,
    agent,
    status: 'queued',
    prompt,
    attachments,
    model: null,
    startedAt: now,
    endedAt: null,
    usage: emptyUsage(),
    costReported: false,
    context: null,
    parts: [],
    queuedPosition: null,
    sessionMode: null,
    lastSeq: -1,
    fromStart: false,
  };
}

/** How a stop reason reads as a turn status. */
export function statusForStop(stop: StopReason): TurnStatus {
  switch (stop) {
    case 'cancelled':
      return 'cancelled';
    case 'error':
      return 'failed';
    case 'interrupted':
      return 'interrupted';
    default:
      return 'done';
  }
}

export const isTurnActive = (t: Pick<TurnView, 'status'>): boolean => t.status === 'queued' || t.status === 'running';

/** Appends streamed text to the last part when it is of the same kind, so a reply stays one block. */
function appendText(parts: PartView[], kind: 'text' | 'reasoning', text: string): PartView[] {
  const last = parts[parts.length - 1];
  if (last && last.kind === kind) {
    const next = parts.slice();
    next[next.length - 1] = { kind, text: last.text + text };
    return next;
  }
  return [...parts, { kind, text }];
}

/** The command line and exit code an update carries, without keys for what it does not say. */
const shellFields = (e: { command?: string; exitCode?: number }): Pick<ToolPart, 'command' | 'exitCode'> => ({
  ...(e.command !== undefined ? { command: e.command } : {}),
  ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}),
});

function updateTool(parts: PartView[], toolCallId: string, patch: (t: ToolPart) => ToolPart): PartView[] {
  const idx = parts.findLastIndex((p) => p.kind === 'tool' && p.toolCallId === toolCallId);
  if (idx < 0) {
    // An update for a call whose start we never saw (history loaded mid-turn): show it anyway.
    const base: ToolPart = { kind: 'tool', toolCallId, title: 'Tool call', toolKind: null, status: 'pending', diffs: [] };
    return [...parts, patch(base)];
  }
  const next = parts.slice();
  next[idx] = patch(parts[idx] as ToolPart);
  return next;
}

/**
 * Applies one AgentEvent to a turn. Pure: `now` is passed in so tests and replays are
 * deterministic. Events at or before `lastSeq` are ignored (duplicates after a reconnect).
 */
export function applyAgentEvent(turn: TurnView, event: AgentEvent, seq: number, now: number): TurnView {
  if (seq <= turn.lastSeq) return turn;
  const t: TurnView = { ...turn, lastSeq: seq, fromStart: turn.fromStart || (turn.lastSeq === -1 && seq === 0) };
  // A turn is numbered once, from its queued notice (seq 0) to its end.
  if (event.type === 'turn.queued') return { ...t, status: 'queued', queuedPosition: event.position };
  switch (event.type) {
    case 'turn.start':
      return { ...t, status: 'running', queuedPosition: null, sessionMode: event.sessionMode, model: event.model ?? t.model };
    case 'handoff':
      return { ...t, parts: [...t.parts, { kind: 'handoff', text: event.text, fromAgents: event.fromAgents }] };
    case 'text.delta':
      return { ...t, status: 'running', parts: appendText(t.parts, 'text', event.text) };
    case 'reasoning.delta':
      return { ...t, status: 'running', parts: appendText(t.parts, 'reasoning', event.text) };
    case 'tool.start':
      if (t.parts.some((p) => p.kind === 'tool' && p.toolCallId === event.toolCallId)) {
        return { ...t, parts: updateTool(t.parts, event.toolCallId, (p) => ({ ...p, title: event.title, status: event.status })) };
      }
      return {
        ...t,
        parts: [
          ...t.parts,
          { kind: 'tool', toolCallId: event.toolCallId, title: event.title, toolKind: event.kind, status: event.status, diffs: [] },
        ],
      };
    case 'tool.update':
      return {
        ...t,
        parts: updateTool(t.parts, event.toolCallId, (p) => ({
          ...p,
          title: event.title ?? p.title,
          status: event.status ?? p.status,
          diffs: event.diffs ?? p.diffs,
          output: event.output ?? p.output,
          ...shellFields(event),
        })),
      };
    case 'tool.end':
      return {
        ...t,
        parts: updateTool(t.parts, event.toolCallId, (p) => ({
          ...p,
          status: event.status,
          diffs: event.diffs ?? p.diffs,
          output: event.output ?? p.output,
          ...shellFields(event),
        })),
      };
    case 'permission.request': {
      const part: PermissionPart = {
        kind: 'permission',
        requestId: event.requestId,
        title: event.title,
        options: event.options,
        chosen: null,
        resolved: false,
        ...(event.diffs ? { diffs: event.diffs } : {}),
      };
      return { ...t, parts: [...t.parts, part] };
    }
    case 'permission.resolved':
      return { ...t, parts: resolvePermission(t.parts, event.requestId, event.optionId) };
    case 'usage':
      // A usage event cannot say "no cost": a positive cost is the only proof one was reported.
      return { ...t, usage: addUsage(t.usage, event.usage), costReported: t.costReported || event.costReported === true || event.usage.cost > 0 };
    case 'context':
      return { ...t, context: event.context };
    case 'model':
      return { ...t, model: event.model };
    case 'error':
      return { ...t, parts: [...t.parts, { kind: 'error', name: event.name, message: event.message }] };
    case 'turn.end': {
      const last = t.parts[t.parts.length - 1];
      const err = event.error;
      // The backend often reports the same failure as an `error` event and again on turn.end.
      const repeat = err && last?.kind === 'error' && last.name === err.name && last.message === err.message;
      const parts = err && !repeat ? [...t.parts, { kind: 'error' as const, name: err.name, message: err.message }] : t.parts;
      // A prompt still open when the turn ends can no longer be answered.
      const closed = parts.map((p) => (p.kind === 'permission' && !p.resolved ? { ...p, resolved: true } : p));
      return {
        ...t,
        status: statusForStop(event.stopReason),
        stopReason: event.stopReason,
        endedAt: now,
        queuedPosition: null,
        parts: closed,
      };
    }
  }
}

export function resolvePermission(parts: PartView[], requestId: string, optionId: string | null): PartView[] {
  return parts.map((p) => (p.kind === 'permission' && p.requestId === requestId ? { ...p, resolved: true, chosen: optionId } : p));
}
