import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgentEvent } from '../../../src-preload/contract';
import { initialMapperState, mapSessionUpdate, mapStopReason, nextTurnState, usageFromPromptResult, type MapperState as AcpState } from '../../../src-main/core/agents/acp/acp-event-mapper';
import { mapPermissionRequest, optionKind, PermissionRequestParams } from '../../../src-main/core/agents/acp/acp-permission';
import { SessionNotification, TokenUsage } from '../../../src-main/core/agents/acp/acp-wire';
import { beginTurn, createMapperState, endTurn, mapWireEvent, markCancelRequested, settleFromHistory, type MapperState } from '../../../src-main/core/agents/opencode/opencode-event-mapper';
import { parseWireEvent } from '../../../src-main/core/agents/opencode/opencode-wire';
import { FIXTURE_NAMES, loadFixture } from '../../fixtures/opencode/replay';

/**
 * The pure wire-to-AgentEvent mappers under malformed input: random JSON, recorded events with
 * fields dropped, retyped or blown up, huge payloads, events of the right session carrying the
 * wrong types. Nothing may throw, and every event that comes out must be a valid AgentEvent.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

function expectValid(events: unknown[]): void {
  for (const e of events) {
    const parsed = AgentEvent.safeParse(e);
    if (!parsed.success) throw new Error(`invalid AgentEvent ${JSON.stringify(e).slice(0, 300)}: ${parsed.error.message.slice(0, 300)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Mutations of real recorded messages: the most effective way to reach deep into a mapper.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path (list of keys) to a value inside `value`. */
function paths(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setAt(value: Json, at: Array<string | number>, replacement: Json | undefined): Json {
  if (at.length === 0) return replacement ?? null;
  const [head, ...rest] = at;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (rest.length === 0 && replacement === undefined) copy.splice(head as number, 1);
    else copy[head as number] = setAt(copy[head as number]!, rest, replacement);
    return copy;
  }
  if (value !== null && typeof value === 'object') {
    const copy = { ...value };
    if (rest.length === 0 && replacement === undefined) delete copy[head as string];
    else copy[head as string] = setAt(copy[head as string]!, rest, replacement);
    return copy;
  }
  return value;
}

const hugeString = fc.integer({ min: 100_000, max: 1_000_000 }).map((n) => 'x'.repeat(n));
const weirdValue: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constant(undefined), // drop the field
  fc.constant(null),
  fc.constant(''),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string(),
  fc.constant('__proto__'),
  fc.jsonValue() as fc.Arbitrary<Json>,
  hugeString,
  fc.constant([] as Json),
  fc.constant({} as Json),
);

/** A recorded message with 1–4 random mutations. */
function mutated(samples: Json[]): fc.Arbitrary<Json> {
  return fc
    .tuple(fc.constantFrom(...samples), fc.array(fc.tuple(fc.nat(), weirdValue), { minLength: 1, maxLength: 4 }))
    .map(([sample, edits]) => {
      let v = sample;
      for (const [pick, replacement] of edits) {
        const all = paths(v);
        v = setAt(v, all[pick % all.length]!, replacement);
      }
      return v;
    });
}

// ---------------------------------------------------------------------------------------------
// opencode

const ocRecords = FIXTURE_NAMES.flatMap((name) => loadFixture(name));
const ocEvents = ocRecords.flatMap((r) => (r.kind === 'event' ? [r.event as Json] : []));
const ocSessionIds = [...new Set(ocRecords.flatMap((r) => (r.kind === 'session' ? [r.sessionID] : [])))];
const ocMessageIds = ocRecords.flatMap((r) => (r.kind === 'prompt' ? [r.messageID] : []));

