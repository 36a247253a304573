import { describe, expect, it } from 'vitest';
import type { AgentEvent, Turn } from '../../../src-preload/contract';
import { applyTurnEvents, activeTurnId, emptyTranscript, loadHistory, noteSentTurn, type TurnEventPayload } from '../../../src-renderer/state/chat-transcript';
import { applyAgentEvent, emptyTurn, statusForStop } from '../../../src-renderer/state/transcript-reducer';

const ev = (seq: number, event: AgentEvent, turnId = 't1'): TurnEventPayload => ({ chatId: 'c1', turnId, agent: 'opencode', seq, event });

const run = (events: AgentEvent[]) => events.reduce((t, e, i) => applyAgentEvent(t, e, i, 1000 + i), emptyTurn('t1', 'c1', 'opencode', 0, 'hi'));

describe('applyAgentEvent', () => {
  it('joins streamed text and reasoning into one part each, in order', () => {
    const t = run([
      { type: 'turn.start', sessionMode: 'new', externalSessionId: 's', model: 'm1' },
      { type: 'reasoning.delta', text: 'think ' },
      { type: 'reasoning.delta', text: 'more' },
      { type: 'text.delta', text: 'Hel' },
      { type: 'text.delta', text: 'lo' },
    ]);
    expect(t.parts).toEqual([
      { kind: 'reasoning', text: 'think more' },
      { kind: 'text', text: 'Hello' },
    ]);
    expect(t.status).toBe('running');
    expect(t.model).toBe('m1');
    expect(t.sessionMode).toBe('new');
  });

  it('ignores an event it already applied', () => {
    const t0 = emptyTurn('t1', 'c1', 'a', 0);
    const t1 = applyAgentEvent(t0, { type: 'text.delta', text: 'x' }, 5, 0);
    expect(applyAgentEvent(t1, { type: 'text.delta', text: 'x' }, 5, 0)).toBe(t1);
    expect(applyAgentEvent(t1, { type: 'text.delta', text: 'x' }, 4, 0)).toBe(t1);
  });

  it('tracks a tool call from start to end with its diffs', () => {
    const diff = { path: 'a.txt', oldText: null, newText: 'x\n' };
    const t = run([
      { type: 'tool.start', toolCallId: 'k', title: 'Write a.txt', kind: 'edit', status: 'pending' },
      { type: 'tool.update', toolCallId: 'k', status: 'in_progress', diffs: [diff] },
      { type: 'tool.end', toolCallId: 'k', status: 'completed', output: 'ok' },
    ]);
    expect(t.parts).toEqual([{ kind: 'tool', toolCallId: 'k', title: 'Write a.txt', toolKind: 'edit', status: 'completed', diffs: [diff], output: 'ok' }]);
  });

  it('records the shell command and exit code of a tool call, keeping what a later update leaves out', () => {
    const t = run([
      { type: 'tool.start', toolCallId: 'sh', title: 'Run tests', kind: 'execute', status: 'pending' },
      { type: 'tool.update', toolCallId: 'sh', status: 'in_progress', command: 'npm test' },
      { type: 'tool.update', toolCallId: 'sh', output: 'FAIL a.test.ts\n' },
      { type: 'tool.end', toolCallId: 'sh', status: 'failed', exitCode: 1 },
    ]);
    expect(t.parts).toEqual([{ kind: 'tool', toolCallId: 'sh', title: 'Run tests', toolKind: 'execute', status: 'failed', diffs: [], output: 'FAIL a.test.ts\n', command: 'npm test', exitCode: 1 }]);
    // A tool that is not a shell gets no command keys at all.
    const edit = run([{ type: 'tool.start', toolCallId: 'e', title: 'Edit', kind: 'edit', status: 'pending' }, { type: 'tool.end', toolCallId: 'e', status: 'completed' }]);
    expect(Object.keys(edit.parts[0]!)).not.toContain('command');
  });

  it('takes the model that actually ran and the latest context fill', () => {
    const t = run([
      { type: 'turn.start', sessionMode: 'resumed', externalSessionId: 's', model: 'sonnet' },
      { type: 'model', model: 'claude-sonnet-4-5-20250929' },
      { type: 'context', context: { used: 30_000, size: 200_000 } },
      { type: 'context', context: { used: 42_000, size: 200_000 } },
    ]);
    expect(t.model).toBe('claude-sonnet-4-5-20250929');
    expect(t.context).toEqual({ used: 42_000, size: 200_000 });
  });

  it('counts a cost as reported only once a usage event carries one', () => {
    const zero = { inputTokens: 1, outputTokens: 1, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0 };
    expect(run([{ type: 'usage', usage: zero }]).costReported).toBe(false);
    expect(run([{ type: 'usage', usage: zero }, { type: 'usage', usage: { ...zero, cost: 0.01 } }, { type: 'usage', usage: zero }]).costReported).toBe(true);
  });

  it('resolves a permission prompt and closes unanswered ones at the end', () => {
    const options = [{ optionId: 'once', name: 'Allow', kind: 'allow_once' as const }];
    const t = run([
      { type: 'permission.request', requestId: 'r1', toolCallId: null, title: 'Edit?', options },
      { type: 'permission.resolved', requestId: 'r1', optionId: 'once' },
      { type: 'permission.request', requestId: 'r2', toolCallId: null, title: 'Run?', options },
      { type: 'turn.end', stopReason: 'cancelled' },
    ]);
    expect(t.parts.map((p) => (p.kind === 'permission' ? [p.requestId, p.resolved, p.chosen] : null))).toEqual([
      ['r1', true, 'once'],
      ['r2', true, null],
    ]);
    expect(t.status).toBe('cancelled');
    expect(t.endedAt).toBe(1003);
  });

  it('adds usage increments and shows one error when turn.end repeats it', () => {
    const u = { inputTokens: 10, outputTokens: 2, reasoningTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0.5 };
    const t = run([
      { type: 'usage', usage: u },
      { type: 'usage', usage: u },
      { type: 'error', name: 'AgentCrashed', message: 'boom' },
      { type: 'turn.end', stopReason: 'error', error: { name: 'AgentCrashed', message: 'boom' } },
    ]);
    expect(t.usage.inputTokens).toBe(20);
    expect(t.usage.cost).toBe(1);
    expect(t.parts.filter((p) => p.kind === 'error')).toHaveLength(1);
    expect(t.status).toBe('failed');
  });

  it('records the queue position and clears it when the turn starts', () => {
    const q = run([{ type: 'turn.queued', position: 2 }]);
    expect([q.status, q.queuedPosition]).toEqual(['queued', 2]);
    const s = applyAgentEvent(q, { type: 'turn.start', sessionMode: 'resumed', externalSessionId: 'x', model: null }, 9, 0);
    expect([s.status, s.queuedPosition, s.sessionMode]).toEqual(['running', null, 'resumed']);
  });

  it('maps stop reasons to statuses', () => {
    expect(statusForStop('end_turn')).toBe('done');
    expect(statusForStop('max_tokens')).toBe('done');
    expect(statusForStop('error')).toBe('failed');
    expect(statusForStop('interrupted')).toBe('interrupted');
  });
});

