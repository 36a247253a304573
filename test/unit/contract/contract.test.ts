import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AgentEvent,
  ErrorName,
  EventFrame,
  eventNames,
  events,
  isEventName,
  isMethodName,
  methodNames,
  methods,
  ReplyFrame,
  RequestFrame,
  type AgentEventType,
} from '../../../src-preload/contract';

/** The names DESIGN.md fixes; renaming one breaks every client. */
const FIXED_METHODS = [
  'app.info',
  'repos.open',
  'repos.list',
  'chats.create',
  'chats.list',
  'chats.risk',
  'chats.archive',
  'chats.restore',
  'agents.list',
  'agents.configure',
  'turns.send',
  'turns.cancel',
  'turns.list',
  'sessions.list',
  'permissions.reply',
  'changes.get',
  'changes.apply',
  'changes.discard',
];
const FIXED_EVENTS = ['turn.event', 'agents.status'];

describe('methods', () => {
  it('include every name the design fixes', () => {
    expect(methodNames).toEqual(expect.arrayContaining(FIXED_METHODS));
    expect(eventNames).toEqual(expect.arrayContaining(FIXED_EVENTS));
  });

  it.each(methodNames)('%s has input and output schemas and a doc string', (name) => {
    const spec = methods[name];
    expect(spec.input).toBeInstanceOf(z.ZodType);
    expect(spec.output).toBeInstanceOf(z.ZodType);
    expect(typeof spec.doc).toBe('string');
    expect(spec.doc.trim().length).toBeGreaterThan(10);
  });

  it.each(methodNames)('%s takes an object of params and refuses unknown keys', (name) => {
    const input = methods[name].input as z.ZodType;
    expect(input).toBeInstanceOf(z.ZodObject);
    // Unknown keys are refused: strict objects carry a `never` catchall.
    const catchall = (input as z.ZodObject).def.catchall;
    expect(catchall).toBeInstanceOf(z.ZodNever);
    expect(input.safeParse('not an object').success).toBe(false);
  });

  it('method and event names are dotted lowercase words', () => {
    for (const name of [...methodNames, ...eventNames]) expect(name).toMatch(/^[a-z]+(\.[a-zA-Z]+)+$/);
  });

  it('isMethodName and isEventName accept only own names, never inherited properties', () => {
    for (const name of methodNames) expect(isMethodName(name)).toBe(true);
    for (const name of eventNames) expect(isEventName(name)).toBe(true);
    for (const bad of ['constructor', '__proto__', 'toString', 'hasOwnProperty', '', 'app', 42, null, undefined, {}]) {
      expect(isMethodName(bad)).toBe(false);
      expect(isEventName(bad)).toBe(false);
    }
  });
});

describe('events', () => {
  it.each(eventNames)('%s has a payload schema and a doc string', (name) => {
    const spec = events[name];
    expect(spec.payload).toBeInstanceOf(z.ZodType);
    expect(spec.doc.trim().length).toBeGreaterThan(10);
  });
});

/** One example of every AgentEvent kind, as a backend would emit it. */
const SAMPLES: { [T in AgentEventType]: Extract<AgentEvent, { type: T }> } = {
  'turn.queued': { type: 'turn.queued', position: 1 },
  'turn.start': { type: 'turn.start', sessionMode: 'resumed', externalSessionId: 'ses_1', model: null },
  handoff: { type: 'handoff', fromAgents: ['opencode'], text: 'opencode changed a.ts' },
  'text.delta': { type: 'text.delta', text: 'Hello' },
  'reasoning.delta': { type: 'reasoning.delta', text: 'thinking' },
  'tool.start': { type: 'tool.start', toolCallId: 't1', title: 'Write a.ts', kind: 'edit', status: 'pending' },
  'tool.update': { type: 'tool.update', toolCallId: 't1', status: 'in_progress', diffs: [{ path: 'a.ts', oldText: null, newText: 'x' }] },
  'tool.end': { type: 'tool.end', toolCallId: 't1', status: 'completed', output: 'ok' },
  'permission.request': {
    type: 'permission.request',
    requestId: 'p1',
    toolCallId: null,
    title: 'Allow write?',
    options: [
      { optionId: 'a', name: 'Allow', kind: 'allow_once' },
      { optionId: 'r', name: 'Reject', kind: 'reject_once' },
    ],
  },
  'permission.resolved': { type: 'permission.resolved', requestId: 'p1', optionId: null },
  usage: { type: 'usage', usage: { inputTokens: 1, outputTokens: 2, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0.01 } },
  error: { type: 'error', name: 'AgentCrashed', message: 'exit 1' },
  context: { type: 'context', context: { used: 1200, size: 200_000 } },
  model: { type: 'model', model: 'mock/mock-model' },
  'turn.end': { type: 'turn.end', stopReason: 'error', error: { name: 'AgentCrashed', message: 'exit 1' } },
};

describe('AgentEvent', () => {
  it('has a sample for every kind in the union (and no more)', () => {
    const kinds = AgentEvent.options.map((o) => o.shape.type.value).sort();
    expect(Object.keys(SAMPLES).sort()).toEqual(kinds);
  });

  it.each(Object.values(SAMPLES))('parses $type, alone and inside a turn.event payload', (sample) => {
    expect(AgentEvent.parse(sample)).toEqual(sample);
    const payload = { chatId: 'chat_1', turnId: 'turn_1', agent: 'qwen', seq: 3, event: sample };
    expect(events['turn.event'].payload.parse(payload)).toEqual(payload);
  });

  it('refuses an unknown kind and a kind with a wrong field', () => {
    expect(AgentEvent.safeParse({ type: 'text.explode', text: 'x' }).success).toBe(false);
    expect(AgentEvent.safeParse({ type: 'text.delta', text: 3 }).success).toBe(false);
    expect(AgentEvent.safeParse({ type: 'turn.end', stopReason: 'bored' }).success).toBe(false);
    expect(AgentEvent.safeParse({ type: 'usage', usage: { ...SAMPLES.usage.usage, cost: -1 } }).success).toBe(false);
  });
});

describe('errors and frames', () => {
  it('every error name is a PascalCase word and the design names are there', () => {
    for (const name of ErrorName.options) expect(name).toMatch(/^[A-Z][A-Za-z]+$/);
    expect(ErrorName.options).toEqual(expect.arrayContaining(['InvalidInput', 'UnknownMethod', 'NotAGitRepo', 'ChatAtRisk', 'ApplyConflict', 'DatabaseTooNew', 'Internal']));
  });

  it('the WebSocket frames follow the documented shapes', () => {
    expect(RequestFrame.parse({ id: 1, method: 'chats.list', params: {} })).toEqual({ id: 1, method: 'chats.list', params: {} });
    expect(RequestFrame.safeParse({ id: 'a', method: 'app.info' }).success).toBe(true);
    expect(RequestFrame.safeParse({ method: 'app.info' }).success).toBe(false);
    expect(RequestFrame.safeParse({ id: {}, method: 'app.info' }).success).toBe(false);
    expect(ReplyFrame.safeParse({ id: 1, result: [] }).success).toBe(true);
    expect(ReplyFrame.safeParse({ id: null, error: { name: 'InvalidInput', message: 'm' } }).success).toBe(true);
    expect(ReplyFrame.safeParse({ id: 1, error: { name: 'X' } }).success).toBe(false);
    expect(EventFrame.safeParse({ event: 'chats.updated', payload: { repoId: 'r' } }).success).toBe(true);
  });
});
