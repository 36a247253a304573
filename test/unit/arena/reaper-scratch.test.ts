import { describe, expect, it } from 'vitest';
import { decideReap, type ReaperSnapshot } from '../../../src-main/core/worktrees/reaper-policy';

const ROOT = '/data/worktrees';
const REPO = '/src/repo';
const scratch = (arenaId: string, agent: string) => `${ROOT}/${arenaId}/${agent}`;

function snap(partial: Partial<ReaperSnapshot>): ReaperSnapshot {
  return { now: 0, graceMs: 1000, rows: [], chats: [], gitWorktrees: [], folders: [], risk: {}, ...partial };
}

describe('the reaper and arena scratch worktrees', () => {
  it("never touches an open arena's worktrees nor flags their folder", () => {
    const actions = decideReap(
      snap({
        gitWorktrees: [{ repoPath: REPO, path: scratch('arena_a', 'qwen'), prunable: false }],
        folders: [`${ROOT}/arena_a`],
        scratch: [{ path: scratch('arena_a', 'qwen'), open: true, arenaId: 'arena_a', agent: 'qwen' }],
      }),
    );
    expect(actions).toEqual([]);
  });

  it("removes what a closed arena left behind (its state is kept under its ref by the shell first)", () => {
    const actions = decideReap(
      snap({
        gitWorktrees: [{ repoPath: REPO, path: scratch('arena_b', 'opencode'), prunable: false }],
        folders: [`${ROOT}/arena_b`],
        scratch: [{ path: scratch('arena_b', 'opencode'), open: false, arenaId: 'arena_b', agent: 'opencode' }],
      }),
    );
    expect(actions).toEqual([{ kind: 'removeScratch', arenaId: 'arena_b', agent: 'opencode' }]);
  });

  it('prunes the registry entry of a scratch worktree whose folder is gone; unknown worktrees stay flagged, never removed', () => {
    const actions = decideReap(
      snap({
        gitWorktrees: [
          { repoPath: REPO, path: scratch('arena_c', 'qwen'), prunable: true },
          { repoPath: REPO, path: `${ROOT}/stranger`, prunable: false },
        ],
        folders: [`${ROOT}/stranger`],
        scratch: [{ path: scratch('arena_c', 'qwen'), open: true, arenaId: 'arena_c', agent: 'qwen' }],
      }),
    );
    expect(actions).toContainEqual({ kind: 'prune', repoPath: REPO, paths: [scratch('arena_c', 'qwen')] });
    expect(actions).toContainEqual(expect.objectContaining({ kind: 'flagUnknown', path: `${ROOT}/stranger` }));
    expect(actions.some((a) => a.kind === 'removeScratch' || a.kind === 'archive')).toBe(false);
  });
});