describe('chat transcript', () => {
  const turn = (id: string): Turn => ({
    id,
    chatId: 'c1',
    agent: 'qwen',
    status: 'done',
    prompt: 'p',
    text: 'x',
    model: null,
    sessionMode: null,
    startedAt: 0,
    endedAt: 1,
    usage: { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0 },
    costReported: false,
    context: null,
    attachments: [],
    parts: [{ kind: 'text', text: 'x' }],
  });

  it('creates a turn for an unknown id and updates only that turn', () => {
    const h = loadHistory(emptyTranscript(), [turn('a')]);
    const next = applyTurnEvents(h, [ev(0, { type: 'text.delta', text: 'hi' }, 'b'), ev(1, { type: 'text.delta', text: '!' }, 'b')], 5);
    expect(next.turns).toHaveLength(2);
    expect(next.turns[0]).toBe(h.turns[0]);
    expect(next.turns[1]!.parts).toEqual([{ kind: 'text', text: 'hi!' }]);
    expect(activeTurnId(next)).toBe('b');
  });

  it('keeps live turns across a history load and fills the prompt from send', () => {
    const live = applyTurnEvents(emptyTranscript(), [ev(0, { type: 'text.delta', text: 'hi' }, 'b')], 5);
    const withPrompt = noteSentTurn(live, 'b', 'c1', 'qwen', 'my prompt', 6);
    expect(withPrompt.turns[0]!.prompt).toBe('my prompt');
    const loaded = loadHistory(withPrompt, [turn('a')]);
    expect(loaded.turns.map((t) => t.id)).toEqual(['a', 'b']);
    expect(loaded.index.get('b')).toBe(1);
  });

  it('adds an optimistic turn when send answers before any event', () => {
    const t = noteSentTurn(emptyTranscript(), 'z', 'c1', 'qwen', 'hello', 1);
    expect(t.turns[0]).toMatchObject({ id: 'z', prompt: 'hello', status: 'queued' });
  });
});

