import { describe, expect, it } from 'vitest';
import { parseWorktreeList } from '../../../src-main/core/worktrees/worktree-list';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('parseWorktreeList', () => {
  it('reads porcelain -z records', () => {
    const out = [
      'worktree /repo', `HEAD ${A}`, 'branch refs/heads/main', '',
      'worktree /data/worktrees/chat_1', `HEAD ${B}`, 'branch refs/heads/boocoder/chat_1', 'locked', '',
      'worktree /data/worktrees/gone', `HEAD ${B}`, 'detached', 'prunable gitdir file points to non-existent location', '',
      '',
    ].join('\0');
    expect(parseWorktreeList(out)).toEqual([
      { path: '/repo', head: A, branch: 'refs/heads/main', bare: false, locked: false, prunable: false },
      { path: '/data/worktrees/chat_1', head: B, branch: 'refs/heads/boocoder/chat_1', bare: false, locked: true, prunable: false },
      { path: '/data/worktrees/gone', head: B, branch: null, bare: false, locked: false, prunable: true },
    ]);
  });
});
