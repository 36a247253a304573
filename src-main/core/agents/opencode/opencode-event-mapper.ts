import type { AgentEvent, FileDiff, PermissionOption, StopReason, ToolStatus } from '../../../../src-preload/contract';
import type { WireEvent, WireErrorInfo, WirePart, WireStepFinishPart, WireTextPart, WireToolPart } from './opencode-wire';
import { StepFinishPart, ToolPart, WireMessageInfo, wireSessionId } from './opencode-wire';

/**
 * Maps opencode wire events of ONE session to normalized AgentEvents.
 *
 * Deterministic and free of I/O: every decision depends only on the explicit `MapperState` and
 * the input, so recorded fixtures replay to exactly the same events. The state is updated in
 * place (the hot path sees thousands of deltas per turn) and is owned by one session.
 *
 * How a turn is recognised: the client names the turn's user message itself (`beginTurn` with
 * the id it sends in the prompt). Assistant messages belong to the turn when their parentID is
 * that id. Terminal events (session.idle, session.error) count only once the turn's own user
 * message and a later `busy` status were seen: the trailing error/idle events of an aborted
 * turn arrive before that, so they can never settle the next turn.
 */

export interface TurnState {
  userMessageId: string;
  /** The server has stored this turn's user message. */
  userSeen: boolean;
  /** A busy status arrived after the user message: this turn's loop is running. */
  busySeen: boolean;
  cancelRequested: boolean;
  aborted: boolean;
  error: { name: string; message: string } | null;
  /** The last assistant `finish` reason seen for this turn (stop, length, tool-calls…). */
  lastFinish: string | null;
  /** The model ("provider/model") the turn's assistant messages ran with, once announced. */
  model: string | null;
  /** Times the server reported it is retrying a failed provider call in this turn. */
  providerRetries: number;
  /** The provider kept failing: the session should abort, and the turn ends as an error. */
  givenUp: boolean;
  ended: boolean;
  openTools: Set<string>;
  openPermissions: Set<string>;
}

interface PartTrack {
  kind: 'text' | 'reasoning' | 'tool' | 'other';
  messageId: string;
  /** For text/reasoning: everything already shown. */
  shown: string;
  /** For tools: the last status and title reported, to emit updates only on change. */
  toolStatus?: ToolStatus;
  toolTitle?: string;
  /** For step-finish: usage already reported. */
  reported?: boolean;
}

export interface MapperState {
  sessionId: string;
  /** role and parent of every message seen in this session. */
  messages: Map<string, { role: 'user' | 'assistant'; parentId: string | undefined }>;
  parts: Map<string, PartTrack>;
  /** Deltas that arrived before their part was announced (kept per part until it is). */
  pendingDeltas: Map<string, string[]>;
  /** Known diffs per tool call, to attach to a permission request about that call. */
  toolDiffs: Map<string, FileDiff[]>;
  turn: TurnState | null;
}

export function createMapperState(sessionId: string): MapperState {
  return {
    sessionId,
    messages: new Map(),
    parts: new Map(),
    pendingDeltas: new Map(),
    toolDiffs: new Map(),
    turn: null,
  };
}

export const PERMISSION_OPTIONS: PermissionOption[] = [
  { optionId: 'once', name: 'Allow once', kind: 'allow_once' },
  { optionId: 'always', name: 'Always allow', kind: 'allow_always' },
  { optionId: 'reject', name: 'Reject', kind: 'reject_once' },
];

/** Starts a turn whose user message will carry `userMessageId`. */
export function beginTurn(state: MapperState, userMessageId: string): void {
  // Parts of earlier turns stay known (late events for them must still be recognised and
  // dropped) but lose their text, so a long session does not keep its whole transcript here.
  if (state.parts.size > 10_000) state.parts.clear();
  for (const track of state.parts.values()) {
    track.kind = 'other';
    track.shown = '';
  }
  state.pendingDeltas.clear();
  state.toolDiffs.clear();
  state.turn = {
    userMessageId,
    userSeen: false,
    busySeen: false,
    cancelRequested: false,
    aborted: false,
    error: null,
    lastFinish: null,
    model: null,
    providerRetries: 0,
    givenUp: false,
    ended: false,
    openTools: new Set(),
    openPermissions: new Set(),
  };
}

export function markCancelRequested(state: MapperState): void {
  if (state.turn && !state.turn.ended) state.turn.cancelRequested = true;
}

export function turnActive(state: MapperState): boolean {
  return state.turn !== null && !state.turn.ended;
}

