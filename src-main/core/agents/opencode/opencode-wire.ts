import { z } from 'zod';

/**
 * The slice of opencode's event stream the mapper reads, parsed with zod so a malformed or
 * unknown event is skipped instead of crashing the session. Schemas are loose (`passthrough`
 * where the server adds fields freely) and only require what the mapper actually uses.
 */

const ErrorInfo = z
  .object({
    name: z.string(),
    data: z.object({ message: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();
export type WireErrorInfo = z.infer<typeof ErrorInfo>;

const Record_ = z.record(z.string(), z.unknown());

const MessageInfo = z
  .object({
    id: z.string(),
    sessionID: z.string(),
    role: z.enum(['user', 'assistant']),
    parentID: z.string().optional(),
    finish: z.string().optional(),
    error: ErrorInfo.optional(),
    time: z.object({ completed: z.number().optional() }).passthrough().optional(),
    providerID: z.string().optional(),
    modelID: z.string().optional(),
  })
  .passthrough();
export const WireMessageInfo = MessageInfo;
export type WireMessageInfo = z.infer<typeof MessageInfo>;

const TextLikePart = z
  .object({
    id: z.string(),
    sessionID: z.string(),
    messageID: z.string(),
    type: z.enum(['text', 'reasoning']),
    text: z.string(),
    synthetic: z.boolean().optional(),
    ignored: z.boolean().optional(),
  })
  .passthrough();

const ToolState = z
  .object({
    status: z.enum(['pending', 'running', 'completed', 'error']),
    input: Record_.optional(),
    title: z.string().optional(),
    output: z.string().optional(),
    error: z.string().optional(),
    metadata: Record_.optional(),
  })
  .passthrough();

export const ToolPart = z
  .object({
    id: z.string(),
    sessionID: z.string(),
    messageID: z.string(),
    type: z.literal('tool'),
    callID: z.string(),
    tool: z.string(),
    state: ToolState,
  })
  .passthrough();

const Tokens = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  reasoning: z.number().nonnegative().optional(),
  cache: z.object({ read: z.number().nonnegative(), write: z.number().nonnegative() }).partial().optional(),
});

export const StepFinishPart = z
  .object({
    id: z.string(),
    sessionID: z.string(),
    messageID: z.string(),
    type: z.literal('step-finish'),
    reason: z.string().optional(),
    cost: z.number().nonnegative().optional(),
    tokens: Tokens,
  })
  .passthrough();

const OtherPart = z
  .object({ id: z.string(), sessionID: z.string(), messageID: z.string(), type: z.string() })
  .passthrough();

export const WirePart = z.union([TextLikePart, ToolPart, StepFinishPart, OtherPart]);
export type WirePart = z.infer<typeof WirePart>;
export type WireTextPart = z.infer<typeof TextLikePart>;
export type WireToolPart = z.infer<typeof ToolPart>;
export type WireStepFinishPart = z.infer<typeof StepFinishPart>;

export const WireEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message.updated'), properties: z.object({ info: MessageInfo }) }),
  z.object({ type: z.literal('message.part.updated'), properties: z.object({ part: WirePart }) }),
  z.object({
    type: z.literal('message.part.delta'),
    properties: z.object({
      sessionID: z.string(),
      messageID: z.string(),
      partID: z.string(),
      field: z.string(),
      delta: z.string(),
    }),
  }),
  z.object({
    type: z.literal('session.status'),
    properties: z.object({ sessionID: z.string(), status: z.object({ type: z.string() }).passthrough() }),
  }),
  z.object({ type: z.literal('session.idle'), properties: z.object({ sessionID: z.string() }) }),
  z.object({
    type: z.literal('session.error'),
    properties: z.object({ sessionID: z.string().optional(), error: ErrorInfo.optional() }),
  }),
  z.object({
    type: z.literal('permission.asked'),
    properties: z.object({
      id: z.string(),
      sessionID: z.string(),
      permission: z.string(),
      patterns: z.array(z.string()).optional(),
      metadata: Record_.optional(),
      tool: z.object({ messageID: z.string(), callID: z.string() }).optional(),
    }),
  }),
  z.object({
    type: z.literal('permission.replied'),
    properties: z.object({ sessionID: z.string(), requestID: z.string(), reply: z.string() }),
  }),
  z.object({ type: z.literal('server.connected'), properties: z.unknown().optional() }),
]);
export type WireEvent = z.infer<typeof WireEvent>;

/** Event types the mapper never reads; skipped before parsing so a busy stream stays cheap. */
const RELEVANT = new Set([
  'message.updated',
  'message.part.updated',
  'message.part.delta',
  'session.status',
  'session.idle',
  'session.error',
  'permission.asked',
  'permission.replied',
  'server.connected',
]);

/** Parses one event from the stream; null for anything irrelevant or malformed. */
export function parseWireEvent(raw: unknown): WireEvent | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || !RELEVANT.has(type)) return null;
  const parsed = WireEvent.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** The session an event belongs to, when it names one. */
export function wireSessionId(ev: WireEvent): string | undefined {
  switch (ev.type) {
    case 'message.updated':
      return ev.properties.info.sessionID;
    case 'message.part.updated':
      return ev.properties.part.sessionID;
    case 'server.connected':
      return undefined;
    default:
      return ev.properties.sessionID;
  }
}
