import { describe, expect, it } from 'vitest';
import { arenaStatusAfter, contestantStatus, discardRisk, isArenaOpen, pickPlan, pickRefusal, preparationFits, prewarmRefusal, restoreRefusal } from '../../../src-main/core/arena/arena-policy';
import { contestantRefName, refs } from '../../../src-main/core/worktrees/refs';

describe('arena status', () => {
  it('runs while any contestant does, then waits for a pick; a closed or interrupted arena stays so', () => {
    expect(arenaStatusAfter('running', [{ status: 'done' }, { status: 'running' }])).toBe('running');
    expect(arenaStatusAfter('running', [{ status: 'done' }, { status: 'queued' }])).toBe('running');
    expect(arenaStatusAfter('running', [{ status: 'done' }, { status: 'cancelled' }, { status: 'failed' }])).toBe('done');
    expect(arenaStatusAfter('picked', [{ status: 'running' }])).toBe('picked');
    expect(arenaStatusAfter('discarded', [])).toBe('discarded');
    expect(arenaStatusAfter('interrupted', [{ status: 'done' }])).toBe('interrupted');
    expect(['running', 'done', 'interrupted'].every((s) => isArenaOpen(s as never))).toBe(true);
    expect(isArenaOpen('picked') || isArenaOpen('discarded')).toBe(false);
  });

  it('a contestant the user cancelled is cancelled whatever it answered, but an error stays an error', () => {
    expect(contestantStatus('end_turn', false)).toEqual({ status: 'done', stopReason: 'end_turn' });
    expect(contestantStatus('end_turn', true)).toEqual({ status: 'cancelled', stopReason: 'cancelled' });
    expect(contestantStatus('error', true)).toEqual({ status: 'failed', stopReason: 'error' });
    expect(contestantStatus('interrupted', false)).toEqual({ status: 'interrupted', stopReason: 'interrupted' });
  });
});

describe('pick', () => {
  const ended = { status: 'done' as const, finalTree: 'abc' };
  it('is refused, by name, on a closed arena, an unknown or running contestant, or one whose work was not recorded', () => {
    expect(pickRefusal({ status: 'picked' }, ended, 'qwen')?.name).toBe('ArenaClosed');
    expect(pickRefusal({ status: 'discarded' }, ended, 'qwen')?.name).toBe('ArenaClosed');
    expect(pickRefusal({ status: 'done' }, undefined, 'qwen')?.name).toBe('NotFound');
    expect(pickRefusal({ status: 'running' }, { status: 'running', finalTree: null }, 'qwen')?.name).toBe('ContestantRunning');
    expect(pickRefusal({ status: 'done' }, { status: 'done', finalTree: null }, 'qwen')?.name).toBe('NotFound');
  });
  it('goes ahead for an ended contestant of an open arena, interrupted ones included', () => {
    expect(pickRefusal({ status: 'done' }, ended, 'qwen')).toBeNull();
    expect(pickRefusal({ status: 'interrupted' }, { status: 'interrupted', finalTree: 't' }, 'qwen')).toBeNull();
    expect(pickRefusal({ status: 'running' }, { status: 'cancelled', finalTree: 't' }, 'qwen')).toBeNull();
  });
  it('writes every path the winner changed (both sides of a rename) and names those the chat changed since the fork', () => {
    const plan = pickPlan(
      [
        { path: 'b.txt' },
        { path: 'new-name.ts', oldPath: 'old-name.ts' },
        { path: 'a.txt', oldPath: null },
      ],
      new Set(['old-name.ts', 'elsewhere.md']),
    );
    expect(plan.targets).toEqual(['a.txt', 'b.txt', 'new-name.ts', 'old-name.ts']);
    expect(plan.conflicts).toEqual(['old-name.ts']);
    expect(pickPlan([{ path: 'x' }], new Set()).conflicts).toEqual([]);
  });
});

