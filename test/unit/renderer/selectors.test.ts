import { describe, expect, it } from 'vitest';
import { sessionInfo } from '../../support/session-info';
import type { ChangedFile } from '../../../src-preload/contract';
import { conflictFiles, contributors, pruneSelection, riskFromError, riskLines, unseenEditors } from '../../../src-renderer/state/changes-select';
import { createFrameBatcher } from '../../../src-renderer/state/frame-batcher';
import { describeError } from '../../../src-renderer/state/describe-error';
import { formatCost, formatDuration, formatTokens, joinNames } from '../../../src-renderer/state/format';
import { unifiedDiff } from '../../../src-renderer/state/line-diff';
import { sessionChip } from '../../../src-renderer/state/session-chip';
import { cycleTab, tabAfterClose, tabIndicator, unseenEndOf } from '../../../src-renderer/state/tabs';
import { chatUsage, sumUsage, usageKey } from '../../../src-renderer/state/usage-select';

const file = (path: string, agent: string | null): ChangedFile => ({ path, status: 'modified', agent, additions: 1, deletions: 0, binary: false, diff: '', truncated: false });
const session = sessionInfo;

describe('tabs', () => {
  it('cycles both ways and wraps', () => {
    expect(cycleTab(['a', 'b', 'c'], 'c', 1)).toBe('a');
    expect(cycleTab(['a', 'b', 'c'], 'a', -1)).toBe('c');
    expect(cycleTab([], null, 1)).toBeNull();
    expect(cycleTab(['a'], 'gone', 1)).toBe('a');
  });
  it('focuses the right neighbour after closing the active tab', () => {
    expect(tabAfterClose(['a', 'b', 'c'], 'b', 'b')).toBe('c');
    expect(tabAfterClose(['a', 'b', 'c'], 'c', 'c')).toBe('b');
    expect(tabAfterClose(['a', 'b'], 'b', 'a')).toBe('a');
    expect(tabAfterClose(['a'], 'a', 'a')).toBeNull();
  });
});

describe('changes', () => {
  it('names contributors with "you" for the user own edits', () => {
    expect(contributors([file('a', 'qwen'), file('b', null), file('c', 'qwen'), file('d', 'opencode')])).toEqual(['qwen', 'you', 'opencode']);
  });
  it('drops selections of files no longer pending', () => {
    expect([...pruneSelection(new Set(['a', 'z']), [file('a', null)])]).toEqual(['a']);
  });
  it('hints at unseen edits only when the agent has a pending hand-off', () => {
    const files = [file('a', 'qwen'), file('b', 'opencode'), file('c', null)];
    expect(unseenEditors('opencode', [session('opencode', { pendingHandoff: true })], files)).toEqual(['qwen']);
    expect(unseenEditors('opencode', [session('opencode')], files)).toEqual([]);
  });
  it('lists what archiving would lose', () => {
    expect(riskLines({ unappliedFiles: ['a.ts'], dirtyFiles: [], unpushedCommits: ['abc', 'def'] })).toEqual([
      '1 unapplied file: a.ts',
      '2 commits not on any branch you have: abc, def',
    ]);
  });
  it('reads conflict files and risk from error data', () => {
    expect(conflictFiles({ files: ['a', 1, 'b'] })).toEqual(['a', 'b']);
    expect(conflictFiles(undefined)).toEqual([]);
    expect(riskFromError({ risk: { unappliedFiles: ['x'] } })).toEqual({ unappliedFiles: ['x'], dirtyFiles: [], unpushedCommits: [] });
    expect(riskFromError({ other: 1 })).toBeNull();
  });
});

describe('session chip', () => {
  it('says what the next turn does', () => {
    expect(sessionChip('qwen', [session('qwen')]).label).toBe('resumed');
    expect(sessionChip('goose', [session('qwen')]).mode).toBe('new');
  });
});

describe('usage', () => {
  it('sums and groups per chat', () => {
    const u = { inputTokens: 1, outputTokens: 2, reasoningTokens: 3, cacheReadTokens: 4, cacheWriteTokens: 5, cost: 0.25 };
    expect(sumUsage([u, u])).toEqual({ inputTokens: 2, outputTokens: 4, reasoningTokens: 6, cacheReadTokens: 8, cacheWriteTokens: 10, cost: 0.5 });
    const live = new Map([
      [usageKey('c1', 'qwen'), u],
      [usageKey('c2', 'qwen'), u],
      [usageKey('c1', 'goose'), u],
    ]);
    expect(chatUsage(live, 'c1').map((r) => r.agent)).toEqual(['goose', 'qwen']);
  });
});