/**
 * Ends the current turn from outside the event stream (process crash, failed prompt request,
 * cancel that the server never confirmed). Emits nothing when no turn is running.
 */
export function endTurn(state: MapperState, stopReason: StopReason, error?: { name: string; message: string }): AgentEvent[] {
  const turn = state.turn;
  if (!turn || turn.ended) return [];
  const out: AgentEvent[] = [];
  if (error) {
    turn.error = error;
    out.push({ type: 'error', name: error.name, message: error.message });
  }
  return finishTurn(turn, stopReason, out);
}

/**
 * Settles the turn from the stored history after events were lost (the stream reconnected) and
 * the server reports the session idle: the turn is over when its user message is stored and its
 * last assistant reply is complete. `messages` is the server's message list (info objects).
 */
export function settleFromHistory(state: MapperState, messages: unknown[]): AgentEvent[] {
  const turn = state.turn;
  if (!turn || turn.ended) return [];
  let userStored = false;
  let lastReply: WireMessageInfo | undefined;
  const out: AgentEvent[] = [];
  for (const raw of messages) {
    const parsed = WireMessageInfo.safeParse(raw);
    if (!parsed.success || parsed.data.sessionID !== state.sessionId) continue;
    const info = parsed.data;
    if (info.id === turn.userMessageId) userStored = true;
    if (info.role === 'assistant' && info.parentID === turn.userMessageId) {
      out.push(...onMessageUpdated(state, info));
      lastReply = info;
    }
  }
  if (!userStored || !lastReply) return out;
  const complete = lastReply.time?.completed !== undefined && (lastReply.error !== undefined || lastReply.finish !== 'tool-calls');
  if (!complete) return out;
  turn.userSeen = true;
  return finishTurn(turn, stopReasonOf(turn), out);
}

function finishTurn(turn: TurnState, stopReason: StopReason, out: AgentEvent[]): AgentEvent[] {
  // Whatever is still open when the turn stops will never finish: close it so a UI spinner stops.
  for (const toolCallId of turn.openTools) {
    out.push({ type: 'tool.end', toolCallId, status: 'failed' });
  }
  for (const requestId of turn.openPermissions) {
    out.push({ type: 'permission.resolved', requestId, optionId: null });
  }
  turn.openTools.clear();
  turn.openPermissions.clear();
  turn.ended = true;
  const end: AgentEvent =
    (stopReason === 'error' || stopReason === 'interrupted') && turn.error
      ? { type: 'turn.end', stopReason, error: turn.error }
      : { type: 'turn.end', stopReason };
  out.push(end);
  return out;
}

/**
 * opencode retries a failing provider call forever, with backoff, telling only its status. The
 * user sees each retry, and after MAX_PROVIDER_RETRIES the turn is given up as an error (the
 * session aborts it) instead of hanging quietly until someone interrupts it.
 */
export const MAX_PROVIDER_RETRIES = 3;

function onProviderRetry(turn: TurnState, status: { type: string; [key: string]: unknown }): AgentEvent[] {
  turn.providerRetries++;
  const reason = typeof status.message === 'string' && status.message ? status.message : 'the model provider failed';
  if (turn.providerRetries >= MAX_PROVIDER_RETRIES && !turn.givenUp) {
    turn.givenUp = true;
    turn.error = { name: 'ProviderError', message: `The model provider kept failing (${turn.providerRetries} attempts): ${reason}` };
    return [{ type: 'error', ...turn.error }];
  }
  if (turn.givenUp) return [];
  return [{ type: 'error', name: 'ProviderRetry', message: `The model provider failed (attempt ${turn.providerRetries}): ${reason}. Retrying…` }];
}

/** True once the turn should be aborted because its provider keeps failing. */
export function shouldGiveUp(state: MapperState): boolean {
  return state.turn !== null && !state.turn.ended && state.turn.givenUp && !state.turn.cancelRequested;
}

