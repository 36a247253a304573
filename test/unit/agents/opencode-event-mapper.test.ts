import { describe, expect, it } from 'vitest';
import { AgentEvent } from '../../../src-preload/contract';
import {
  beginTurn,
  createMapperState,
  endTurn,
  mapWireEvent,
  markCancelRequested,
  PERMISSION_OPTIONS,
  settleFromHistory,
} from '../../../src-main/core/agents/opencode/opencode-event-mapper';
import { parseWireEvent } from '../../../src-main/core/agents/opencode/opencode-wire';
import { FIXTURE_NAMES, loadFixture, replay as replayAll, sessionIdOf, type FixtureRecord } from '../../fixtures/opencode/replay';

/** The turns' events without the model announcement, which its own test checks. */
const noModel = (events: AgentEvent[]) => events.filter((e) => e.type !== 'model');
const replay = (...args: Parameters<typeof replayAll>) => replayAll(...args).map(noModel);

const USAGE = {
  type: 'usage',
  usage: { inputTokens: 120, outputTokens: 30, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0.00018 },
} as const;
const END = { type: 'turn.end', stopReason: 'end_turn' } as const;

/** The absolute path the recording used for a file in its scenario directory. */
function recordedPath(records: FixtureRecord[], file: string): string {
  for (const r of records) {
    if (r.kind !== 'event') continue;
    const m = JSON.stringify(r.event).match(/"filePath":"([^"]+)"/);
    if (m?.[1]?.endsWith(`/${file}`)) return m[1];
  }
  throw new Error(`no path for ${file}`);
}

