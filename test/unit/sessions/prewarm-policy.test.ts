import { describe, expect, it } from 'vitest';
import { decidePrewarm } from '../../../src-main/core/sessions/prewarm-policy';

const MB = 1024 * 1024;
const base = { usedBytes: 500 * MB, budgetBytes: 2048 * MB, liveSessions: 2, busySessions: 0, maxLiveSessions: 10 };

describe('decidePrewarm', () => {
  it('warms when there is memory and a slot', () => {
    expect(decidePrewarm(base)).toEqual({ action: 'warm' });
  });
  it('warms with no budget at all, whatever the memory', () => {
    expect(decidePrewarm({ ...base, budgetBytes: 0, usedBytes: 64 * 1024 * MB })).toEqual({ action: 'warm' });
  });
  it('is skipped once the agents use more than 90% of the budget', () => {
    expect(decidePrewarm({ ...base, usedBytes: 1800 * MB })).toEqual({ action: 'warm' });
    expect(decidePrewarm({ ...base, usedBytes: 1850 * MB })).toEqual({ action: 'skip', reason: 'the agents already use 1850 MB of the 2048 MB memory budget' });
  });
  it('may take an idle slot when the cap is full', () => {
    expect(decidePrewarm({ ...base, liveSessions: 10, busySessions: 9 })).toEqual({ action: 'warm' });
  });
  it('is skipped when every slot runs a turn (it would have to evict a busy session)', () => {
    expect(decidePrewarm({ ...base, liveSessions: 10, busySessions: 10 })).toEqual({ action: 'skip', reason: 'all 10 live sessions are running turns' });
  });
});
