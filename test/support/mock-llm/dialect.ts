import type { Plan, TurnView } from './scenario';

/**
 * What one provider wire format has to provide to the mock: which paths are its own, how its
 * requests read as a `TurnView`, and how a `Plan` is spelled in its responses. Dialects only
 * translate; the decision of what to answer is the scenario's.
 */

export type DialectName = 'openai-chat' | 'openai-responses' | 'anthropic-messages' | 'gemini';

/** One server-sent event; `data` is JSON-encoded unless it is a string. */
export interface Frame {
  event?: string;
  data: unknown;
  delayMs?: number;
  /** Part of the end of the stream (finish, usage, done): left out when the stream is cut or hangs. */
  closing?: boolean;
}

export interface EncodeContext {
  /** Unique per model call, for response and item ids. */
  id: string;
  model: string;
  /** Unix seconds. */
  created: number;
}

export type Route =
  | { kind: 'generate'; model?: string; /** Unset: the body's `stream` flag decides. */ stream?: boolean }
  | { kind: 'countTokens' | 'listModels'; answer: unknown };

export type RequestBody = Record<string, unknown>;

export interface Dialect {
  name: DialectName;
  route(method: string, pathname: string): Route | null;
  read(body: RequestBody): TurnView;
  stream(plan: Plan, ctx: EncodeContext): Frame[];
  json(plan: Plan, ctx: EncodeContext): unknown;
  /** The body of an HTTP 500 in the provider's own error shape. */
  /** The dialect's error body for an HTTP error status (500 unless said). */
  errorBody(message: string, status?: number): unknown;
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The text of a string or of the `text` fields of an array of content parts. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((p) => (isRecord(p) && typeof p.text === 'string' ? p.text : ''))
    .filter((t) => t.length > 0)
    .join('\n');
}
