import { describe, expect, expectTypeOf, it } from 'vitest';
import { methodNames } from '../../../src-preload/contract';
import type { HandlerGroup, Handlers } from '../../../src-main/core/rpc/handlers-type';
import { fakeHandlers } from './handlers';

/**
 * Handlers is checked by the compiler: `npm run typecheck` covers test/, so each
 * `@ts-expect-error` below fails the type check if the mapped type ever stops rejecting it.
 */
describe('Handlers (compile-time)', () => {
  it('requires every method, types params and results per method', () => {
    const { handlers } = fakeHandlers();
    const { 'app.info': _dropped, ...missingOne } = handlers;

    // @ts-expect-error 'app.info' is missing: a handler set without it is not Handlers.
    const incomplete: Handlers = missingOne;

    const wrongResult: HandlerGroup<'app.info'> = {
      // @ts-expect-error version must be a string.
      'app.info': () => ({ version: 1, dataDir: '/d' }),
    };

    const typedParams: HandlerGroup<'repos.open'> = {
      'repos.open': ({ path }) => {
        expectTypeOf(path).toEqualTypeOf<string>();
        return { id: 'r', path };
      },
    };

    const wrongParams: HandlerGroup<'chats.rename'> = {
      // @ts-expect-error chats.rename gets {chatId, title}; chatId is not a number.
      'chats.rename': (p: { chatId: number; title: string }) => ({ id: 'c', repoId: 'r', title: p.title, archived: false }),
    };

    // Async handlers are allowed as well as sync ones.
    const asyncOk: HandlerGroup<'repos.list'> = { 'repos.list': async () => [] };

    expectTypeOf<keyof Handlers>().toEqualTypeOf<(typeof methodNames)[number]>();
    // The runtime values exist only so the declarations above are not dead code.
    expect([incomplete, wrongResult, typedParams, wrongParams, asyncOk].every((x) => typeof x === 'object')).toBe(true);
    expect(Object.keys(handlers).sort()).toEqual([...methodNames].sort());
  });
});