describe('coalesceDeltas', () => {
  it('joins consecutive deltas of one kind and turn, keeping the last seq and the order of everything else', async () => {
    const { coalesceDeltas } = await import('../../../src-renderer/state/chat-transcript');
    const out = coalesceDeltas([
      ev(1, { type: 'text.delta', text: 'a' }),
      ev(2, { type: 'text.delta', text: 'b' }),
      ev(3, { type: 'reasoning.delta', text: 'r' }),
      ev(4, { type: 'text.delta', text: 'c' }),
      ev(5, { type: 'text.delta', text: 'x' }, 't2'),
      ev(6, { type: 'usage', usage: { inputTokens: 1, outputTokens: 0, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0 } }),
      ev(7, { type: 'text.delta', text: 'd' }),
      ev(8, { type: 'text.delta', text: 'e' }),
    ]);
    expect(out.map((e) => [e.seq, e.turnId, e.event.type, 'text' in e.event ? e.event.text : ''])).toEqual([
      [2, 't1', 'text.delta', 'ab'],
      [3, 't1', 'reasoning.delta', 'r'],
      [4, 't1', 'text.delta', 'c'],
      [5, 't2', 'text.delta', 'x'],
      [6, 't1', 'usage', ''],
      [8, 't1', 'text.delta', 'de'],
    ]);
  });

  it('gives the same transcript as applying the deltas one by one', () => {
    const events = Array.from({ length: 50 }, (_, i) => ev(i, i % 9 === 0 ? { type: 'reasoning.delta', text: `r${i}` } : { type: 'text.delta', text: `t${i} ` }));
    const batched = applyTurnEvents(emptyTranscript(), events, 1);
    const single = events.reduce((t, e) => applyTurnEvents(t, [e], 1), emptyTranscript());
    expect(batched.turns[0]!.parts).toEqual(single.turns[0]!.parts);
    expect(batched.turns[0]!.lastSeq).toBe(49);
  });
});

describe('live and history render the same', () => {
  it('builds from events what turns.list returns for the same turn', async () => {
    const { fromTurn } = await import('../../../src-renderer/state/transcript-reducer');
    const u = { inputTokens: 900, outputTokens: 40, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0 };
    const events: AgentEvent[] = [
      { type: 'turn.start', sessionMode: 'new', externalSessionId: 's', model: null },
      { type: 'model', model: 'gemini-2.5-pro' },
      { type: 'tool.start', toolCallId: 'k', title: 'npm test', kind: 'execute', status: 'in_progress' },
      { type: 'tool.end', toolCallId: 'k', status: 'failed', command: 'npm test', exitCode: 1, output: 'boom' },
      { type: 'text.delta', text: 'The tests fail.' },
      { type: 'usage', usage: u },
      { type: 'context', context: { used: 12_000, size: 1_000_000 } },
      { type: 'turn.end', stopReason: 'end_turn' },
    ];
    const live = applyTurnEvents(noteSentTurn(emptyTranscript(), 't1', 'c1', 'gemini', 'run the tests', 0, [{ type: 'file', name: 'package.json' }]), events.map((e, i) => ev(i, e)), 10).turns[0]!;
    const stored: Turn = {
      id: 't1',
      chatId: 'c1',
      agent: 'gemini',
      status: 'done',
      stopReason: 'end_turn',
      prompt: 'run the tests',
      text: 'The tests fail.',
      model: 'gemini-2.5-pro',
      sessionMode: 'new',
      startedAt: 0,
      endedAt: 10,
      usage: u,
      costReported: false,
      context: { used: 12_000, size: 1_000_000 },
      attachments: [{ type: 'file', name: 'package.json' }],
      parts: [
        { kind: 'tool', toolCallId: 'k', title: 'npm test', toolKind: 'execute', status: 'failed', diffs: [], command: 'npm test', exitCode: 1, output: 'boom' },
        { kind: 'text', text: 'The tests fail.' },
      ],
    };
    const history = fromTurn(stored);
    // Only the bookkeeping of where each copy came from differs.
    const shown = (t: typeof live) => ({ ...t, lastSeq: 0, fromStart: false });
    expect(shown(live)).toEqual(shown(history));
  });

  it('keeps history’s attachments and cost flag when a live copy wins the merge', () => {
    const live = applyTurnEvents(emptyTranscript(), [ev(0, { type: 'turn.start', sessionMode: 'new', externalSessionId: 'x', model: null }, 'r')], 1);
    const merged = loadHistory(live, [
      {
        id: 'r',
        chatId: 'c1',
        agent: 'opencode',
        status: 'running',
        prompt: 'p',
        text: '',
        model: null,
        sessionMode: 'new',
        startedAt: 0,
        endedAt: null,
        usage: { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0 },
        costReported: true,
        context: { used: 1, size: 2 },
        attachments: [{ type: 'image', name: 'shot.png' }],
        parts: [],
      },
    ]);
    expect(merged.turns[0]).toMatchObject({ attachments: [{ type: 'image', name: 'shot.png' }], costReported: true, context: { used: 1, size: 2 } });
  });
});

