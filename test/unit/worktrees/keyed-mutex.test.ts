import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../../src-main/core/worktrees/keyed-mutex';

describe('KeyedMutex', () => {
  it('runs work for one key one at a time, in order, even when some fails', async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    const step = (name: string, ms: number, fail = false) => () =>
      new Promise<string>((resolve, reject) => {
        log.push(`start ${name}`);
        setTimeout(() => {
          log.push(`end ${name}`);
          if (fail) reject(new Error(name));
          else resolve(name);
        }, ms);
      });
    const results = await Promise.allSettled([m.run('k', step('a', 20, true)), m.run('k', step('b', 1)), m.run('other', step('c', 1))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('end a')).toBeLessThan(log.indexOf('start b'));
    expect(log.indexOf('start c')).toBeLessThan(log.indexOf('end a'));
  });
});
