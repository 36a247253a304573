import { describe, expect, it } from 'vitest';
import { sessionInfo } from '../../support/session-info';
import type { AgentOptions, Usage } from '../../../src-preload/contract';
import { applyOptionsEvent, optionsKey, pickerFor, shownOptions, validPick } from '../../../src-renderer/state/agent-options';
import { applyTurnEvents, emptyTranscript, latestContextByAgent } from '../../../src-renderer/state/chat-transcript';
import { contextView } from '../../../src-renderer/state/context-fill';
import { costText } from '../../../src-renderer/state/format';
import { exitLabel, outputSize, shellView } from '../../../src-renderer/state/shell-tool';
import { agentUsageRows, totalsCostReported, usageKey } from '../../../src-renderer/state/usage-select';

const usage = (cost: number, inputTokens = 100): Usage => ({ inputTokens, outputTokens: 10, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost });

describe('context fill', () => {
  it('reads as used / size with a bar and a level', () => {
    expect(contextView({ used: 42_000, size: 200_000 })).toMatchObject({ label: '42k / 200k', ratio: 0.21, level: 'ok' });
    expect(contextView({ used: 170_000, size: 200_000 })?.level).toBe('high');
    expect(contextView({ used: 199_000, size: 200_000 })?.level).toBe('full');
    expect(contextView({ used: 42_000, size: 200_000 })?.title).toBe('Context window: 42,000 of 200,000 tokens (21%)');
  });
  it('caps the bar when an agent reports more than its window, and drops it without a size', () => {
    expect(contextView({ used: 210_000, size: 200_000 })?.ratio).toBe(1);
    expect(contextView({ used: 1500, size: 0 })).toMatchObject({ label: '1.5k in context', ratio: null });
    expect(contextView(null)).toBeNull();
  });
});

describe('cost', () => {
  it('says "no cost reported" instead of $0 when the agent never reported one', () => {
    expect(costText(0, false)).toBe('no cost reported');
    expect(costText(0, true)).toBe('$0');
    expect(costText(0.42, true)).toBe('$0.42');
  });
});

describe('usage rows', () => {
  const session = sessionInfo;
  const live = new Map([
    [usageKey('c1', 'claude'), usage(0.4)],
    [usageKey('c1', 'gemini'), usage(0)],
    [usageKey('c1', 'qwen'), usage(0)],
    [usageKey('c2', 'gemini'), usage(0)],
  ]);

  it('marks cost reported from the session, the summary or a positive total, and takes the newest context', () => {
    const rows = agentUsageRows(
      live,
      'c1',
      [session('gemini', { costReported: false, context: { used: 5, size: 10 } }), session('qwen', { costReported: true })],
      [{ chatId: 'c1', agent: 'gemini', usage: usage(0), costReported: false, context: { used: 1, size: 10 } }],
      new Map([['claude', { used: 9, size: 10 }]]),
    );
    expect(rows.map((r) => [r.agent, r.costReported, r.context?.used ?? null])).toEqual([
      ['claude', true, 9],
      ['gemini', false, 5],
      ['qwen', true, null],
    ]);
  });

  it('counts the totals as reported only with a reported row or a cost', () => {
    const none = { rows: [{ chatId: 'c1', agent: 'gemini', usage: usage(0), costReported: false, context: null }], repoTotal: usage(0), today: usage(0) };
    expect(totalsCostReported(none)).toEqual({ repo: false, today: false });
    expect(totalsCostReported({ ...none, today: usage(1) })).toEqual({ repo: false, today: true });
    expect(totalsCostReported({ ...none, rows: [{ ...none.rows[0]!, costReported: true }] })).toEqual({ repo: true, today: true });
  });

  it('finds each agent’s newest context fill among the recent turns', () => {
    const ev = (turnId: string, agent: string, seq: number, used: number) => ({ chatId: 'c1', turnId, agent, seq, event: { type: 'context' as const, context: { used, size: 100 } } });
    const t = applyTurnEvents(emptyTranscript(), [ev('a', 'claude', 0, 10), ev('b', 'gemini', 0, 20), ev('c', 'claude', 0, 30)], 1);
    expect(Object.fromEntries([...latestContextByAgent(t)].map(([k, v]) => [k, v.used]))).toEqual({ claude: 30, gemini: 20 });
  });
});

