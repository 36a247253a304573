import type { z } from 'zod';
import { isMethodName, MAX_PROMPT_CHARS, methods, type WireError } from '../../../src-preload/contract';
import { AppError, toWireError } from '../errors';
import type { Handlers } from './handlers-type';

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: WireError };

/** "prompt: Too big" — the field path and what is wrong with it, for people. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(params)'}: ${i.message}`)
    .join('; ');
}

/**
 * The one entry point for every call from a renderer, over Electron IPC or the WebSocket:
 * the method name is checked, params are parsed with the contract's schema (a bad payload gets
 * InvalidInput naming the field), and any failure becomes a named error value, never a throw.
 */
export async function dispatch(handlers: Handlers, method: unknown, params: unknown): Promise<DispatchResult> {
  try {
    if (!isMethodName(method)) throw new AppError('UnknownMethod', `Unknown method: ${String(method).slice(0, 100)}`);
    const spec = methods[method];
    const parsed = spec.input.safeParse(params ?? {});
    if (!parsed.success) {
      const tooLong = parsed.error.issues.find((i) => i.code === 'too_big' && i.path.length === 1 && i.path[0] === 'prompt');
      if (tooLong) {
        throw new AppError('PromptTooLarge', `The prompt is longer than ${MAX_PROMPT_CHARS.toLocaleString('en')} characters; shorten it or attach less text.`, {
          fields: ['prompt'],
          limit: MAX_PROMPT_CHARS,
        });
      }
      throw new AppError('InvalidInput', `Invalid params for ${method}: ${describeIssues(parsed.error)}`, {
        fields: parsed.error.issues.map((i) => i.path.join('.')),
      });
    }
    const handler = handlers[method] as (p: unknown) => unknown;
    const result = await handler(parsed.data);
    return { ok: true, result };
  } catch (e) {
    return { ok: false, error: toWireError(e) };
  }
}
