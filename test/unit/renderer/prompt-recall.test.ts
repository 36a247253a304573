import { describe, expect, it } from 'vitest';
import { promptHistory, stepRecall, type RecallKey } from '../../../src-renderer/state/prompt-recall';

const up: RecallKey = { direction: 'older', caretOnFirstLine: true, caretOnLastLine: true };
const down: RecallKey = { direction: 'newer', caretOnFirstLine: true, caretOnLastLine: true };

describe('prompt recall', () => {
  it('lists the prompts newest first, a repeat in a row once, blank ones never', () => {
    expect(promptHistory([{ prompt: 'a' }, { prompt: 'b' }, { prompt: 'b' }, { prompt: '  ' }, { prompt: 'a' }])).toEqual(['a', 'b', 'a']);
    expect(promptHistory([])).toEqual([]);
  });

  it('steps back from an empty prompt to the oldest and forward again to the empty prompt', () => {
    const history = ['third', 'second', 'first'];
    let state = { draft: '', recall: null as number | null };
    const press = (key: RecallKey) => {
      const step = stepRecall(history, state.recall, state.draft, key);
      if (step) state = { draft: step.draft, recall: step.recall };
      return step;
    };
    expect(press(up)).toEqual({ draft: 'third', recall: 0, caret: 'start' });
    expect(press(up)?.draft).toBe('second');
    expect(press(up)?.draft).toBe('first');
    // The oldest: the key is left to the caret.
    expect(press(up)).toBeNull();
    expect(press(down)).toEqual({ draft: 'second', recall: 1, caret: 'end' });
    expect(press(down)?.draft).toBe('third');
    expect(press(down)).toEqual({ draft: '', recall: null, caret: 'end' });
    expect(press(down)).toBeNull();
  });

  it('never replaces what the user typed, nor a recalled prompt they edited', () => {
    const history = ['third', 'second'];
    expect(stepRecall(history, null, 'my draft', up)).toBeNull();
    expect(stepRecall(history, null, 'my draft', down)).toBeNull();
    expect(stepRecall(history, 0, 'third, edited', up)).toBeNull();
    expect(stepRecall(history, 0, 'third, edited', down)).toBeNull();
    // A recall left from before a send no longer matches the empty prompt: it starts again at the newest.
    expect(stepRecall(history, 1, '', up)?.draft).toBe('third');
  });

  it('leaves the arrows to the caret inside a prompt of several lines', () => {
    const history = ['line 1\nline 2', 'older'];
    expect(stepRecall(history, 0, 'line 1\nline 2', { ...up, caretOnFirstLine: false })).toBeNull();
    expect(stepRecall(history, 0, 'line 1\nline 2', { ...up, caretOnFirstLine: true })?.draft).toBe('older');
    expect(stepRecall(history, 0, 'line 1\nline 2', { ...down, caretOnLastLine: false })).toBeNull();
    expect(stepRecall(history, 0, 'line 1\nline 2', { ...down, caretOnLastLine: true })?.draft).toBe('');
  });

  it('has nothing to recall in a chat without prompts', () => {
    expect(stepRecall([], null, '', up)).toBeNull();
  });
});
