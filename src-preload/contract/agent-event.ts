import { z } from 'zod';

/**
 * The one normalized event union every agent backend emits, whatever its wire protocol.
 * It crosses to the renderer inside `turn.event`, so it lives in the contract.
 */

export const StopReason = z.enum([
  'end_turn',
  'cancelled',
  'error',
  'max_tokens',
  'max_turn_requests',
  'refusal',
  'interrupted',
]);
export type StopReason = z.infer<typeof StopReason>;

export const ToolStatus = z.enum(['pending', 'in_progress', 'completed', 'failed']);
export type ToolStatus = z.infer<typeof ToolStatus>;

export const FileDiff = z.object({
  path: z.string(),
  oldText: z.string().nullable(),
  newText: z.string(),
});
export type FileDiff = z.infer<typeof FileDiff>;

export const PermissionOptionKind = z.enum(['allow_once', 'allow_always', 'reject_once', 'reject_always']);
export const PermissionOption = z.object({
  optionId: z.string(),
  name: z.string(),
  kind: PermissionOptionKind,
});
export type PermissionOption = z.infer<typeof PermissionOption>;

/** Token and cost increments for one model call (added to the session's totals). */
export const Usage = z.object({
  inputTokens: z.number().nonnegative(),
  outputTokens: z.number().nonnegative(),
  reasoningTokens: z.number().nonnegative(),
  cacheReadTokens: z.number().nonnegative(),
  cacheWriteTokens: z.number().nonnegative(),
  cost: z.number().nonnegative(),
});
export type Usage = z.infer<typeof Usage>;

/** Tokens currently in the agent's context window, of the window's size. */
export const ContextFill = z.object({ used: z.number().nonnegative(), size: z.number().nonnegative() });
export type ContextFill = z.infer<typeof ContextFill>;

export const SessionMode = z.enum(['new', 'resumed', 'loaded', 'history']);
export type SessionMode = z.infer<typeof SessionMode>;

export const AgentEvent = z.discriminatedUnion('type', [
  /** The dispatcher accepted the turn but the session is busy; it will run after `position` others. */
  z.object({ type: z.literal('turn.queued'), position: z.number().int().nonnegative() }),
  /** The prompt went to the agent. `sessionMode` says whether its memory was reused. */
  z.object({
    type: z.literal('turn.start'),
    sessionMode: SessionMode,
    externalSessionId: z.string(),
    model: z.string().nullable(),
  }),
  /** What the agent was told about other agents' work before the user's prompt. */
  z.object({ type: z.literal('handoff'), fromAgents: z.array(z.string()), text: z.string() }),
  z.object({ type: z.literal('text.delta'), text: z.string() }),
  z.object({ type: z.literal('reasoning.delta'), text: z.string() }),
  z.object({
    type: z.literal('tool.start'),
    toolCallId: z.string(),
    title: z.string(),
    kind: z.string().nullable(),
    status: ToolStatus,
  }),
  z.object({
    type: z.literal('tool.update'),
    toolCallId: z.string(),
    title: z.string().optional(),
    status: ToolStatus.optional(),
    diffs: z.array(FileDiff).optional(),
    output: z.string().optional(),
    /** The command line of a shell/exec tool, when the agent says it. */
    command: z.string().optional(),
    exitCode: z.number().int().optional(),
  }),
  z.object({
    type: z.literal('tool.end'),
    toolCallId: z.string(),
    status: z.enum(['completed', 'failed']),
    diffs: z.array(FileDiff).optional(),
    output: z.string().optional(),
    command: z.string().optional(),
    exitCode: z.number().int().optional(),
  }),
  z.object({
    type: z.literal('permission.request'),
    requestId: z.string(),
    toolCallId: z.string().nullable(),
    title: z.string(),
    options: z.array(PermissionOption),
    diffs: z.array(FileDiff).optional(),
  }),
  z.object({
    type: z.literal('permission.resolved'),
    requestId: z.string(),
    /** null when the request was withdrawn (turn cancelled) without an answer. */
    optionId: z.string().nullable(),
  }),
  z.object({
    type: z.literal('usage'),
    usage: Usage,
    /** Set by the core: the agent reports costs, so a zero cost here is a real $0, not "none reported". */
    costReported: z.boolean().optional(),
  }),
  /** How full the agent's context window is now (tokens in it of its size), where it says so. */
  z.object({ type: z.literal('context'), context: ContextFill }),
  /** The model the agent actually runs this turn with (it may differ from the one asked for). */
  z.object({ type: z.literal('model'), model: z.string() }),
  z.object({ type: z.literal('error'), name: z.string(), message: z.string() }),
  z.object({
    type: z.literal('turn.end'),
    stopReason: StopReason,
    /** Set when stopReason is `error` or `interrupted`: what went wrong, in plain words. */
    error: z.object({ name: z.string(), message: z.string() }).optional(),
  }),
]);
export type AgentEvent = z.infer<typeof AgentEvent>;
export type AgentEventType = AgentEvent['type'];
export type AgentEventOf<T extends AgentEventType> = Extract<AgentEvent, { type: T }>;