/** Events of the right shape for one of the recorded sessions, with arbitrary field values. */
const ocStructured: fc.Arbitrary<Json> = fc.record({
  type: fc.constantFrom('message.updated', 'message.part.updated', 'message.part.delta', 'session.status', 'session.idle', 'session.error', 'permission.asked', 'permission.replied', 'server.connected'),
  properties: fc.record({
    sessionID: fc.constantFrom(...ocSessionIds),
    messageID: fc.oneof(fc.constantFrom(...ocMessageIds), fc.string()),
    partID: fc.string({ maxLength: 4 }),
    field: fc.constantFrom('text', 'reasoning', 'other'),
    delta: fc.oneof(fc.string(), hugeString),
    id: fc.string({ maxLength: 4 }),
    permission: fc.string(),
    requestID: fc.string({ maxLength: 4 }),
    reply: fc.constantFrom('once', 'always', 'reject', 'weird'),
    status: fc.record({ type: fc.constantFrom('busy', 'idle', 'retry', 'x') }),
    error: fc.oneof(fc.constant(undefined), fc.record({ name: fc.string(), data: fc.record({ message: fc.string() }) })),
    info: fc.record({
      id: fc.string({ maxLength: 4 }),
      sessionID: fc.constantFrom(...ocSessionIds),
      role: fc.constantFrom('user', 'assistant'),
      parentID: fc.oneof(fc.constantFrom(...ocMessageIds), fc.string({ maxLength: 4 })),
      finish: fc.constantFrom('stop', 'tool-calls', 'length', 'error'),
    }),
    part: fc.record({
      id: fc.string({ maxLength: 4 }),
      sessionID: fc.constantFrom(...ocSessionIds),
      messageID: fc.string({ maxLength: 4 }),
      type: fc.constantFrom('text', 'reasoning', 'tool', 'step-finish', 'step-start', 'patch'),
      text: fc.string(),
      tool: fc.constantFrom('write', 'edit', 'bash', 'read', ''),
      callID: fc.string({ maxLength: 4 }),
      state: fc.record({ status: fc.constantFrom('pending', 'running', 'completed', 'error', 'bogus'), title: fc.string(), input: fc.jsonValue(), output: fc.string(), metadata: fc.jsonValue() }),
      tokens: fc.record({ input: fc.oneof(fc.integer(), fc.double()), output: fc.integer(), reasoning: fc.integer(), cache: fc.record({ read: fc.integer(), write: fc.integer() }) }),
      cost: fc.oneof(fc.double(), fc.integer()),
    }),
  }),
}) as fc.Arbitrary<Json>;

type OcStep = { kind: 'event'; raw: unknown } | { kind: 'begin'; id: string } | { kind: 'cancel' } | { kind: 'end' };
const ocStep: fc.Arbitrary<OcStep> = fc.oneof(
  { weight: 6, arbitrary: fc.oneof(mutated(ocEvents), ocStructured, fc.constantFrom(...ocEvents), fc.jsonValue() as fc.Arbitrary<Json>).map((raw) => ({ kind: 'event' as const, raw })) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...ocMessageIds), fc.string()).map((id) => ({ kind: 'begin' as const, id })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'cancel' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'end' as const }) },
);


function runOpencode(sessionId: string, steps: OcStep[]): void {
  const state: MapperState = createMapperState(sessionId);
  for (const step of steps) {
    let out: unknown[] = [];
    if (step.kind === 'begin') beginTurn(state, step.id);
    else if (step.kind === 'cancel') markCancelRequested(state);
    else if (step.kind === 'end') out = endTurn(state, 'cancelled');
    else {
      const ev = parseWireEvent(step.raw);
      if (ev) out = mapWireEvent(state, ev);
    }
    expectValid(out);
  }
  expectValid(endTurn(state, 'error', { name: 'AgentCrashed', message: 'end of fuzz run' }));
}