describe('opencode event mapper on recorded fixtures', () => {
  it("announces the model the turn's assistant messages ran with, once per turn", () => {
    const turns = replayAll(loadFixture('tool-write'));
    for (const turn of turns) expect(turn.filter((e) => e.type === 'model')).toEqual([{ type: 'model', model: 'mock/mock-model' }]);
  });

  it('maps a plain text turn: the deltas once (not repeated by the final part), usage, one turn.end', () => {
    const [turn] = replay(loadFixture('text'));
    expect(turn).toEqual([{ type: 'text.delta', text: 'Hello ' }, { type: 'text.delta', text: 'from mock.' }, USAGE, END]);
  });

  it('tells reasoning from text by the announced part type, each shown once', () => {
    const [turn] = replay(loadFixture('reasoning'));
    expect(turn).toEqual([
      { type: 'reasoning.delta', text: 'Let me ' },
      { type: 'reasoning.delta', text: 'think about ' },
      { type: 'reasoning.delta', text: 'this.' },
      { type: 'text.delta', text: 'The answer ' },
      { type: 'text.delta', text: 'is 42.' },
      USAGE,
      END,
    ]);
  });

  it('maps a write tool turn to tool start/update/end with the diff from its input, over two model calls', () => {
    const records = loadFixture('tool-write');
    const file = recordedPath(records, 'hello.txt');
    const [turn] = replay(records);
    const start = turn!.find((e): e is Extract<AgentEvent, { type: 'tool.start' }> => e.type === 'tool.start');
    const callId = start!.toolCallId;
    expect(callId).toMatch(/^call_/);
    const diffs = [{ path: file, oldText: null, newText: 'hi' }];
    expect(turn).toEqual([
      { type: 'tool.start', toolCallId: callId, title: 'write', kind: 'edit', status: 'pending' },
      { type: 'tool.update', toolCallId: callId, title: file, status: 'in_progress', diffs },
      { type: 'tool.end', toolCallId: callId, status: 'completed', diffs, output: 'Wrote file successfully.' },
      USAGE,
      { type: 'text.delta', text: 'Done: the file is written.' },
      USAGE,
      END,
    ]);
  });

  it('maps permission.asked to a request (once/always/reject, with the known diff) and permission.replied to resolved', () => {
    const records = loadFixture('permission');
    const file = recordedPath(records, 'perm.txt');
    const [turn] = replay(records);
    const request = turn!.find((e) => e.type === 'permission.request');
    expect(request).toMatchObject({
      type: 'permission.request',
      toolCallId: expect.stringMatching(/^call_/),
      title: expect.stringMatching(/^edit: .*perm\.txt$/),
      options: PERMISSION_OPTIONS,
      diffs: [{ path: file, oldText: null, newText: 'allowed' }],
    });
    expect(PERMISSION_OPTIONS.map((o) => [o.optionId, o.kind])).toEqual([
      ['once', 'allow_once'],
      ['always', 'allow_always'],
      ['reject', 'reject_once'],
    ]);
    const requestId = request!.type === 'permission.request' ? request!.requestId : '';
    const types = turn!.map((e) => e.type);
    expect(types).toEqual([
      'tool.start',
      'tool.update',
      'permission.request',
      'permission.resolved',
      'tool.end',
      'usage',
      'text.delta',
      'usage',
      'turn.end',
    ]);
    expect(turn).toContainEqual({ type: 'permission.resolved', requestId, optionId: 'once' });
    expect(turn!.at(-1)).toEqual(END);
  });

  it('never lets the trailing events of an aborted turn settle the next turn', () => {
    const turns = replay(loadFixture('abort-then-next'));
    expect(turns).toHaveLength(3);
    const [warm, aborted, next] = turns;
    expect(warm).toEqual([{ type: 'text.delta', text: 'Hello ' }, { type: 'text.delta', text: 'from mock.' }, USAGE, END]);
    // The aborted turn showed some chunks, no usage, and ended cancelled exactly once.
    expect(aborted!.filter((e) => e.type === 'turn.end')).toEqual([{ type: 'turn.end', stopReason: 'cancelled' }]);
    expect(aborted!.at(-1)).toEqual({ type: 'turn.end', stopReason: 'cancelled' });
    expect(aborted!.some((e) => e.type === 'usage' || e.type === 'error')).toBe(false);
    const chunks = aborted!.flatMap((e) => (e.type === 'text.delta' ? [e.text] : [])).join('');
    expect(chunks).toMatch(/^chunk0 chunk1 chunk2 /);
    // The next turn got its own complete answer and a clean end, despite the trailing
    // session.error (MessageAbortedError) and two session.idle events arriving during it.
    expect(next).toEqual([{ type: 'text.delta', text: 'second turn text' }, USAGE, END]);
  });

  it('ignores a trailing idle/error that lands after the next user message but before its busy status', () => {
    const records = loadFixture('abort-then-next');
    const sessionID = sessionIdOf(records);
    const state = createMapperState(sessionID);
    // Replay up to the third prompt, then reorder: the new user message first, the stale
    // terminal events after it.
    const thirdPromptAt = records.findIndex((r, i) => r.kind === 'prompt' && records.slice(0, i).filter((x) => x.kind === 'prompt').length === 2);
    const before = replay(records.slice(0, thirdPromptAt), state);
    expect(before).toHaveLength(2);
    const prompt = records[thirdPromptAt]!;
    if (prompt.kind !== 'prompt') throw new Error('unreachable');
    endTurn(state, 'cancelled');
    beginTurn(state, prompt.messageID);
    const out: AgentEvent[] = [];
    const feed = (raw: unknown) => {
      const ev = parseWireEvent(raw);
      if (ev) out.push(...noModel(mapWireEvent(state, ev)));
    };
    feed({ type: 'message.updated', properties: { sessionID, info: { id: prompt.messageID, sessionID, role: 'user', time: { created: 1 } } } });
    feed({ type: 'session.error', properties: { sessionID, error: { name: 'MessageAbortedError', data: { message: 'Aborted' } } } });
    feed({ type: 'session.status', properties: { sessionID, status: { type: 'idle' } } });
    feed({ type: 'session.idle', properties: { sessionID } });
    expect(out).toEqual([]);
    // Then the real turn plays out and ends once.
    const rest = records.slice(thirdPromptAt + 1);
    for (const r of rest) if (r.kind === 'event') feed(r.event);
    expect(out).toEqual([{ type: 'text.delta', text: 'second turn text' }, USAGE, END]);
  });

  it('ends a cancelled turn as cancelled when its own abort error and idle arrive', () => {
    const records = loadFixture('abort-then-next');
    const sessionID = sessionIdOf(records);
    const state = createMapperState(sessionID);
    const out: AgentEvent[] = [];
    // Replay without beginning the third turn: the aborted turn is settled by its own trailing
    // events, and none of the next turn's output is taken for its own.
    let prompts = 0;
    for (const r of records) {
      if (r.kind === 'prompt') {
        prompts++;
        if (prompts === 3) continue;
        out.length = 0;
        beginTurn(state, r.messageID);
      } else if (r.kind === 'cancel') {
        markCancelRequested(state);
      } else if (r.kind === 'event') {
        const ev = parseWireEvent(r.event);
        if (ev) out.push(...noModel(mapWireEvent(state, ev)));
      }
    }
    expect(out.filter((e) => e.type === 'turn.end')).toEqual([{ type: 'turn.end', stopReason: 'cancelled' }]);
    expect(out.at(-1)).toEqual({ type: 'turn.end', stopReason: 'cancelled' });
    expect(out.some((e) => e.type === 'text.delta' && e.text.includes('second turn'))).toBe(false);
  });

  it('shows a provider retry, and ends a turn cancelled while retrying as cancelled (no abort error is sent then)', () => {
    expect(replay(loadFixture('retry-then-cancel'))).toEqual([
      [
        { type: 'error', name: 'ProviderRetry', message: 'The model provider failed (attempt 1): mock internal error. Retrying…' },
        { type: 'turn.end', stopReason: 'cancelled' },
      ],
    ]);
  });

  it('maps a failing turn (unknown model) to one error event and turn.end error, despite the repeated session.error', () => {
    const message = 'Model not found: mock/no-such-model. Did you mean: mock-model?';
    expect(replay(loadFixture('unknown-model'))).toEqual([
      [
        { type: 'error', name: 'UnknownError', message },
        { type: 'turn.end', stopReason: 'error', error: { name: 'UnknownError', message } },
      ],
    ]);
  });

  it('emits exactly one turn.end per prompt, and every event is valid under the contract schema', () => {
    for (const name of FIXTURE_NAMES) {
      for (const turn of replay(loadFixture(name))) {
        expect(turn.filter((e) => e.type === 'turn.end'), name).toHaveLength(1);
        expect(turn.at(-1)?.type, name).toBe('turn.end');
        for (const e of turn) expect(AgentEvent.safeParse(e).success, `${name}: ${JSON.stringify(e)}`).toBe(true);
      }
    }
  });

  it('ignores events of other sessions (the sessionID guard)', () => {
    const records = loadFixture('text');
    const state = createMapperState('ses_someone_else');
    const turns = replay(records, state);
    expect(turns[0]).toEqual([]);
  });
});

