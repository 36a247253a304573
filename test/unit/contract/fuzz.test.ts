import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorName, methodNames, methods, WireError } from '../../../src-preload/contract';
import { dispatch, type DispatchResult } from '../../../src-main/core/rpc/dispatch';
import { fakeHandlers } from '../rpc/handlers';

/** A reply is either a result or a named error value; nothing else may come out of dispatch. */
function expectWellFormed(reply: DispatchResult): void {
  if (reply.ok) {
    expect(Object.keys(reply).sort()).toEqual(['ok', 'result']);
    return;
  }
  expect(WireError.safeParse(reply.error).success).toBe(true);
  expect(ErrorName.options).toContain(reply.error.name);
  expect(typeof reply.error.message).toBe('string');
}

// Mostly real method names, so params reach the schemas and handlers, not just the name check.
const methodArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...methodNames) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.jsonValue() },
);

describe('dispatch under arbitrary input', () => {
  it('never throws on arbitrary JSON: it always resolves to ok or {name, message}', async () => {
    // Handlers answer every method, so a params payload that passes its schema is also exercised.
    const { handlers } = fakeHandlers(
      Object.fromEntries(methodNames.map((m, i) => [m, i % 2 === 0 ? () => ({}) : () => Promise.reject(new Error('handler failed'))])),
    );
    await fc.assert(
      fc.asyncProperty(methodArb, fc.jsonValue(), async (method, params) => {
        expectWellFormed(await dispatch(handlers, method, params));
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary JavaScript values either (what a buggy in-process caller could pass)', async () => {
    const { handlers } = fakeHandlers();
    await fc.assert(
      fc.asyncProperty(methodArb, fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }), async (method, params) => {
        expectWellFormed(await dispatch(handlers, method, params));
      }),
      { numRuns: 500 },
    );
  });

  it('object-shaped params with a real method name either reach the handler or get InvalidInput', async () => {
    const { handlers, calls } = fakeHandlers(Object.fromEntries(methodNames.map((m) => [m, () => 'reached'])));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methodNames), fc.dictionary(fc.string(), fc.jsonValue()), async (method, params) => {
        const before = calls.length;
        const reply = await dispatch(handlers, method, params);
        if (reply.ok) {
          expect(reply.result).toBe('reached');
          expect(calls.length).toBe(before + 1);
        } else {
          expect(reply.error.name).toBe('InvalidInput');
          expect(calls.length).toBe(before);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('input schemas under arbitrary values', () => {
  it.each(methodNames)('%s: safeParse never throws, and what it accepts parses again to the same value', (name) => {
    const input = methods[name].input;
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true }), (value) => {
        const first = input.safeParse(value);
        if (first.success) {
          const again = input.safeParse(first.data);
          expect(again.success).toBe(true);
          if (again.success) expect(again.data).toEqual(first.data);
        }
      }),
      { numRuns: 200 },
    );
  });
});
