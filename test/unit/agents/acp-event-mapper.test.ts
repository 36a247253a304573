import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AgentEvent } from '../../../src-preload/contract';
import {
  commandOf,
  exitCodeOf,
  rawOutputText,
  initialMapperState,
  mapSessionUpdate,
  mapStopReason,
  nextTurnState,
  usageFromPromptResult,
  type MapperState,
} from '../../../src-main/core/agents/acp/acp-event-mapper';
import { mapPermissionRequest, PermissionRequestParams } from '../../../src-main/core/agents/acp/acp-permission';
import { PromptResult } from '../../../src-main/core/agents/acp/acp-wire';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/acp');

interface WireLine {
  dir: 'in' | 'out';
  message: { id?: number; method?: string; params?: unknown; result?: unknown };
}

function loadFixture(name: string): WireLine[] {
  return readFileSync(path.join(fixtures, `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as WireLine);
}

/**
 * Replays a recorded turn the way a session does: updates through the mapper, permission
 * requests through the permission mapper, the session/prompt result as the turn's end.
 */
function replayTurn(lines: WireLine[]): AgentEvent[] {
  const events: AgentEvent[] = [];
  let state: MapperState = initialMapperState();
  let promptId: number | undefined;
  let permissions = 0;
  let ended = false;
  for (const { dir, message } of lines) {
    if (dir === 'out') {
      if (message.method === 'session/prompt') promptId = message.id;
      continue;
    }
    if (ended) continue;
    if (message.method === 'session/update') {
      const params = message.params as { update: unknown };
      const result = mapSessionUpdate(params.update, state);
      state = result.state;
      events.push(...result.events);
    } else if (message.method === 'session/request_permission') {
      events.push(mapPermissionRequest(`perm-${++permissions}`, PermissionRequestParams.parse(message.params), '/WORK/work/project'));
    } else if (message.id !== undefined && message.id === promptId && message.result) {
      const result = PromptResult.parse(message.result);
      const usage = usageFromPromptResult(result.usage, state);
      if (usage) events.push(usage);
      events.push({ type: 'turn.end', stopReason: mapStopReason(result.stopReason) });
      ended = true;
    }
  }
  // Every mapped event must be a valid contract event.
  for (const e of events) AgentEvent.parse(e);
  return events;
}

const callUsage = (reasoningTokens = 0) => ({
  type: 'usage' as const,
  usage: { inputTokens: 120, outputTokens: 30, reasoningTokens, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0 },
});

describe('ACP session/update mapping on recorded qwen-code traffic', () => {
  it('plain turn: text deltas, per-call usage from the empty chunk, end_turn', () => {
    expect(replayTurn(loadFixture('plain'))).toEqual([
      { type: 'text.delta', text: 'Hello ' },
      { type: 'text.delta', text: 'from mock.' },
      callUsage(),
      { type: 'turn.end', stopReason: 'end_turn' },
    ]);
  });

  it('reasoning turn: thought chunks become reasoning deltas before the text', () => {
    expect(replayTurn(loadFixture('reasoning'))).toEqual([
      { type: 'reasoning.delta', text: 'Let me ' },
      { type: 'reasoning.delta', text: 'think about ' },
      { type: 'reasoning.delta', text: 'this.' },
      { type: 'text.delta', text: 'The answer ' },
      { type: 'text.delta', text: 'is 42.' },
      callUsage(6),
      { type: 'turn.end', stopReason: 'end_turn' },
    ]);
  });

  it('tool turn: start, title/status update, end with the diff; usage once per model call', () => {
    expect(replayTurn(loadFixture('tool-write'))).toEqual([
      { type: 'tool.start', toolCallId: 'call_3', title: 'WriteFile', kind: 'edit', status: 'pending' },
      callUsage(),
      { type: 'tool.update', toolCallId: 'call_3', title: 'WriteFile: Writing to hello.txt', status: 'in_progress' },
      {
        type: 'tool.end',
        toolCallId: 'call_3',
        status: 'completed',
        diffs: [{ path: '/WORK/work/project/hello.txt', oldText: '', newText: 'hi there\n' }],
      },
      { type: 'text.delta', text: 'Done: the file is written.' },
      callUsage(),
      { type: 'turn.end', stopReason: 'end_turn' },
    ]);
  });

  it('permission turn: the request carries options by ACP kind and the proposed diff', () => {
    expect(replayTurn(loadFixture('permission'))).toEqual([
      { type: 'tool.start', toolCallId: 'call_5', title: 'WriteFile', kind: 'edit', status: 'pending' },
      callUsage(),
      {
        type: 'permission.request',
        requestId: 'perm-1',
        toolCallId: 'call_5',
        title: 'Writing to second.txt',
        options: [
          { optionId: 'proceed_always', name: 'Allow All Edits', kind: 'allow_always' },
          { optionId: 'proceed_once', name: 'Allow', kind: 'allow_once' },
          { optionId: 'cancel', name: 'Reject', kind: 'reject_once' },
        ],
        diffs: [{ path: '/WORK/work/project/second.txt', oldText: '', newText: 'second\n' }],
      },
      {
        type: 'tool.end',
        toolCallId: 'call_5',
        status: 'completed',
        diffs: [{ path: '/WORK/work/project/second.txt', oldText: '', newText: 'second\n' }],
      },
      { type: 'text.delta', text: 'Done: the file is written.' },
      callUsage(),
      { type: 'turn.end', stopReason: 'end_turn' },
    ]);
  });

  it('cancelled turn: the deltas so far, then cancelled', () => {
    expect(replayTurn(loadFixture('cancelled'))).toEqual([
      { type: 'text.delta', text: 'chunk0 ' },
      { type: 'text.delta', text: 'chunk1 ' },
      { type: 'text.delta', text: 'chunk2 ' },
      { type: 'turn.end', stopReason: 'cancelled' },
    ]);
  });

  it('load replay: user_message_chunk and available_commands_update map to nothing', () => {
    const updates = loadFixture('load-replay')
      .filter((l) => l.dir === 'in' && l.message.method === 'session/update')
      .map((l) => (l.message.params as { update: { sessionUpdate: string } }).update);
    const kinds = new Set(updates.map((u) => u.sessionUpdate));
    expect(kinds).toContain('user_message_chunk');
    for (const update of updates.filter((u) => u.sessionUpdate === 'user_message_chunk' || u.sessionUpdate === 'available_commands_update')) {
      expect(mapSessionUpdate(update, initialMapperState()).events).toEqual([]);
    }
  });
});

describe('ACP mapping edge cases', () => {
  const map = (update: unknown, state = initialMapperState()) => mapSessionUpdate(update, state);

  it('ignores garbage and unknown kinds', () => {
    expect(map(null).events).toEqual([]);
    expect(map('x').events).toEqual([]);
    expect(map({ sessionUpdate: 'plan', entries: [] }).events).toEqual([]);
    expect(map({ sessionUpdate: 'agent_message_chunk', content: { type: 'image', data: 'x' } }).events).toEqual([]);
    expect(map({ sessionUpdate: 'tool_call' }).events).toEqual([]);
  });

  it('an update for an unseen tool call announces it first; a late update after the end is dropped', () => {
    const first = map({
      sessionUpdate: 'tool_call_update',
      toolCallId: 't1',
      title: 'Run',
      status: 'completed',
      content: [{ type: 'content', content: { type: 'text', text: 'ok' } }],
    });
    expect(first.events).toEqual([
      { type: 'tool.start', toolCallId: 't1', title: 'Run', kind: null, status: 'in_progress' },
      { type: 'tool.end', toolCallId: 't1', status: 'completed', output: 'ok' },
    ]);
    expect(map({ sessionUpdate: 'tool_call_update', toolCallId: 't1', status: 'failed' }, first.state).events).toEqual([]);
  });

  it('usage_update: context occupancy is a context fill, not usage; the cumulative cost becomes increments', () => {
    let s = initialMapperState();
    let r = map({ sessionUpdate: 'usage_update', used: 5000, size: 200000 }, s);
    expect(r.events).toEqual([{ type: 'context', context: { used: 5000, size: 200000 } }]);
    r = map({ sessionUpdate: 'usage_update', used: 6000, size: 200000, cost: { amount: 0.25, currency: 'USD' } }, r.state);
    expect(r.events).toEqual([
      { type: 'context', context: { used: 6000, size: 200000 } },
      { type: 'usage', usage: expect.objectContaining({ cost: 0.25, inputTokens: 0 }) },
    ]);
    s = nextTurnState(r.state);
    r = map({ sessionUpdate: 'usage_update', used: 7000, size: 200000, cost: { amount: 0.4, currency: 'USD' } }, s);
    const costs = r.events.flatMap((e) => (e.type === 'usage' ? [e.usage.cost] : []));
    expect(costs).toHaveLength(1);
    expect(costs[0]).toBeCloseTo(0.15);
  });

  it('a session resumed with its recorded cumulative cost counts only what its first report adds', () => {
    // Before the fix, a resumed session started from no cost and its first report was charged in full.
    const r = map({ sessionUpdate: 'usage_update', used: 10, size: 100, cost: { amount: 1.5, currency: 'USD' } }, initialMapperState(1.2));
    const costs = r.events.flatMap((e) => (e.type === 'usage' ? [e.usage.cost] : []));
    expect(costs).toHaveLength(1);
    expect(costs[0]).toBeCloseTo(0.3);
  });

  it('a cumulative cost that went down is a counter that started again: all of it is new', () => {
    // A session reopened by an agent whose counter restarts (its recorded cost was 1.2, it now says 0.05).
    const r = map({ sessionUpdate: 'usage_update', used: 10, size: 100, cost: { amount: 0.05, currency: 'USD' } }, initialMapperState(1.2));
    expect(r.events.flatMap((e) => (e.type === 'usage' ? [e.usage.cost] : []))).toEqual([0.05]);
    const next = map({ sessionUpdate: 'usage_update', used: 10, size: 100, cost: { amount: 0.08, currency: 'USD' } }, r.state);
    const costs = next.events.flatMap((e) => (e.type === 'usage' ? [e.usage.cost] : []));
    expect(costs).toHaveLength(1);
    expect(costs[0]).toBeCloseTo(0.03);
  });

  it('shell tools: the command from rawInput, exit code and output from rawOutput (Codex puts them only there)', () => {
    const start = map({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Run echo hi', kind: 'execute', status: 'in_progress', rawInput: { command: ['/bin/bash', '-lc', 'echo hi'] } });
    expect(start.events).toContainEqual(expect.objectContaining({ type: 'tool.update', toolCallId: 'c1', command: 'echo hi' }));
    const end = map(
      { sessionUpdate: 'tool_call_update', toolCallId: 'c1', status: 'completed', rawOutput: { exit_code: 2, aggregated_output: 'hi\n', stdout: 'hi\n', stderr: '' } },
      start.state,
    );
    expect(end.events).toEqual([{ type: 'tool.end', toolCallId: 'c1', status: 'completed', output: 'hi\n', exitCode: 2 }]);
    expect(commandOf({ command: 'ls -la' })).toBe('ls -la');
    expect(commandOf({ command: ['git', 'status'] })).toBe('git status');
    expect(rawOutputText({ stdout: 'out', stderr: 'err' })).toBe('out\nerr');
    expect(rawOutputText('plain')).toBe('plain');
    expect(exitCodeOf({ exitCode: 0 })).toBe(0);
    expect(exitCodeOf({ exit_code: 'x' })).toBeUndefined();
  });

  it('prompt-result usage counts only when the turn reported none per call', () => {
    const tokens = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };
    expect(usageFromPromptResult(tokens, initialMapperState())).toEqual({
      type: 'usage',
      usage: { inputTokens: 10, outputTokens: 5, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0 },
    });
    const seen = map({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: '' }, _meta: { usage: tokens } }).state;
    expect(usageFromPromptResult(tokens, seen)).toBeNull();
  });

  it('stop reasons: known ones pass, unknown ones end the turn normally', () => {
    expect(mapStopReason('max_tokens')).toBe('max_tokens');
    expect(mapStopReason('refusal')).toBe('refusal');
    expect(mapStopReason('something_new')).toBe('end_turn');
  });
});