describe('opencode event mapper under malformed events', () => {
  it('never throws and only emits valid AgentEvents for sequences of mutated, random and structured events', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ocSessionIds), fc.array(ocStep, { maxLength: 40 }), (sessionId, steps) => {
        runOpencode(sessionId, [{ kind: 'begin', id: ocMessageIds[0]! }, ...steps]);
      }),
      { numRuns: RUNS },
    );
  });

  it('replays every fixture with one mutated event spliced in anywhere', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIXTURE_NAMES), fc.nat(), mutated(ocEvents), (name, at, bad) => {
        const records = loadFixture(name);
        const sessionId = records.find((r) => r.kind === 'session')!;
        const steps: OcStep[] = records.flatMap((r): OcStep[] =>
          r.kind === 'prompt' ? [{ kind: 'begin', id: r.messageID }] : r.kind === 'cancel' ? [{ kind: 'cancel' }] : r.kind === 'event' ? [{ kind: 'event', raw: r.event }] : [],
        );
        steps.splice(at % (steps.length + 1), 0, { kind: 'event', raw: bad });
        runOpencode((sessionId as { sessionID: string }).sessionID, steps);
      }),
      { numRuns: RUNS },
    );
  });

  it('settleFromHistory takes any message list', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.jsonValue(), mutated(ocEvents)), { maxLength: 10 }), (messages) => {
        const state = createMapperState(ocSessionIds[0]!);
        beginTurn(state, ocMessageIds[0]!);
        expectValid(settleFromHistory(state, messages));
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// ACP

const acpFixtureDir = path.join(import.meta.dirname, '..', '..', 'fixtures', 'acp');
const acpMessages = ['plain', 'reasoning', 'tool-write', 'permission', 'cancelled', 'load-replay'].flatMap((name) =>
  readFileSync(path.join(acpFixtureDir, `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { message: Json }).message),
);
const acpUpdates = acpMessages.flatMap((m) => {
  const params = (m as { method?: string; params?: { update?: Json } }).params;
  return (m as { method?: string }).method === 'session/update' && params?.update ? [params.update] : [];
});
const acpPermissionParams = acpMessages.flatMap((m) => ((m as { method?: string }).method === 'session/request_permission' ? [(m as { params: Json }).params] : []));

const acpStructured: fc.Arbitrary<Json> = fc.record({
  sessionUpdate: fc.constantFrom('agent_message_chunk', 'agent_thought_chunk', 'tool_call', 'tool_call_update', 'usage_update', 'plan', 'user_message_chunk', 'nope'),
  content: fc.oneof(fc.record({ type: fc.constantFrom('text', 'image'), text: fc.oneof(fc.string(), hugeString) }), fc.array(fc.jsonValue()), fc.jsonValue()),
  toolCallId: fc.oneof(fc.string({ maxLength: 3 }), fc.integer()),
  title: fc.oneof(fc.string(), fc.constant(null)),
  kind: fc.oneof(fc.string(), fc.constant(null)),
  status: fc.constantFrom('pending', 'in_progress', 'completed', 'failed', 'weird', null),
  used: fc.oneof(fc.integer(), fc.double()),
  size: fc.integer(),
  cost: fc.oneof(fc.record({ amount: fc.oneof(fc.double(), fc.integer()), currency: fc.string() }), fc.jsonValue()),
  _meta: fc.oneof(fc.record({ usage: fc.record({ inputTokens: fc.oneof(fc.integer(), fc.double(), fc.string()), outputTokens: fc.integer(), totalTokens: fc.integer(), thoughtTokens: fc.integer(), cachedReadTokens: fc.integer() }) }), fc.jsonValue()),
}) as fc.Arbitrary<Json>;

describe('ACP event mapper and permission mapping under malformed updates', () => {
  it('mapSessionUpdate never throws and only emits valid AgentEvents, whatever the sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(mutated(acpUpdates), acpStructured, fc.constantFrom(...acpUpdates), fc.anything()), { maxLength: 40 }), fc.array(fc.boolean(), { maxLength: 40 }), (updates, turnBreaks) => {
        let state: AcpState = initialMapperState();
        updates.forEach((u, i) => {
          if (turnBreaks[i]) state = nextTurnState(state);
          const { events, state: next } = mapSessionUpdate(u, state);
          expectValid(events);
          state = next;
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('a session/update notification either parses or is refused; the parsed update maps safely', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(acpMessages.map((m) => ((m as { params?: Json }).params ?? null) as Json)), fc.jsonValue()), (params) => {
        const parsed = SessionNotification.safeParse(params);
        if (parsed.success) expectValid(mapSessionUpdate(parsed.data.update, initialMapperState()).events);
      }),
      { numRuns: RUNS },
    );
  });

  it('usage from a prompt result and stop reasons take any value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), fc.boolean(), (usage, stop, seen) => {
        const parsed = TokenUsage.safeParse(usage);
        const state = { ...initialMapperState(), turnUsageSeen: seen };
        const event = usageFromPromptResult(parsed.success ? parsed.data : null, state);
        if (event) expectValid([event]);
        expectValid([{ type: 'turn.end', stopReason: mapStopReason(stop) }]);
      }),
      { numRuns: RUNS },
    );
  });

  it('permission requests: mutated and random params either are refused by the schema or map to a valid event', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(acpPermissionParams), fc.jsonValue(), fc.anything()), fc.string({ minLength: 1 }), (params, requestId) => {
        const parsed = PermissionRequestParams.safeParse(params);
        if (!parsed.success) return;
        expectValid([mapPermissionRequest(requestId, parsed.data, '/work/repo')]);
      }),
      { numRuns: RUNS },
    );
  });

  it('optionKind always answers one of the four kinds', () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.string(), (kind, id) => {
        expect(['allow_once', 'allow_always', 'reject_once', 'reject_always']).toContain(optionKind(kind, id));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('regressions found by fuzzing', () => {
  it('a tool diff whose path is not a string is dropped, not passed on (it made an invalid tool.end)', () => {
    const state = mapSessionUpdate({ sessionUpdate: 'tool_call', toolCallId: 't1', title: 'Write', status: 'pending' }, initialMapperState()).state;
    const { events } = mapSessionUpdate(
      { sessionUpdate: 'tool_call_update', toolCallId: 't1', status: 'completed', content: [{ type: 'diff', path: 0, oldText: '', newText: 'x' }, { type: 'diff', path: 'ok.txt', newText: 'y' }] },
      state,
    );
    expectValid(events);
    expect(events).toEqual([{ type: 'tool.end', toolCallId: 't1', status: 'completed', diffs: [{ path: 'ok.txt', oldText: null, newText: 'y' }] }]);
  });

  it('a permission request with a malformed diff maps to a valid event without it', () => {
    const event = mapPermissionRequest(
      'r1',
      {
        sessionId: 's',
        toolCall: { toolCallId: 't', title: 'Write', content: [{ type: 'diff', path: 7, newText: 'z' }] },
        options: [{ optionId: 'proceed_once', name: 'Allow', kind: 'allow_once' }],
      },
      '/work/repo',
    );
    expectValid([event]);
    expect(event.diffs).toBeUndefined();
  });
});

/** Replays a fixture with `edit` applied to every message.part.updated event; the mapped events. */
function replayEdited(name: (typeof FIXTURE_NAMES)[number], edit: (part: Record<string, unknown>) => void): unknown[] {
  const records = loadFixture(name);
  const sessionId = (records.find((r) => r.kind === 'session') as { sessionID: string }).sessionID;
  const state = createMapperState(sessionId);
  const out: unknown[] = [];
  for (const r of records) {
    if (r.kind === 'prompt') beginTurn(state, r.messageID);
    if (r.kind !== 'event') continue;
    const event = JSON.parse(JSON.stringify(r.event)) as { type: string; properties: { part?: Record<string, unknown> } };
    if (event.type === 'message.part.updated' && event.properties.part) edit(event.properties.part);
    const ev = parseWireEvent(event);
    if (ev) out.push(...mapWireEvent(state, ev));
  }
  return out;
}

describe('opencode parts that fail their own schema', () => {
  it('a step-finish whose tokens are not numbers yields no usage event', () => {
    const out = replayEdited('text', (part) => {
      if (part.type === 'step-finish') (part.tokens as { input: unknown }).input = [];
    });
    expect(out.some((e) => (e as { type: string }).type === 'usage')).toBe(false);
    expectValid(out);
  });

  it('a tool part whose callID is not a string yields no tool event', () => {
    const out = replayEdited('tool-write', (part) => {
      if (part.type === 'tool') part.callID = [];
    });
    expect(out.some((e) => (e as { type: string }).type.startsWith('tool.'))).toBe(false);
    expectValid(out);
  });
});
