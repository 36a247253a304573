import { describe, expect, it } from 'vitest';
import { joinStats, parseNumstatZ, parseRawNumstatZ, parseRawZ, touchedPaths } from '../../../src-main/core/worktrees/diff-parse';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const Z = '0'.repeat(40);

describe('parseRawZ', () => {
  it('reads modifications, additions, deletions, renames, type changes and odd path characters', () => {
    const out = [
      `:100644 100755 ${A} ${B} M`, 'run.sh',
      `:000000 100644 ${Z} ${B} A`, 'dir/new file\twith tab.txt',
      `:100644 000000 ${A} ${Z} D`, 'gone.txt',
      `:100644 100644 ${A} ${A} R100`, 'old.txt', 'new.txt',
      `:100644 120000 ${A} ${B} T`, 'link',
      '',
    ].join('\0');
    expect(parseRawZ(out)).toEqual([
      { status: 'modified', path: 'run.sh', oldPath: null, oldMode: '100644', newMode: '100755', oldSha: A, newSha: B },
      { status: 'added', path: 'dir/new file\twith tab.txt', oldPath: null, oldMode: '000000', newMode: '100644', oldSha: Z, newSha: B },
      { status: 'deleted', path: 'gone.txt', oldPath: null, oldMode: '100644', newMode: '000000', oldSha: A, newSha: Z },
      { status: 'renamed', path: 'new.txt', oldPath: 'old.txt', oldMode: '100644', newMode: '100644', oldSha: A, newSha: A },
      { status: 'type_changed', path: 'link', oldPath: null, oldMode: '100644', newMode: '120000', oldSha: A, newSha: B },
    ]);
  });

  it('is empty for no output', () => {
    expect(parseRawZ('')).toEqual([]);
  });
});

describe('parseNumstatZ and joinStats', () => {
  it('reads counts, binary markers and rename pairs, and joins them by new path', () => {
    const out = ['3\t1\ta.txt', '-\t-\timg.png', '0\t0\t', 'old.txt', 'new.txt', '2\t0\tpath\twith tab', ''].join('\0');
    const stats = parseNumstatZ(out);
    expect(stats).toEqual([
      { path: 'a.txt', additions: 3, deletions: 1, binary: false },
      { path: 'img.png', additions: 0, deletions: 0, binary: true },
      { path: 'new.txt', additions: 0, deletions: 0, binary: false },
      { path: 'path\twith tab', additions: 2, deletions: 0, binary: false },
    ]);
    const raw = parseRawZ([`:100644 100644 ${A} ${B} M`, 'a.txt', `:100644 100644 ${A} ${A} R100`, 'old.txt', 'new.txt', `:000000 100644 ${Z} ${B} A`, 'empty', ''].join('\0'));
    expect(joinStats(raw, stats).map((e) => [e.path, e.additions, e.deletions, e.binary])).toEqual([
      ['a.txt', 3, 1, false],
      ['new.txt', 0, 0, false],
      ['empty', 0, 0, false],
    ]);
    expect([...touchedPaths(raw)].sort()).toEqual(['a.txt', 'empty', 'new.txt', 'old.txt']);
  });
});

describe('parseRawNumstatZ', () => {
  it('splits one --raw --numstat output into its two parts, renames included', () => {
    const out = [`:100644 100644 ${A} ${B} M`, 'a.txt', `:100644 100644 ${A} ${A} R100`, 'old.txt', 'new.txt', '1\t1\ta.txt', '0\t0\t', 'old.txt', 'new.txt', ''].join('\0');
    const { raw, numstat } = parseRawNumstatZ(out);
    expect(raw.map((r) => [r.status, r.path, r.oldPath])).toEqual([
      ['modified', 'a.txt', null],
      ['renamed', 'new.txt', 'old.txt'],
    ]);
    expect(numstat.map((n) => [n.path, n.additions, n.deletions])).toEqual([
      ['a.txt', 1, 1],
      ['new.txt', 0, 0],
    ]);
    expect(parseRawNumstatZ('')).toEqual({ raw: [], numstat: [] });
  });
});
