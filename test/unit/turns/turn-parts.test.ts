import { describe, expect, it } from 'vitest';
import { replyText, type AgentEvent, type TurnPart } from '../../../src-preload/contract';
import { applyEventToParts } from '../../../src-main/core/turns/turn-parts';

const fold = (events: AgentEvent[]) => {
  const parts: TurnPart[] = [];
  for (const e of events) applyEventToParts(parts, e);
  return parts;
};

describe('applyEventToParts', () => {
  it('grows one part per run of text or reasoning deltas', () => {
    const parts = fold([
      { type: 'reasoning.delta', text: 'think ' },
      { type: 'reasoning.delta', text: 'more' },
      { type: 'text.delta', text: 'Hello ' },
      { type: 'text.delta', text: 'world' },
    ]);
    expect(parts).toEqual([
      { kind: 'reasoning', text: 'think more' },
      { kind: 'text', text: 'Hello world' },
    ]);
    expect(replyText(parts)).toBe('Hello world');
  });

  it('tracks a tool call through updates and end, merging diffs by path', () => {
    const parts = fold([
      { type: 'tool.start', toolCallId: 't1', title: 'write', kind: 'edit', status: 'pending' },
      { type: 'tool.update', toolCallId: 't1', status: 'in_progress', diffs: [{ path: '/w/a', oldText: null, newText: 'v1' }] },
      { type: 'tool.end', toolCallId: 't1', status: 'completed', diffs: [{ path: '/w/a', oldText: null, newText: 'v2' }] },
    ]);
    expect(parts).toEqual([
      { kind: 'tool', toolCallId: 't1', title: 'write', toolKind: 'edit', status: 'completed', diffs: [{ path: '/w/a', oldText: null, newText: 'v2' }] },
    ]);
  });

  it('resolves a permission request in place', () => {
    const parts = fold([
      { type: 'permission.request', requestId: 'r1', toolCallId: null, title: 'Write a', options: [{ optionId: 'o', name: 'Allow', kind: 'allow_once' }] },
      { type: 'text.delta', text: 'ok' },
      { type: 'permission.resolved', requestId: 'r1', optionId: 'o' },
    ]);
    expect(parts[0]).toMatchObject({ kind: 'permission', chosen: 'o', resolved: true });
  });

  it('records a turn-ending error once', () => {
    const parts = fold([
      { type: 'error', name: 'AgentCrashed', message: 'gone' },
      { type: 'turn.end', stopReason: 'error', error: { name: 'AgentCrashed', message: 'gone' } },
    ]);
    expect(parts).toEqual([{ kind: 'error', name: 'AgentCrashed', message: 'gone' }]);
    const parts2 = fold([{ type: 'turn.end', stopReason: 'error', error: { name: 'X', message: 'boom' } }]);
    expect(parts2).toEqual([{ kind: 'error', name: 'X', message: 'boom' }]);
  });

  it('reports which indexes changed', () => {
    const parts: TurnPart[] = [];
    expect(applyEventToParts(parts, { type: 'text.delta', text: 'a' })).toEqual([0]);
    expect(applyEventToParts(parts, { type: 'text.delta', text: 'b' })).toEqual([0]);
    expect(applyEventToParts(parts, { type: 'usage', usage: { inputTokens: 1, outputTokens: 1, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0 } })).toEqual([]);
    expect(applyEventToParts(parts, { type: 'reasoning.delta', text: 'c' })).toEqual([1]);
  });
});