describe('agent options', () => {
  const opts = (p: Partial<AgentOptions> = {}): AgentOptions => ({
    models: [
      { id: 'sonnet', name: 'Sonnet' },
      { id: 'opus', name: 'Opus' },
    ],
    modes: [],
    currentModel: 'sonnet',
    currentMode: null,
    commands: [],
    promptCapabilities: { image: true, embeddedContext: true },
    source: 'live',
    ...p,
  });

  it('shows the agent’s current model unless the user picked one, with no default entry once it is known', () => {
    const o = opts();
    expect(pickerFor(o.models, null, 'sonnet', 'Default model')).toEqual({ value: 'sonnet', items: o.models, placeholder: null });
    expect(pickerFor(o.models, 'opus', 'sonnet', 'Default model')?.value).toBe('opus');
    expect(pickerFor(o.models, null, null, 'Default model')).toMatchObject({ value: '', placeholder: 'Default model' });
    expect(pickerFor([], null, 'sonnet', 'Default model')).toBeNull();
  });

  it('shows a current value the list lacks, and drops a pick the agent no longer offers', () => {
    expect(pickerFor([{ id: 'a', name: 'A' }], null, 'b', 'x')).toEqual({ value: 'b', items: [{ id: 'b', name: 'b' }, { id: 'a', name: 'A' }], placeholder: null });
    expect(pickerFor([{ id: 'a', name: 'A' }], 'gone', 'a', 'x')?.value).toBe('a');
    expect(validPick([{ id: 'a' }], 'gone')).toBeNull();
    expect(validPick([{ id: 'a' }], 'a')).toBe('a');
  });

  it('shows nothing when the agent has said nothing yet', () => {
    expect(shownOptions(opts({ source: 'none' }))).toBeNull();
    expect(shownOptions(opts({ source: 'remembered' }))?.source).toBe('remembered');
    expect(shownOptions(undefined)).toBeNull();
  });

  it('gives a chat its live options and other chats without a live session the remembered ones', () => {
    const before = {
      [optionsKey('c1', 'claude')]: opts({ source: 'remembered' }),
      [optionsKey('c2', 'claude')]: opts({ source: 'live' }),
      [optionsKey('c3', 'claude')]: opts({ source: 'none' }),
      [optionsKey('c4', 'claude')]: null,
      [optionsKey('c1', 'gemini')]: opts({ source: 'none' }),
    };
    const fresh = opts({ commands: [{ name: 'review', description: 'Review' }], source: 'live' });
    const next = applyOptionsEvent(before, { agent: 'claude', chatId: 'c1', options: fresh });
    expect(next[optionsKey('c1', 'claude')]).toBe(fresh);
    expect(next[optionsKey('c2', 'claude')]).toBe(before[optionsKey('c2', 'claude')]);
    expect(next[optionsKey('c3', 'claude')]).toEqual({ ...fresh, source: 'remembered' });
    expect(next[optionsKey('c4', 'claude')]).toEqual({ ...fresh, source: 'remembered' });
    expect(next[optionsKey('c1', 'gemini')]).toBe(before[optionsKey('c1', 'gemini')]);
    // Without a chat (agent-wide), only the chats without a live session change.
    const wide = applyOptionsEvent(before, { agent: 'claude', chatId: null, options: fresh });
    expect(wide[optionsKey('c1', 'claude')]).toEqual({ ...fresh, source: 'remembered' });
    expect(wide[optionsKey('c2', 'claude')]).toBe(before[optionsKey('c2', 'claude')]);
  });
});

describe('shell tool calls', () => {
  it('shows command and exit code, red when non-zero, without repeating the command as the title', () => {
    expect(shellView({ title: 'npm test', command: 'npm test', exitCode: 1 })).toEqual({ command: 'npm test', exitCode: 1, failed: true, title: 'Shell' });
    expect(shellView({ title: '`ls -la`', command: 'ls -la', exitCode: 0 })).toMatchObject({ failed: false, title: 'Shell' });
    expect(shellView({ title: 'Run the tests', command: 'npm test' })).toEqual({ command: 'npm test', exitCode: null, failed: false, title: 'Run the tests' });
    expect(shellView({ title: 'Edit a.ts' })).toBeNull();
    expect(exitLabel(127)).toBe('exit 127');
    expect(outputSize('a\nb\n')).toBe('2 lines');
    expect(outputSize('one')).toBe('1 line');
  });
});