describe('settling a turn from the stored history (after lost events)', () => {
  function historyOf(name: 'text' | 'tool-write'): { sessionID: string; messageID: string; infos: Array<{ id: string; role: string; finish?: string }> } {
    const records = loadFixture(name);
    const prompt = records.find((r) => r.kind === 'prompt');
    if (prompt?.kind !== 'prompt') throw new Error('no prompt');
    const infos = new Map<string, { id: string; role: string; finish?: string }>();
    for (const r of records) {
      const ev = r.kind === 'event' ? (r.event as { type?: string; properties?: { info?: { id: string; role: string } } }) : undefined;
      if (ev?.type === 'message.updated' && ev.properties?.info) infos.set(ev.properties.info.id, ev.properties.info);
    }
    return { sessionID: sessionIdOf(records), messageID: prompt.messageID, infos: [...infos.values()] };
  }

  it('ends the turn when its user message and a complete reply are stored', () => {
    const { sessionID, messageID, infos } = historyOf('tool-write');
    const state = createMapperState(sessionID);
    beginTurn(state, messageID);
    expect(noModel(settleFromHistory(state, infos))).toEqual([END]);
    expect(noModel(settleFromHistory(state, infos))).toEqual([]);
  });

  it('waits while the reply is missing or stopped only for tool calls', () => {
    const { sessionID, messageID, infos } = historyOf('tool-write');
    const state = createMapperState(sessionID);
    beginTurn(state, messageID);
    expect(noModel(settleFromHistory(state, infos.filter((i) => i.role === 'user')))).toEqual([]);
    expect(noModel(settleFromHistory(state, infos.filter((i) => i.role === 'user' || i.finish === 'tool-calls')))).toEqual([]);
    expect(noModel(settleFromHistory(state, []))).toEqual([]);
    // A history of another turn says nothing about this one.
    const other = createMapperState(sessionID);
    beginTurn(other, 'msg_not_sent_yet');
    expect(noModel(settleFromHistory(other, infos))).toEqual([]);
  });
});

