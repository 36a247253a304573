import { describe, expect, it } from 'vitest';
import { attribute } from '../../../src-main/core/worktrees/attribution';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('attribute', () => {
  const entry = (path: string, oldPath: string | null = null) => ({
    status: oldPath ? ('renamed' as const) : ('modified' as const),
    path,
    oldPath,
    oldMode: '100644',
    newMode: '100644',
    oldSha: A,
    newSha: B,
    additions: 1,
    deletions: 0,
    binary: false,
  });

  it('gives touched files to the actor, keeps earlier owners, and follows renames', () => {
    const previous = new Map<string, string | null>([
      ['kept.txt', 'goose'],
      ['user.txt', null],
      ['before-rename.txt', 'qwen'],
    ]);
    const files = attribute([entry('kept.txt'), entry('user.txt'), entry('mine.txt'), entry('after-rename.txt', 'before-rename.txt'), entry('stranger.txt')], previous, new Set(['mine.txt']), 'claude');
    expect(files.map((f) => [f.path, f.agent])).toEqual([
      ['kept.txt', 'goose'],
      ['user.txt', null],
      ['mine.txt', 'claude'],
      ['after-rename.txt', 'qwen'],
      ['stranger.txt', null],
    ]);
  });

  it("the user's step (actor null) takes over files an agent had changed", () => {
    const files = attribute([entry('a.txt')], new Map([['a.txt', 'goose']]), new Set(['a.txt']), null);
    expect(files[0]!.agent).toBeNull();
  });

  it('a rename counts as touched through either of its paths', () => {
    const files = attribute([entry('new.txt', 'old.txt')], new Map(), new Set(['old.txt']), 'goose');
    expect(files[0]!.agent).toBe('goose');
  });
});
