import { describe, expect, it } from 'vitest';
import type { Arena, ArenaContestant } from '../../../src-preload/contract';
import { emptyUsage } from '../../../src-preload/contract';
import type { ContestantSetupPart } from '../../../src-preload/contract';
import { applyArenaEvent, applyArenaSetup, applyArenaSetupOutput, arenaActions, isStarting, mergeArena, setupWaitLabel, setupWaits } from '../../../src-renderer/state/arena-view';

const contestant = (agent: string, extra: Partial<ArenaContestant> = {}): ArenaContestant => ({
  agent,
  status: 'running',
  text: '',
  parts: [],
  usage: emptyUsage(),
  costReported: false,
  model: null,
  startedAt: 1,
  endedAt: null,
  files: [],
  archivedRef: null,
  restoredTurnId: null,
  eventsSeen: 0,
  ...extra,
});

const arena = (contestants: ArenaContestant[], status: Arena['status'] = 'running'): Arena => ({
  id: 'arena_1',
  chatId: 'chat_1',
  prompt: 'do it',
  status,
  contestants,
  createdAt: 1,
  endedAt: null,
});

describe('the arena view state', () => {
  it('streams each contestant on its own, ignoring replays and other arenas', () => {
    let s = mergeArena(arena([contestant('opencode'), contestant('qwen')]), undefined);
    s = applyArenaEvent(s, { arenaId: 'arena_1', agent: 'qwen', seq: 0, event: { type: 'text.delta', text: 'hel' } }, 5);
    s = applyArenaEvent(s, { arenaId: 'arena_1', agent: 'qwen', seq: 1, event: { type: 'text.delta', text: 'lo' } }, 5);
    const same = applyArenaEvent(s, { arenaId: 'arena_1', agent: 'qwen', seq: 1, event: { type: 'text.delta', text: 'lo' } }, 5);
    expect(same).toBe(s);
    expect(applyArenaEvent(s, { arenaId: 'arena_2', agent: 'qwen', seq: 2, event: { type: 'text.delta', text: '!' } }, 5)).toBe(s);
    expect(s.contestants.find((c) => c.agent === 'qwen')!.turn.parts).toEqual([{ kind: 'text', text: 'hello' }]);
    expect(s.contestants.find((c) => c.agent === 'opencode')!.turn.parts).toEqual([]);
  });

  it('a read mid-stream resumes after the events it holds; an ended contestant takes the read with its files', () => {
    const read = arena([contestant('qwen', { parts: [{ kind: 'text', text: 'abc' }], eventsSeen: 3 })]);
    let s = mergeArena(read, undefined);
    s = applyArenaEvent(s, { arenaId: 'arena_1', agent: 'qwen', seq: 2, event: { type: 'text.delta', text: 'c' } }, 5);
    expect(s.contestants[0]!.turn.parts).toEqual([{ kind: 'text', text: 'abc' }]);
    s = applyArenaEvent(s, { arenaId: 'arena_1', agent: 'qwen', seq: 3, event: { type: 'text.delta', text: 'd' } }, 5);
    expect(s.contestants[0]!.turn.parts).toEqual([{ kind: 'text', text: 'abcd' }]);
    // A later read of the still-running contestant keeps the live copy.
    expect(mergeArena(read, s).contestants[0]!.turn.parts).toEqual([{ kind: 'text', text: 'abcd' }]);
    const file = { path: 'a.txt', status: 'added' as const, additions: 1, deletions: 0, binary: false, diff: '+a', truncated: false };
    const ended = mergeArena(arena([contestant('qwen', { status: 'done', stopReason: 'end_turn', parts: [{ kind: 'text', text: 'abcd!' }], files: [file] })], 'done'), s);
    expect(ended.contestants[0]!.turn.status).toBe('done');
    expect(ended.contestants[0]!.files).toEqual([file]);
  });

  it('offers cancel while someone works, pick for ended contestants, nothing once closed', () => {
    const running = mergeArena(arena([contestant('opencode'), contestant('qwen', { status: 'done' })]), undefined);
    expect(arenaActions(running)).toEqual({ cancelAll: true, discard: true, pickable: new Set(['qwen']), restorable: new Set() });
    const done = mergeArena(arena([contestant('opencode', { status: 'cancelled' }), contestant('qwen', { status: 'done' })], 'done'), undefined);
    expect(arenaActions(done)).toEqual({ cancelAll: false, discard: true, pickable: new Set(['opencode', 'qwen']), restorable: new Set() });
    const picked = mergeArena(arena([contestant('qwen', { status: 'done' })], 'picked'), undefined);
    expect(arenaActions(picked)).toEqual({ cancelAll: false, discard: false, pickable: new Set(), restorable: new Set() });
  });

  it('once closed, offers to restore the contestants that changed files and are not in the chat yet', () => {
    const file = { path: 'a.txt', status: 'added' as const, additions: 1, deletions: 0, binary: false, diff: '+a', truncated: false };
    const kept = (agent: string, extra: Partial<ArenaContestant> = {}) =>
      contestant(agent, { status: 'done', files: [file], archivedRef: `refs/boocoder/arena/arena_1/${agent}`, ...extra });
    const picked = mergeArena(
      {
        ...arena([kept('qwen'), kept('opencode'), kept('codex', { restoredTurnId: 'turn_3' }), kept('gemini', { files: [] }), kept('claude', { archivedRef: null })], 'picked'),
        pickedAgent: 'qwen',
      },
      undefined,
    );
    expect(arenaActions(picked).restorable).toEqual(new Set(['opencode']));
    const discarded = mergeArena(arena([kept('qwen'), kept('opencode')], 'discarded'), undefined);
    expect(arenaActions(discarded).restorable).toEqual(new Set(['qwen', 'opencode']));
  });

  it("keeps a contestant's setup run first in its transcript: its log grows, a failure waits, a continue starts the agent", () => {
    const run = (extra: Partial<ContestantSetupPart> = {}): ContestantSetupPart => ({ kind: 'setup', status: 'running', log: '', exitCode: null, timedOut: false, startedAt: 1, endedAt: null, afterFailure: null, ...extra });
    const qwen = (s: ReturnType<typeof mergeArena>) => s.contestants.find((c) => c.agent === 'qwen')!;
    let s = mergeArena(arena([contestant('opencode'), contestant('qwen')]), undefined);
    s = applyArenaSetup(s, { arenaId: 'arena_1', agent: 'qwen', setup: run() });
    s = applyArenaSetupOutput(s, { arenaId: 'arena_1', agent: 'qwen', chunk: 'installing\n' });
    s = applyArenaSetupOutput(s, { arenaId: 'arena_1', agent: 'qwen', chunk: 'npm ERR!\n' });
    expect(qwen(s).turn.parts).toEqual([run({ log: 'installing\nnpm ERR!\n' })]);
    expect(isStarting(qwen(s))).toBe(false);
    expect(setupWaitLabel(qwen(s))).toBe('setting up');
    expect(applyArenaSetupOutput(s, { arenaId: 'arena_2', agent: 'qwen', chunk: 'x' })).toBe(s);

    s = applyArenaSetup(s, { arenaId: 'arena_1', agent: 'qwen', setup: run({ status: 'failed', log: 'installing\nnpm ERR!\n', exitCode: 1, endedAt: 2 }) });
    expect(setupWaits(qwen(s))).toBe(true);
    expect(setupWaitLabel(qwen(s))).toBe('setup failed');
    // Output of a run that has ended is not added to its log.
    expect(applyArenaSetupOutput(s, { arenaId: 'arena_1', agent: 'qwen', chunk: 'late' })).toBe(s);
    // Continue: the same part, now settled, replaced in place; the agent is starting.
    s = applyArenaSetup(s, { arenaId: 'arena_1', agent: 'qwen', setup: run({ status: 'failed', exitCode: 1, endedAt: 2, afterFailure: 'continued' }) });
    expect(qwen(s).turn.parts).toHaveLength(1);
    expect(setupWaits(qwen(s))).toBe(false);
    expect(isStarting(qwen(s))).toBe(true);
    expect(setupWaitLabel(qwen(s))).toBeNull();
    expect(s.contestants.find((c) => c.agent === 'opencode')!.turn.parts).toEqual([]);
  });
});
