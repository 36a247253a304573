import { z } from 'zod';
import type { AgentEvent, FileDiff, StopReason, ToolStatus, Usage } from '../../../../src-preload/contract';
import { emptyUsage } from '../../../../src-preload/contract';
import { TokenUsage } from './acp-wire';

/**
 * Pure mapping of ACP `session/update` payloads to the normalized AgentEvent union.
 *
 * Usage accounting (every `usage` event is an increment the caller adds to its totals):
 * - `_meta.usage` on an `agent_message_chunk` / `agent_thought_chunk` (qwen-code sends it on an
 *   empty chunk after each model call) is the usage of that one model call: it is emitted as is.
 *   Its `inputTokens` counts the whole prompt including cached tokens; `cachedReadTokens` says
 *   how many of those were cache hits.
 * - The standard `usage_update` carries `used`/`size` (tokens currently in the context window,
 *   not tokens consumed: adding them up would count the history again on every call) and an
 *   optional `cost`, which is the cumulative session cost. Only the cost is turned into an
 *   increment, the difference to the last cost seen for the session (all of it when it went
 *   down: the agent's counter started again).
 * - The unstable `usage` of a `session/prompt` result is used only for a turn that reported no
 *   per-call usage (see `usageFromPromptResult`), so nothing is counted twice.
 */

export interface ToolState {
  title: string;
  ended: boolean;
}

export interface MapperState {
  /** Tool calls seen in this session, by id (so updates can be told from late duplicates). */
  readonly tools: ReadonlyMap<string, ToolState>;
  /** The last cumulative cost reported by `usage_update`, to turn it into increments. */
  readonly lastCost: number | null;
  /** Whether the current turn has reported any per-call token usage. */
  readonly turnUsageSeen: boolean;
  /** Whether the current turn reported a cost (a `usage_update` with `cost`). */
  readonly costSeen: boolean;
}

/**
 * The state of a session's mapper. `lastCost` is the agent's cumulative cost for the session as
 * last recorded: a session resumed after a restart starts from it, so its first report is not
 * counted again in full.
 */
export const initialMapperState = (lastCost: number | null = null): MapperState => ({
  tools: new Map(),
  lastCost,
  turnUsageSeen: false,
  costSeen: false,
});

/** The state to carry into the next turn: tools and usage flags are per turn, the cost is per session. */
export const nextTurnState = (state: MapperState): MapperState => ({ ...initialMapperState(state.lastCost) });