describe('discard guard', () => {
  it('names contestants with changed files or still working; the others are no risk', () => {
    expect(
      discardRisk([
        { agent: 'opencode', status: 'done', files: [{ path: 'a.txt' }] },
        { agent: 'qwen', status: 'cancelled', files: [] },
        { agent: 'gemini', status: 'running', files: null },
        { agent: 'codex', status: 'failed', files: null },
      ]),
    ).toEqual([
      { agent: 'opencode', files: ['a.txt'] },
      { agent: 'gemini', files: [] },
    ]);
    expect(discardRisk([{ agent: 'qwen', status: 'done', files: [] }])).toEqual([]);
  });
});

describe('arena refs', () => {
  it("keep the agent's id where git accepts it, else its position", () => {
    expect(refs.arenaContestant('arena_1', 0, 'opencode')).toBe('refs/boocoder/arena/arena_1/opencode');
    expect(refs.arenaContestant('arena_1', 1, 'my.agent')).toBe('refs/boocoder/arena/arena_1/my.agent');
    expect(contestantRefName(2, 'a..b')).toBe('contestant-2');
    expect(contestantRefName(3, 'x.lock')).toBe('contestant-3');
    expect(contestantRefName(4, 'fork')).toBe('contestant-4');
    expect(refs.arenaFork('arena_1')).toBe('refs/boocoder/arena/arena_1/fork');
  });
});

describe('restore refusal', () => {
  const kept = { finalTree: 'abc', files: [{ path: 'a.txt' }], restoredTurnId: null };
  const picked = { status: 'picked' as const, pickedAgent: 'qwen', pickedTurnId: 'turn_1' };

  it('restores a kept loser of a picked or discarded arena', () => {
    expect(restoreRefusal(picked, kept, 'opencode')).toBeNull();
    expect(restoreRefusal({ status: 'discarded', pickedAgent: null, pickedTurnId: null }, kept, 'qwen')).toBeNull();
  });

  it('refuses while the arena is open, an unknown agent, the winner or a contestant already restored, and one with nothing kept', () => {
    for (const status of ['running', 'done', 'interrupted'] as const) {
      expect(restoreRefusal({ status, pickedAgent: null, pickedTurnId: null }, kept, 'qwen')?.name).toBe('ArenaOpen');
    }
    expect(restoreRefusal(picked, undefined, 'codex')?.name).toBe('NotFound');
    expect(restoreRefusal(picked, kept, 'qwen')).toMatchObject({ name: 'NothingToRestore', data: { turnId: 'turn_1' } });
    expect(restoreRefusal(picked, { ...kept, restoredTurnId: 'turn_7' }, 'opencode')).toMatchObject({ name: 'NothingToRestore', data: { turnId: 'turn_7' } });
    expect(restoreRefusal(picked, { ...kept, finalTree: null }, 'opencode')?.name).toBe('NotFound');
    expect(restoreRefusal(picked, { ...kept, files: [] }, 'opencode')?.name).toBe('NothingToRestore');
  });
});

describe('contestants prepared ahead', () => {
  it('are not prepared when a setup script must run first or the chat is busy', () => {
    expect(prewarmRefusal({ hasSetupScript: false, chatBusy: false })).toBeNull();
    expect(prewarmRefusal({ hasSetupScript: true, chatBusy: false })).toContain('setup script');
    expect(prewarmRefusal({ hasSetupScript: false, chatBusy: true })).toContain('turn is running');
  });

  it('serve the arena only while the chat is what they were forked from, with no setup to run', () => {
    const fork = { tree: 't1', head: 'h1' };
    expect(preparationFits({ tree: 't1', head: 'h1' }, fork, false)).toBe(true);
    expect(preparationFits({ tree: 't2', head: 'h1' }, fork, false)).toBe(false);
    expect(preparationFits({ tree: 't1', head: 'h2' }, fork, false)).toBe(false);
    expect(preparationFits({ tree: 't1', head: 'h1' }, fork, true)).toBe(false);
    expect(preparationFits(null, fork, false)).toBe(false);
  });
});
