import { describe, expect, it } from 'vitest';
import { PendingChoice } from '../../../src-main/core/setup/pending-choice';

describe('a pending choice', () => {
  it('is answered once; an answer with nothing asked says so', async () => {
    const choice = new PendingChoice<string>();
    expect(choice.reply('retry')).toBe(false);
    const asked = choice.ask(new AbortController().signal, 'cancel');
    expect(choice.waiting).toBe(true);
    expect(choice.reply('retry')).toBe(true);
    expect(await asked).toBe('retry');
    expect(choice.waiting).toBe(false);
    expect(choice.reply('continue')).toBe(false);
  });

  it('is given up with its abort answer when the signal aborts, before or while it is asked', async () => {
    const choice = new PendingChoice<string>();
    const abort = new AbortController();
    const asked = choice.ask(abort.signal, 'cancel');
    abort.abort();
    expect(await asked).toBe('cancel');
    expect(choice.waiting).toBe(false);
    expect(await choice.ask(abort.signal, 'cancel')).toBe('cancel');
    expect(choice.waiting).toBe(false);
  });
});