describe('sequence numbers around the queue', () => {
  it('numbers a queued turn once: turn.queued is seq 0, its turn.start follows', () => {
    const t0 = emptyTurn('t1', 'c1', 'a', 0);
    const q = applyAgentEvent(t0, { type: 'turn.queued', position: 1 }, 0, 0);
    expect([q.status, q.queuedPosition, q.fromStart]).toEqual(['queued', 1, true]);
    const s = applyAgentEvent(q, { type: 'turn.start', sessionMode: 'resumed', externalSessionId: 'x', model: null }, 1, 0);
    expect([s.status, s.sessionMode, s.fromStart, s.queuedPosition]).toEqual(['running', 'resumed', true, null]);
    // A replayed duplicate is ignored.
    expect(applyAgentEvent(s, { type: 'turn.queued', position: 1 }, 0, 0)).toBe(s);
  });
  it('ends a turn cancelled while it waited', () => {
    const q = applyAgentEvent(emptyTurn('t1', 'c1', 'a', 0), { type: 'turn.queued', position: 1 }, 0, 0);
    expect(applyAgentEvent(q, { type: 'turn.end', stopReason: 'cancelled' }, 1, 5).status).toBe('cancelled');
  });
});

describe('history and live copies', () => {
  const running = (text: string): Turn => ({
    id: 'r',
    chatId: 'c1',
    agent: 'qwen',
    status: 'running',
    prompt: 'p',
    text,
    model: null,
    sessionMode: null,
    startedAt: 0,
    endedAt: null,
    usage: { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0 },
    costReported: false,
    context: null,
    attachments: [],
    parts: [{ kind: 'text', text }],
  });

  it('keeps a live copy that saw the whole turn over lagging history', () => {
    const live = applyTurnEvents(emptyTranscript(), [ev(0, { type: 'turn.start', sessionMode: 'new', externalSessionId: 'x', model: null }, 'r'), ev(1, { type: 'text.delta', text: 'abc' }, 'r')], 1);
    const merged = loadHistory(live, [running('a')]);
    expect(merged.turns[0]!.parts).toEqual([{ kind: 'text', text: 'abc' }]);
    expect(merged.turns[0]!.prompt).toBe('p');
  });

  it('takes history for a turn joined mid-stream and continues it with later events', () => {
    const live = applyTurnEvents(emptyTranscript(), [ev(7, { type: 'text.delta', text: 'c' }, 'r')], 1);
    const merged = loadHistory(live, [running('abc')]);
    expect(merged.turns[0]!.parts).toEqual([{ kind: 'text', text: 'abc' }]);
    const next = applyTurnEvents(merged, [ev(7, { type: 'text.delta', text: 'c' }, 'r'), ev(8, { type: 'text.delta', text: 'd' }, 'r')], 2);
    expect(next.turns[0]!.parts).toEqual([{ kind: 'text', text: 'abcd' }]);
  });

  it('lets a running turn read from history take the events that follow', () => {
    const merged = loadHistory(emptyTranscript(), [running('ab')]);
    const next = applyTurnEvents(merged, [ev(3, { type: 'text.delta', text: 'c' }, 'r')], 2);
    expect(next.turns[0]!.parts).toEqual([{ kind: 'text', text: 'abc' }]);
  });
});