function stopReasonOf(turn: TurnState): StopReason {
  if (turn.givenUp) return 'error';
  if (turn.aborted) return 'cancelled';
  if (turn.error) return 'error';
  if (turn.cancelRequested && turn.lastFinish === null) return 'cancelled';
  switch (turn.lastFinish) {
    case 'length':
      return 'max_tokens';
    case 'content-filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/** opencode's own error names that mean the same as BooCoder's (the others pass through as opencode names them). */
const OPENCODE_ERROR_NAMES: Record<string, string> = {
  ContextOverflowError: 'PromptTooLong',
  APIError: 'ProviderError',
};

function errorOf(info: WireErrorInfo | undefined): { name: string; message: string } {
  if (!info) return { name: 'UnknownError', message: 'opencode reported an error' };
  return { name: OPENCODE_ERROR_NAMES[info.name] ?? info.name, message: info.data?.message ?? info.name };
}

/** Does this message belong to the running turn? */
function inTurn(state: MapperState, messageId: string): boolean {
  const turn = state.turn;
  if (!turn || turn.ended) return false;
  const msg = state.messages.get(messageId);
  if (msg) return msg.role === 'assistant' && msg.parentId === turn.userMessageId;
  // An assistant message we never saw announced: only trust it while this turn's loop runs.
  return turn.busySeen;
}

/** Maps one parsed wire event. Events of other sessions, and of no turn, yield nothing. */
export function mapWireEvent(state: MapperState, ev: WireEvent): AgentEvent[] {
  const sid = wireSessionId(ev);
  if (sid !== state.sessionId) return [];
  switch (ev.type) {
    case 'message.updated':
      return onMessageUpdated(state, ev.properties.info);
    case 'message.part.updated':
      return onPartUpdated(state, ev.properties.part);
    case 'message.part.delta':
      return onDelta(state, ev.properties.partID, ev.properties.messageID, ev.properties.field, ev.properties.delta);
    case 'session.status': {
      const turn = state.turn;
      if (turn && !turn.ended && turn.userSeen && ev.properties.status.type === 'busy') turn.busySeen = true;
      if (turn && !turn.ended && turn.userSeen && ev.properties.status.type === 'retry') return onProviderRetry(turn, ev.properties.status);
      return [];
    }
    case 'session.error':
      return onSessionError(state, ev.properties.error);
    case 'session.idle':
      return onIdle(state);
    case 'permission.asked':
      return onPermissionAsked(state, ev.properties);
    case 'permission.replied':
      return onPermissionReplied(state, ev.properties.requestID, ev.properties.reply);
    default:
      return [];
  }
}

function onMessageUpdated(
  state: MapperState,
  info: { id: string; role: 'user' | 'assistant'; parentID?: string; finish?: string; error?: WireErrorInfo; providerID?: string; modelID?: string },
): AgentEvent[] {
  state.messages.set(info.id, { role: info.role, parentId: info.parentID });
  const turn = state.turn;
  if (!turn || turn.ended) return [];
  if (info.role === 'user') {
    if (info.id === turn.userMessageId) turn.userSeen = true;
    return [];
  }
  if (info.parentID !== turn.userMessageId) return [];
  if (info.finish) turn.lastFinish = info.finish;
  const events: AgentEvent[] = [];
  const model = info.providerID && info.modelID ? `${info.providerID}/${info.modelID}` : null;
  if (model && model !== turn.model) {
    turn.model = model;
    events.push({ type: 'model', model });
  }
  if (info.error) events.push(...recordError(turn, info.error));
  return events;
}

function recordError(turn: TurnState, error: WireErrorInfo | undefined): AgentEvent[] {
  if (error?.name === 'MessageAbortedError') {
    // An abort is a cancellation, not a failure (also when another client of the same server
    // aborted the turn). The caller made sure the error is this turn's own.
    turn.aborted = true;
    return [];
  }
  // A failed turn reports more than once (session.error with the message, then with a stack
  // trace, and on the assistant message): the first report is the one shown.
  if (turn.error) return [];
  const e = errorOf(error);
  turn.error = e;
  return [{ type: 'error', name: e.name, message: e.message }];
}

function onSessionError(state: MapperState, error: WireErrorInfo | undefined): AgentEvent[] {
  const turn = state.turn;
  // session.error names no message: it is this turn's only once this turn's loop is known to
  // run (busy after its user message), or once this turn was cancelled. Before that it is the
  // trailing error of an earlier turn.
  if (!turn || turn.ended || !turn.userSeen) return [];
  if (!turn.busySeen && !turn.cancelRequested) return [];
  return recordError(turn, error);
}

function onIdle(state: MapperState): AgentEvent[] {
  const turn = state.turn;
  if (!turn || turn.ended || !turn.userSeen) return [];
  // Without a busy status after our user message, an idle is the trailing event of an earlier
  // turn, unless this turn was cancelled or failed before its loop ever reported busy.
  if (!turn.busySeen && !turn.cancelRequested && !turn.error) return [];
  return finishTurn(turn, stopReasonOf(turn), []);
}

function isTextLike(part: WirePart): part is WireTextPart {
  return (part.type === 'text' || part.type === 'reasoning') && typeof (part as { text?: unknown }).text === 'string';
}
// A part that fails its own schema falls through to the loose "other" branch of the union:
// checking the schema again (not just the keys) keeps malformed values out of events.
function isTool(part: WirePart): part is WireToolPart {
  return part.type === 'tool' && ToolPart.safeParse(part).success;
}
function isStepFinish(part: WirePart): part is WireStepFinishPart {
  return part.type === 'step-finish' && StepFinishPart.safeParse(part).success;
}

function onPartUpdated(state: MapperState, part: WirePart): AgentEvent[] {
  if (isTextLike(part)) return onTextPart(state, part);
  if (!inTurn(state, part.messageID)) {
    if (!state.parts.has(part.id)) state.parts.set(part.id, { kind: 'other', messageId: part.messageID, shown: '' });
    return [];
  }
  if (isTool(part)) return onToolPart(state, part);
  if (isStepFinish(part)) return onStepFinish(state, part);
  return [];
}

function textEvent(kind: 'text' | 'reasoning', text: string): AgentEvent {
  return kind === 'text' ? { type: 'text.delta', text } : { type: 'reasoning.delta', text };
}

function onTextPart(state: MapperState, part: WireTextPart): AgentEvent[] {
  let track = state.parts.get(part.id);
  if (!track) {
    track = { kind: part.type, messageId: part.messageID, shown: '' };
    state.parts.set(part.id, track);
  }
  const pending = state.pendingDeltas.get(part.id);
  state.pendingDeltas.delete(part.id);
  // User text, synthetic parts and parts of other turns are remembered (their deltas are then
  // recognised and dropped) but never shown.
  if (track.kind === 'other' || part.synthetic || part.ignored || !inTurn(state, part.messageID)) return [];
  const out: AgentEvent[] = [];
  if (pending) {
    for (const delta of pending) {
      track.shown += delta;
      out.push(textEvent(track.kind === 'reasoning' ? 'reasoning' : 'text', delta));
    }
  }
  // The final part repeats the whole text the deltas already showed: emit only what is missing.
  if (part.text.length > track.shown.length && part.text.startsWith(track.shown)) {
    const suffix = part.text.slice(track.shown.length);
    track.shown = part.text;
    out.push(textEvent(part.type, suffix));
  }
  return out;
}

function onDelta(state: MapperState, partId: string, messageId: string, field: string, delta: string): AgentEvent[] {
  if (field !== 'text' || delta === '') return [];
  const track = state.parts.get(partId);
  if (!track) {
    // The part's type is not known yet: hold the delta until its announcement says what it is.
    if (turnActive(state)) {
      const list = state.pendingDeltas.get(partId) ?? [];
      list.push(delta);
      state.pendingDeltas.set(partId, list);
    }
    return [];
  }
  if ((track.kind !== 'text' && track.kind !== 'reasoning') || !inTurn(state, messageId)) return [];
  track.shown += delta;
  return [textEvent(track.kind, delta)];
}

const TOOL_KINDS: Record<string, string> = {
  write: 'edit',
  edit: 'edit',
  patch: 'edit',
  apply_patch: 'edit',
  multiedit: 'edit',
  read: 'read',
  list: 'read',
  bash: 'execute',
  grep: 'search',
  glob: 'search',
  codesearch: 'search',
  websearch: 'fetch',
  webfetch: 'fetch',
  todowrite: 'think',
  todoread: 'think',
  task: 'other',
};

export function toolKind(tool: string): string {
  return TOOL_KINDS[tool] ?? 'other';
}

function toolStatus(status: 'pending' | 'running' | 'completed' | 'error'): ToolStatus {
  switch (status) {
    case 'pending':
      return 'pending';
    case 'running':
      return 'in_progress';
    case 'completed':
      return 'completed';
    case 'error':
      return 'failed';
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The file changes a tool call makes, when its input says so (write: whole file; edit: the replaced span). */
export function toolDiffs(part: WireToolPart): FileDiff[] | undefined {
  const input = part.state.input ?? {};
  const path = str(input.filePath) ?? str(part.state.metadata?.filepath);
  if (!path) return undefined;
  if (part.tool === 'write') {
    const content = str(input.content);
    if (content === undefined) return undefined;
    return [{ path, oldText: null, newText: content }];
  }
  if (part.tool === 'edit') {
    const oldText = str(input.oldString);
    const newText = str(input.newString);
    if (newText === undefined) return undefined;
    return [{ path, oldText: oldText ?? null, newText }];
  }
  return undefined;
}

function toolTitle(part: WireToolPart): string {
  const input = part.state.input ?? {};
  return part.state.title || str(input.description) || str(input.filePath) || str(input.command) || part.tool;
}

function onToolPart(state: MapperState, part: WireToolPart): AgentEvent[] {
  const turn = state.turn!;
  const toolCallId = part.callID;
  const status = toolStatus(part.state.status);
  const title = toolTitle(part);
  const diffs = toolDiffs(part);
  if (diffs) state.toolDiffs.set(toolCallId, diffs);
  const out: AgentEvent[] = [];
  let track = state.parts.get(part.id);
  if (!track || track.kind !== 'tool') {
    track = { kind: 'tool', messageId: part.messageID, shown: '', toolStatus: status, toolTitle: title };
    state.parts.set(part.id, track);
    turn.openTools.add(toolCallId);
    out.push({ type: 'tool.start', toolCallId, title, kind: toolKind(part.tool), status });
  } else if (track.toolStatus === 'completed' || track.toolStatus === 'failed') {
    return [];
  } else if (status !== 'completed' && status !== 'failed' && (status !== track.toolStatus || title !== track.toolTitle)) {
    track.toolStatus = status;
    track.toolTitle = title;
    out.push({ type: 'tool.update', toolCallId, title, status, ...(diffs ? { diffs } : {}) });
  }
  if (status === 'completed' || status === 'failed') {
    track.toolStatus = status;
    turn.openTools.delete(toolCallId);
    const output = status === 'completed' ? part.state.output : part.state.error;
    out.push({
      type: 'tool.end',
      toolCallId,
      status,
      ...(diffs ? { diffs } : {}),
      ...(output !== undefined ? { output } : {}),
    });
  }
  return out;
}

function onStepFinish(state: MapperState, part: WireStepFinishPart): AgentEvent[] {
  const track = state.parts.get(part.id);
  if (track?.reported) return [];
  state.parts.set(part.id, { kind: 'other', messageId: part.messageID, shown: '', reported: true });
  const t = part.tokens;
  return [
    {
      type: 'usage',
      usage: {
        inputTokens: t.input,
        outputTokens: t.output,
        reasoningTokens: t.reasoning ?? 0,
        cacheReadTokens: t.cache?.read ?? 0,
        cacheWriteTokens: t.cache?.write ?? 0,
        cost: part.cost ?? 0,
      },
    },
  ];
}

/**
 * What the user is asked. opencode's `external_directory` is a write or command outside the
 * session's directory: the prompt names the path and says so plainly.
 */
export function permissionTitle(p: { permission: string; patterns?: string[]; metadata?: Record<string, unknown> }): string {
  if (p.permission === 'external_directory') {
    const meta = p.metadata ?? {};
    const paths =
      typeof meta.filepath === 'string'
        ? [meta.filepath]
        : Array.isArray(meta.directories) && meta.directories.every((d) => typeof d === 'string')
          ? (meta.directories as string[])
          : (p.patterns ?? []);
    return `Outside the worktree: ${paths.join(', ') || 'a path outside the chat\'s worktree'}`;
  }
  const patterns = p.patterns?.length ? `: ${p.patterns.join(', ')}` : '';
  return `${p.permission}${patterns}`;
}

function onPermissionAsked(
  state: MapperState,
  p: { id: string; permission: string; patterns?: string[]; metadata?: Record<string, unknown>; tool?: { callID: string } },
): AgentEvent[] {
  const turn = state.turn;
  if (!turn || turn.ended) return [];
  turn.openPermissions.add(p.id);
  const toolCallId = p.tool?.callID ?? null;
  const known = toolCallId ? state.toolDiffs.get(toolCallId) : undefined;
  return [
    {
      type: 'permission.request',
      requestId: p.id,
      toolCallId,
      title: permissionTitle(p),
      options: PERMISSION_OPTIONS,
      ...(known ? { diffs: known } : {}),
    },
  ];
}

function onPermissionReplied(state: MapperState, requestId: string, reply: string): AgentEvent[] {
  const turn = state.turn;
  if (!turn || !turn.openPermissions.has(requestId)) return [];
  turn.openPermissions.delete(requestId);
  const optionId = PERMISSION_OPTIONS.some((o) => o.optionId === reply) ? reply : null;
  return [{ type: 'permission.resolved', requestId, optionId }];
}