describe('opencode event mapper on synthetic events', () => {
  const sessionID = 'ses_1';
  const user = 'msg_user1';
  const asst = 'msg_asst1';
  function started() {
    const state = createMapperState(sessionID);
    beginTurn(state, user);
    const feed = (raw: unknown): AgentEvent[] => {
      const ev = parseWireEvent(raw);
      return ev ? mapWireEvent(state, ev) : [];
    };
    feed({ type: 'message.updated', properties: { info: { id: user, sessionID, role: 'user' } } });
    feed({ type: 'session.status', properties: { sessionID, status: { type: 'busy' } } });
    feed({ type: 'message.updated', properties: { info: { id: asst, sessionID, role: 'assistant', parentID: user } } });
    return { state, feed };
  }
  const part = (id: string, type: string, text: string) => ({
    type: 'message.part.updated',
    properties: { part: { id, sessionID, messageID: asst, type, text } },
  });
  const delta = (partID: string, d: string) => ({
    type: 'message.part.delta',
    properties: { sessionID, messageID: asst, partID, field: 'text', delta: d },
  });

  it('skips malformed and unknown events instead of throwing', () => {
    const { feed } = started();
    for (const bad of [null, 42, 'x', {}, { type: 'message.part.delta' }, { type: 'message.part.updated', properties: { part: 'nope' } }, { type: 'plugin.added', properties: {} }]) {
      expect(() => feed(bad)).not.toThrow();
      expect(feed(bad)).toEqual([]);
    }
  });

  it('emits only the missing suffix when the final part has more than the deltas showed', () => {
    const { feed } = started();
    expect(feed(part('p1', 'text', ''))).toEqual([]);
    expect(feed(delta('p1', 'Hel'))).toEqual([{ type: 'text.delta', text: 'Hel' }]);
    expect(feed(part('p1', 'text', 'Hello'))).toEqual([{ type: 'text.delta', text: 'lo' }]);
    expect(feed(part('p1', 'text', 'Hello'))).toEqual([]);
  });

  it('holds deltas that arrive before their part is announced, then shows them with the right type', () => {
    const { feed } = started();
    expect(feed(delta('p2', 'thinking'))).toEqual([]);
    expect(feed(part('p2', 'reasoning', ''))).toEqual([{ type: 'reasoning.delta', text: 'thinking' }]);
  });

  it("turns a non-abort session.error into an error event and a turn.end error, under BooCoder's name for a provider failure", () => {
    const { feed } = started();
    const err = { type: 'session.error', properties: { sessionID, error: { name: 'APIError', data: { message: 'bad gateway', isRetryable: false } } } };
    expect(feed(err)).toEqual([{ type: 'error', name: 'ProviderError', message: 'bad gateway' }]);
    expect(feed({ type: 'session.idle', properties: { sessionID } })).toEqual([
      { type: 'turn.end', stopReason: 'error', error: { name: 'ProviderError', message: 'bad gateway' } },
    ]);
  });

  it('names a context overflow PromptTooLong and passes names it has no equivalent for through', () => {
    const a = started();
    a.feed({ type: 'session.error', properties: { sessionID, error: { name: 'ContextOverflowError', data: { message: 'prompt is too long' } } } });
    expect(a.feed({ type: 'session.idle', properties: { sessionID } })).toEqual([
      { type: 'turn.end', stopReason: 'error', error: { name: 'PromptTooLong', message: 'prompt is too long' } },
    ]);
    const b = started();
    expect(b.feed({ type: 'session.error', properties: { sessionID, error: { name: 'ProviderAuthError', data: { message: 'no key' } } } })).toEqual([
      { type: 'error', name: 'ProviderAuthError', message: 'no key' },
    ]);
  });

  it('maps MessageAbortedError of a cancelled turn to cancelled, and closes open tools and permissions', () => {
    const { state, feed } = started();
    feed({
      type: 'message.part.updated',
      properties: { part: { id: 't1', sessionID, messageID: asst, type: 'tool', callID: 'c1', tool: 'bash', state: { status: 'running', input: { command: 'ls' } } } },
    });
    feed({ type: 'permission.asked', properties: { id: 'per1', sessionID, permission: 'bash', patterns: ['ls'], metadata: {} } });
    markCancelRequested(state);
    feed({ type: 'session.error', properties: { sessionID, error: { name: 'MessageAbortedError', data: { message: 'Aborted' } } } });
    expect(feed({ type: 'session.idle', properties: { sessionID } })).toEqual([
      { type: 'tool.end', toolCallId: 'c1', status: 'failed' },
      { type: 'permission.resolved', requestId: 'per1', optionId: null },
      { type: 'turn.end', stopReason: 'cancelled' },
    ]);
  });

  it('ends a turn from outside (crash) once, and ignores everything after', () => {
    const { state, feed } = started();
    expect(endTurn(state, 'error', { name: 'AgentCrashed', message: 'gone' })).toEqual([
      { type: 'error', name: 'AgentCrashed', message: 'gone' },
      { type: 'turn.end', stopReason: 'error', error: { name: 'AgentCrashed', message: 'gone' } },
    ]);
    expect(endTurn(state, 'cancelled')).toEqual([]);
    expect(feed({ type: 'session.idle', properties: { sessionID } })).toEqual([]);
    expect(feed(delta('p9', 'late'))).toEqual([]);
  });

  it('maps the length finish reason to max_tokens', () => {
    const { feed } = started();
    feed({ type: 'message.updated', properties: { info: { id: asst, sessionID, role: 'assistant', parentID: user, finish: 'length' } } });
    expect(feed({ type: 'session.idle', properties: { sessionID } })).toEqual([{ type: 'turn.end', stopReason: 'max_tokens' }]);
  });

  it('does not show the user message text', () => {
    const state = createMapperState(sessionID);
    beginTurn(state, user);
    const feed = (raw: unknown) => {
      const ev = parseWireEvent(raw);
      return ev ? mapWireEvent(state, ev) : [];
    };
    feed({ type: 'message.updated', properties: { info: { id: user, sessionID, role: 'user' } } });
    expect(feed({ type: 'message.part.updated', properties: { part: { id: 'u1', sessionID, messageID: user, type: 'text', text: 'my prompt' } } })).toEqual([]);
  });
});