describe('format', () => {
  it('formats figures compactly', () => {
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(1234)).toBe('1.2k');
    expect(formatTokens(2_500_000)).toBe('2.5M');
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(0.004)).toBe('<$0.01');
    expect(formatCost(1.5)).toBe('$1.50');
    expect(formatDuration(420)).toBe('420 ms');
    expect(formatDuration(3200)).toBe('3.2 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(joinNames(['a', 'b', 'c'])).toBe('a, b and c');
  });
  it('describes named errors with what to do', () => {
    const e = Object.assign(new Error('/tmp/x is not a git repository'), { name: 'NotAGitRepo' });
    expect(describeError(e)).toMatchObject({ name: 'NotAGitRepo', title: 'Not a git repository' });
    expect(describeError(e).hint).toBeTruthy();
  });
});

describe('frame batcher', () => {
  it('hands over everything pushed within a frame in one batch', () => {
    const frames: (() => void)[] = [];
    const batches: number[][] = [];
    const b = createFrameBatcher<number>((items) => batches.push(items), (run) => {
      frames.push(run);
      return () => frames.splice(frames.indexOf(run), 1);
    });
    b.push(1);
    b.push(2);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    b.push(3);
    b.flushNow();
    expect(batches).toEqual([[1, 2], [3]]);
    expect(frames).toHaveLength(0);
  });
});

describe('unifiedDiff', () => {
  it('writes a new file as all additions', () => {
    expect(unifiedDiff('a.txt', null, 'x\ny\n')).toBe('diff --git a/a.txt b/a.txt\nnew file mode 100644\n--- /dev/null\n+++ b/a.txt\n@@ -0,0 +1,2 @@\n+x\n+y\n');
  });
  it('keeps context around a change', () => {
    const old = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const neu = 'a\nb\nc\nd\nE\nf\ng\nh\n';
    expect(unifiedDiff('f', old, neu, 1)).toBe('diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -4,3 +4,3 @@\n d\n-e\n+E\n f\n');
  });
});

describe('shortcuts', () => {
  const k = (key: string, p: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...p });
  it('maps the desktop shortcuts to commands', async () => {
    const { commandForKey } = await import('../../../src-renderer/state/shortcut');
    expect(commandForKey(k('t', { ctrlKey: true }))).toBe('chat.new');
    expect(commandForKey(k('w', { metaKey: true }))).toBe('chat.close');
    expect(commandForKey(k('Tab', { ctrlKey: true }))).toBe('tab.next');
    expect(commandForKey(k('Tab', { ctrlKey: true, shiftKey: true }))).toBe('tab.previous');
    expect(commandForKey(k('Enter', { ctrlKey: true }))).toBe('turn.send');
    expect(commandForKey(k('t'))).toBeNull();
    expect(commandForKey(k('Tab'))).toBeNull();
  });
});

describe('tool titles', () => {
  it('drops the worktree folder from an absolute path in the title', async () => {
    const { shortenToolTitle } = await import('../../../src-renderer/state/tool-title');
    expect(shortenToolTitle('/data/wt/chat_1/notes.txt', ['/data/wt/chat_1/notes.txt'])).toBe('notes.txt');
    expect(shortenToolTitle('Edit /w/c/src/a.ts', ['/w/c/src/a.ts'])).toBe('Edit a.ts');
    expect(shortenToolTitle('WriteFile', ['/w/c/a.ts'])).toBe('WriteFile');
    expect(shortenToolTitle('Edit a.ts', ['a.ts'])).toBe('Edit a.ts');
  });
});

describe('tab indicator', () => {
  it('pulses while an agent works, else shows what ended unseen; a cancel leaves nothing', () => {
    expect(tabIndicator(true, 'failed')).toBe('busy');
    expect(tabIndicator(false, 'done')).toBe('done');
    expect(tabIndicator(false, undefined)).toBeNull();
    expect(unseenEndOf('end_turn')).toBe('done');
    expect(unseenEndOf('max_tokens')).toBe('done');
    expect(unseenEndOf('error')).toBe('failed');
    expect(unseenEndOf('cancelled')).toBeNull();
    expect(unseenEndOf('interrupted')).toBeNull();
  });
});