export interface MapResult {
  events: AgentEvent[];
  state: MapperState;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const ToolStatusWire = z.enum(['pending', 'in_progress', 'completed', 'failed']);

const DiffContentItem = z.looseObject({
  type: z.literal('diff'),
  path: z.string(),
  oldText: z.string().nullish(),
  newText: z.string(),
});

const ToolCallWire = z.looseObject({
  toolCallId: z.string(),
  title: z.string().nullish(),
  kind: z.string().nullish(),
  status: ToolStatusWire.nullish(),
  content: z.array(z.unknown()).nullish(),
  rawInput: z.unknown().optional(),
  rawOutput: z.unknown().optional(),
});
type ToolCallWire = z.infer<typeof ToolCallWire>;

/** The file diffs in a tool call's content (`{type: 'diff', path, oldText, newText}` items). */
export function diffsOf(content: readonly unknown[] | null | undefined): FileDiff[] {
  const diffs: FileDiff[] = [];
  for (const raw of content ?? []) {
    // Parsed with the diff schema itself: through the union, a malformed diff (a number for
    // its path, say) would still match the catch-all `{type}` branch and reach the UI.
    const item = DiffContentItem.safeParse(raw);
    if (item.success) diffs.push({ path: item.data.path, oldText: item.data.oldText ?? null, newText: item.data.newText });
  }
  return diffs;
}

/** The text output in a tool call's content (`{type: 'content', content: {type: 'text'}}` items). */
export function outputOf(content: readonly unknown[] | null | undefined): string | undefined {
  const parts: string[] = [];
  for (const raw of content ?? []) {
    if (!isRecord(raw) || raw.type !== 'content' || !isRecord(raw.content)) continue;
    if (raw.content.type === 'text' && typeof raw.content.text === 'string') parts.push(raw.content.text);
  }
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/**
 * The command line of a shell/exec tool from its `rawInput` (`command` as a string or an argv
 * array, as Codex, Claude, Gemini and qwen send it). `bash -lc "…"` is shown as its script.
 */
export function commandOf(rawInput: unknown): string | undefined {
  if (!isRecord(rawInput)) return undefined;
  const command = rawInput.command ?? rawInput.cmd;
  if (typeof command === 'string') return command;
  if (Array.isArray(command) && command.every((c) => typeof c === 'string')) {
    const argv = command as string[];
    if (argv.length === 3 && /(^|\/)(ba|z|)sh$/.test(argv[0]!) && /^-l?c$/.test(argv[1]!)) return argv[2];
    return argv.join(' ');
  }
  return undefined;
}

const firstString = (record: Record<string, unknown>, keys: string[]): string | undefined => {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
};

/** What a tool printed, from `rawOutput` (Codex puts command output only there). */
export function rawOutputText(rawOutput: unknown): string | undefined {
  if (typeof rawOutput === 'string') return rawOutput.length > 0 ? rawOutput : undefined;
  if (!isRecord(rawOutput)) return undefined;
  const combined = firstString(rawOutput, ['formatted_output', 'aggregated_output', 'output']);
  if (combined !== undefined) return combined;
  const parts = [firstString(rawOutput, ['stdout']), firstString(rawOutput, ['stderr'])].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/** A shell tool's exit code from `rawOutput`. */
export function exitCodeOf(rawOutput: unknown): number | undefined {
  if (!isRecord(rawOutput)) return undefined;
  const code = rawOutput.exit_code ?? rawOutput.exitCode;
  return typeof code === 'number' && Number.isInteger(code) ? code : undefined;
}

const nonNegative = (n: number | null | undefined): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0);

/** A per-call token usage object (qwen's `_meta.usage`, or a prompt result's `usage`) as an increment. */
export function usageFromTokens(tokens: TokenUsage): Usage {
  return {
    inputTokens: nonNegative(tokens.inputTokens),
    outputTokens: nonNegative(tokens.outputTokens),
    reasoningTokens: nonNegative(tokens.thoughtTokens),
    cacheReadTokens: nonNegative(tokens.cachedReadTokens),
    cacheWriteTokens: nonNegative(tokens.cachedWriteTokens),
    cost: 0,
  };
}

function metaUsage(update: Record<string, unknown>): Usage | null {
  const meta = update._meta;
  if (!isRecord(meta) || !isRecord(meta.usage)) return null;
  const parsed = TokenUsage.safeParse(meta.usage);
  return parsed.success ? usageFromTokens(parsed.data) : null;
}

function chunkText(update: Record<string, unknown>): string {
  const content = update.content;
  if (isRecord(content) && content.type === 'text' && typeof content.text === 'string') return content.text;
  return '';
}

function withTool(state: MapperState, id: string, tool: ToolState): MapperState {
  const tools = new Map(state.tools);
  tools.set(id, tool);
  return { ...state, tools };
}

function mapChunk(kind: 'text.delta' | 'reasoning.delta', update: Record<string, unknown>, state: MapperState): MapResult {
  const events: AgentEvent[] = [];
  const text = chunkText(update);
  if (text.length > 0) events.push({ type: kind, text });
  const usage = metaUsage(update);
  if (usage) {
    events.push({ type: 'usage', usage });
    if (!state.turnUsageSeen) state = { ...state, turnUsageSeen: true };
  }
  return { events, state };
}

/** The end (or update) events for a tool call whose status and content are known. */
function toolProgress(call: ToolCallWire, state: MapperState, isStart: boolean): MapResult {
  const diffs = diffsOf(call.content);
  const output = outputOf(call.content) ?? rawOutputText(call.rawOutput);
  const command = commandOf(call.rawInput);
  const exitCode = exitCodeOf(call.rawOutput);
  const shell = { ...(command !== undefined ? { command } : {}), ...(exitCode !== undefined ? { exitCode } : {}) };
  const status = call.status ?? undefined;
  const known = state.tools.get(call.toolCallId);
  const events: AgentEvent[] = [];
  if (status === 'completed' || status === 'failed') {
    events.push({
      type: 'tool.end',
      toolCallId: call.toolCallId,
      status,
      ...(diffs.length > 0 ? { diffs } : {}),
      ...(output !== undefined ? { output } : {}),
      ...shell,
    });
    return { events, state: withTool(state, call.toolCallId, { title: known?.title ?? call.title ?? '', ended: true }) };
  }
  const title = call.title ?? undefined;
  const changedTitle = title !== undefined && title !== known?.title;
  // On a start, the title and status are already in tool.start: only content is news.
  const hasNews =
    diffs.length > 0 || output !== undefined || command !== undefined || (!isStart && (status !== undefined || changedTitle));
  if (hasNews) {
    events.push({
      type: 'tool.update',
      toolCallId: call.toolCallId,
      ...(!isStart && changedTitle ? { title } : {}),
      ...(!isStart && status !== undefined ? { status: status as ToolStatus } : {}),
      ...(diffs.length > 0 ? { diffs } : {}),
      ...(output !== undefined ? { output } : {}),
      ...shell,
    });
  }
  if (changedTitle) state = withTool(state, call.toolCallId, { title: title ?? '', ended: false });
  return { events, state };
}

function mapToolCall(raw: Record<string, unknown>, state: MapperState, isStart: boolean): MapResult {
  const parsed = ToolCallWire.safeParse(raw);
  if (!parsed.success) return { events: [], state };
  const call = parsed.data;
  const known = state.tools.get(call.toolCallId);
  // A late update for a call that already ended (or a repeated tool_call) must not reopen it.
  if (known?.ended) return { events: [], state };
  const events: AgentEvent[] = [];
  if (!known) {
    // An update for a call we never saw start (allowed by ACP): announce it first.
    const title = call.title ?? (typeof raw.name === 'string' ? raw.name : 'tool');
    events.push({
      type: 'tool.start',
      toolCallId: call.toolCallId,
      title,
      kind: call.kind ?? null,
      status: call.status === 'completed' || call.status === 'failed' ? 'in_progress' : (call.status ?? 'pending'),
    });
    state = withTool(state, call.toolCallId, { title, ended: false });
    isStart = true;
  } else if (isStart) {
    // A second tool_call for a known id is an update in disguise.
    isStart = false;
  }
  const progress = toolProgress(call, state, isStart);
  return { events: [...events, ...progress.events], state: progress.state };
}

const finiteNonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function mapUsageUpdate(update: Record<string, unknown>, state: MapperState): MapResult {
  const events: AgentEvent[] = [];
  if (finiteNonNegative(update.used) && finiteNonNegative(update.size)) {
    events.push({ type: 'context', context: { used: update.used, size: update.size } });
  }
  const cost = isRecord(update.cost) && typeof update.cost.amount === 'number' ? update.cost.amount : null;
  if (cost === null || !Number.isFinite(cost)) return { events, state };
  // A cumulative cost never goes down: one that did is a counter that started again (the agent
  // reopened its session), and all of it is new.
  const delta = state.lastCost !== null && cost < state.lastCost ? cost : cost - (state.lastCost ?? 0);
  const next = { ...state, lastCost: cost, costSeen: true };
  if (delta > 0) events.push({ type: 'usage', usage: { ...emptyUsage(), cost: delta } });
  return { events, state: next };
}

/**
 * Maps one `session/update` payload (the `update` field of the notification) to events.
 * Kinds that are not part of a live turn's output (available_commands_update,
 * user_message_chunk, plans, mode/config/session-info updates, unknown kinds) map to nothing.
 */
export function mapSessionUpdate(update: unknown, state: MapperState): MapResult {
  if (!isRecord(update)) return { events: [], state };
  switch (update.sessionUpdate) {
    case 'agent_message_chunk':
      return mapChunk('text.delta', update, state);
    case 'agent_thought_chunk':
      return mapChunk('reasoning.delta', update, state);
    case 'tool_call':
      return mapToolCall(update, state, true);
    case 'tool_call_update':
      return mapToolCall(update, state, false);
    case 'usage_update':
      return mapUsageUpdate(update, state);
    default:
      return { events: [], state };
  }
}

const ACP_STOP_REASONS: ReadonlySet<string> = new Set(['end_turn', 'max_tokens', 'max_turn_requests', 'refusal', 'cancelled']);

/** The contract stop reason for an ACP one; an unknown reason ends the turn normally. */
export function mapStopReason(stopReason: string): StopReason {
  return ACP_STOP_REASONS.has(stopReason) ? (stopReason as StopReason) : 'end_turn';
}

/** Usage from a prompt result, only for a turn that reported no per-call usage. */
export function usageFromPromptResult(usage: TokenUsage | null | undefined, state: MapperState): AgentEvent | null {
  if (!usage || state.turnUsageSeen) return null;
  return { type: 'usage', usage: usageFromTokens(usage) };
}
