import { describe, expect, it } from 'vitest';
import { matchScore, rankPaths } from '../../../src-main/core/chats/file-match';

/** The @ mention list: which files match what was typed, and in which order they are offered. */

describe('matchScore', () => {
  it('matches when the query is a subsequence of the path, in order', () => {
    expect(matchScore('src/main/index.ts', 'smi')).not.toBeNull();
    expect(matchScore('src/main/index.ts', 'index')).not.toBeNull();
    // Same letters, wrong order.
    expect(matchScore('src/main/index.ts', 'ims')).toBeNull();
    expect(matchScore('src/main/index.ts', 'xyz')).toBeNull();
    // Each query character needs its own path character.
    expect(matchScore('ab', 'aab')).toBeNull();
  });

  it('scores a match inside the file name above the same letters in a folder name', () => {
    const inName = matchScore('src/lib/util.ts', 'util')!;
    const inFolder = matchScore('util/a.ts', 'util')!;
    expect(inName).toBeGreaterThan(inFolder);
  });

  it('scores consecutive letters above scattered ones', () => {
    expect(matchScore('abcd', 'ab')!).toBeGreaterThan(matchScore('axbx', 'ab')!);
  });
});

describe('rankPaths', () => {
  const paths = ['util/a.ts', 'src/lib/util.ts', 'src/utilities/index.ts', 'README.md', 'docs/guide.md'];

  it('keeps only the paths that contain the query in order', () => {
    expect(rankPaths(paths, 'util', 10).sort()).toEqual(['src/lib/util.ts', 'src/utilities/index.ts', 'util/a.ts']);
    expect(rankPaths(paths, 'zzz', 10)).toEqual([]);
  });

  it('ignores case in both the query and the paths', () => {
    expect(rankPaths(paths, 'readme', 10)).toEqual(['README.md']);
    expect(rankPaths(paths, 'README', 10)).toEqual(['README.md']);
    expect(rankPaths(paths, 'Guide', 10)).toEqual(['docs/guide.md']);
  });

  it('ranks a file-name match above a folder-name match, even a shorter one', () => {
    const ranked = rankPaths(paths, 'util', 10);
    expect(ranked[0]).toBe('src/lib/util.ts');
    expect(ranked.indexOf('src/lib/util.ts')).toBeLessThan(ranked.indexOf('util/a.ts'));
  });

  it('breaks equal scores by the shorter path, then alphabetically', () => {
    // The same file name at different depths scores the same: the shorter path comes first.
    expect(rankPaths(['a/b/c/index.ts', 'a/index.ts', 'b/index.ts'], 'index', 10)).toEqual(['a/index.ts', 'b/index.ts', 'a/b/c/index.ts']);
  });

  it('returns at most `limit` paths, the best ones', () => {
    const many = Array.from({ length: 20 }, (_, i) => `pkg${i}/file.ts`);
    expect(rankPaths([...many, 'file.ts'], 'file', 3)).toEqual(['file.ts', 'pkg0/file.ts', 'pkg1/file.ts']);
    expect(rankPaths(many, 'file', 0)).toEqual([]);
  });

  it('lists every path, shortest first, for an empty query, within the limit', () => {
    expect(rankPaths(['src/deep/nested/file.ts', 'b.ts', 'src/a.ts', 'a.ts'], '', 10)).toEqual(['a.ts', 'b.ts', 'src/a.ts', 'src/deep/nested/file.ts']);
    expect(rankPaths(['src/deep/nested/file.ts', 'b.ts', 'src/a.ts', 'a.ts'], '', 2)).toEqual(['a.ts', 'b.ts']);
  });

  it('does not reorder the caller’s array', () => {
    const input = ['long/path/x.ts', 'x.ts'];
    rankPaths(input, '', 10);
    expect(input).toEqual(['long/path/x.ts', 'x.ts']);
  });
});
