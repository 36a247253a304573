/**
 * ↑ and ↓ in the composer step through the chat's earlier prompts, as in a shell: ↑ in an empty
 * prompt brings back the last one sent, ↑ again the one before, ↓ the other way and, past the
 * newest, the empty prompt again. Only an untouched recalled prompt keeps stepping: once the user
 * edits it, it is their draft and the arrows move the caret as usual. Pure.
 */

/** Which earlier prompt the composer shows, as an index into `promptHistory` (0 = the newest). */
export type PromptRecall = number | null;

/** The chat's prompts, newest first, a prompt sent twice in a row once. */
export function promptHistory(turns: readonly { prompt: string }[]): string[] {
  const history: string[] = [];
  for (let i = turns.length - 1; i >= 0; i--) {
    const prompt = turns[i]!.prompt;
    if (prompt.trim() && history.at(-1) !== prompt) history.push(prompt);
  }
  return history;
}

export interface RecallKey {
  direction: 'older' | 'newer';
  /** The caret is on the prompt's first line (↑ moves it within the text otherwise) … */
  caretOnFirstLine: boolean;
  /** … or on its last line (for ↓). */
  caretOnLastLine: boolean;
}

/**
 * One arrow key: the draft to show and the recall it leaves, with where the caret goes (at the
 * start after ↑, so ↑ again steps on; at the end after ↓); null when the key is the caret's.
 */
export function stepRecall(
  history: readonly string[],
  recall: PromptRecall,
  draft: string,
  key: RecallKey,
): { draft: string; recall: PromptRecall; caret: 'start' | 'end' } | null {
  const recalling = recall !== null && history[recall] === draft;
  if (key.direction === 'older') {
    if (!key.caretOnFirstLine) return null;
    const next = recalling ? recall + 1 : draft === '' ? 0 : null;
    if (next === null || next >= history.length) return null;
    return { draft: history[next]!, recall: next, caret: 'start' };
  }
  if (!recalling || !key.caretOnLastLine) return null;
  return recall === 0 ? { draft: '', recall: null, caret: 'end' } : { draft: history[recall - 1]!, recall: recall - 1, caret: 'end' };
}
