import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readProcessGroupRss, RssSampler } from '../../../src-main/core/sessions/process-group-rss';

describe('RssSampler', () => {
  it('reads a group at most once per interval, and again once the sample is old', () => {
    const clock = { now: 0 };
    const reads: number[] = [];
    const sampler = new RssSampler(2000, () => clock.now, (pgid) => (reads.push(pgid), pgid * 1000 + reads.length));
    expect(sampler.rss(7)).toBe(7001);
    clock.now = 1999;
    expect(sampler.rss(7)).toBe(7001);
    expect(sampler.rss(8)).toBe(8002);
    clock.now = 2000;
    expect(sampler.rss(7)).toBe(7003);
    expect(reads).toEqual([7, 8, 7]);
  });

  it('remembers that a group could not be read, and forgets groups it is no longer asked about', () => {
    const clock = { now: 0 };
    let reads = 0;
    const sampler = new RssSampler(2000, () => clock.now, () => (reads++, undefined));
    expect(sampler.rss(5)).toBeUndefined();
    expect(sampler.rss(5)).toBeUndefined();
    expect(reads).toBe(1);
    sampler.retain(new Set([6]));
    expect(sampler.rss(5)).toBeUndefined();
    expect(reads).toBe(2);
  });
});

describe('readProcessGroupRss', () => {
  it("counts this test's own process group on Linux, and nothing for a group that does not exist", () => {
    if (process.platform !== 'linux') return;
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    expect(readProcessGroupRss(pgid)).toBeGreaterThan(10 * 1024 * 1024);
    expect(readProcessGroupRss(2 ** 22 + 12345)).toBeUndefined();
  });
});
