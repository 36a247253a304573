import { methodNames, type MethodName } from '../../../src-preload/contract';
import { AppError } from '../../../src-main/core/errors';
import type { Handlers } from '../../../src-main/core/rpc/handlers-type';

/**
 * A full Handlers object for dispatch tests: the given handlers, and for every other method one
 * that records the call and answers NotFound (so a test notices if the wrong one ran).
 */
export function fakeHandlers(overrides: Partial<Handlers> = {}): { handlers: Handlers; calls: Array<{ method: MethodName; params: unknown }> } {
  const calls: Array<{ method: MethodName; params: unknown }> = [];
  const entries = methodNames.map((method) => {
    const own = overrides[method] as ((p: unknown) => unknown) | undefined;
    const handler = (params: unknown) => {
      calls.push({ method, params });
      if (own) return own(params);
      throw new AppError('NotFound', `fake: ${method} has no handler in this test`);
    };
    return [method, handler] as const;
  });
  // Built dynamically from methodNames, so the compiler cannot see it is complete; the
  // handlers-type test checks completeness statically instead.
  return { handlers: Object.fromEntries(entries) as unknown as Handlers, calls };
}
