import { describe, expect, it } from 'vitest';
import { buildHandoff, HANDOFF_LIMITS, unseenTurns, withHandoff } from '../../../src-main/core/turns/handoff';

describe('buildHandoff', () => {
  it('is null when nothing happened meanwhile', () => {
    expect(buildHandoff([], { ownHistory: false })).toBeNull();
  });

  it("quotes others' prompts, replies and changed files, in order", () => {
    const text = buildHandoff(
      [
        { agentName: 'OpenCode', prompt: 'add a readme', reply: 'Added README.md', changedFiles: ['README.md'] },
        { agentName: 'Goose', prompt: 'fix the test', reply: 'Fixed.', changedFiles: [] },
      ],
      { ownHistory: false },
    )!;
    expect(text).toContain('other agents worked in this same workspace');
    expect(text.indexOf('add a readme')).toBeLessThan(text.indexOf('fix the test'));
    expect(text).toContain('Files changed: README.md');
    expect(text).toContain('Goose replied: Fixed.');
  });

  it('says so when it replays the agent’s own lost history', () => {
    const text = buildHandoff([{ agentName: 'Qwen', prompt: 'p', reply: 'r', changedFiles: [] }], { ownHistory: true })!;
    expect(text).toContain('could not be restored');
  });

  it('stays within its budget, keeping the newest turns and counting the omitted ones', () => {
    const turns = Array.from({ length: 50 }, (_, i) => ({ agentName: 'A', prompt: `prompt ${i} ${'x'.repeat(3000)}`, reply: 'y'.repeat(3000), changedFiles: [] }));
    const text = buildHandoff(turns, { ownHistory: false })!;
    expect(text.length).toBeLessThanOrEqual(HANDOFF_LIMITS.total + 200);
    expect(text).toContain('prompt 49');
    expect(text).not.toContain('prompt 0 ');
    expect(text).toMatch(/\d+ earlier turns omitted/);
  });

  it('puts the hand-off before the user prompt', () => {
    expect(withHandoff('CTX', 'do it')).toBe('CTX\n\ndo it');
    expect(withHandoff(null, 'do it')).toBe('do it');
  });
});

describe('unseenTurns', () => {
  const turns = [
    { ordinal: 1, agent: 'opencode', status: 'done' },
    { ordinal: 2, agent: 'qwen', status: 'done' },
    { ordinal: 3, agent: 'opencode', status: 'failed' },
    { ordinal: 4, agent: 'qwen', status: 'queued' },
  ];
  it("is the other agents' finished turns after the last one seen", () => {
    expect(unseenTurns(turns, 'qwen', 2).map((t) => t.ordinal)).toEqual([3]);
    expect(unseenTurns(turns, 'qwen', 0).map((t) => t.ordinal)).toEqual([1, 3]);
    expect(unseenTurns(turns, 'opencode', 3)).toEqual([]);
  });
  it('stops before the current turn, and includes the agent’s own turns when its memory is gone', () => {
    expect(unseenTurns(turns, 'qwen', 0, { beforeOrdinal: 3 }).map((t) => t.ordinal)).toEqual([1]);
    expect(unseenTurns(turns, 'qwen', 2, { ownHistory: true, beforeOrdinal: 4 }).map((t) => t.ordinal)).toEqual([1, 2, 3]);
  });
});
