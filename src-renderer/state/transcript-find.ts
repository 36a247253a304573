import { replyText } from '../../src-preload/contract';

/** A turn as the search reads it (a TurnView or a stored Turn). */
type SearchedTurn = { prompt: string; parts: Parameters<typeof replyText>[0] };

/**
 * Find in the chat (Ctrl/Cmd+F): every place the text occurs in the chat's prompts and replies,
 * in transcript order. The transcript is virtualized, so the browser's own find would miss what
 * is scrolled away; this searches the turns themselves and the view scrolls to each match. Pure.
 */

/** One occurrence: the turn it is in and which of that turn's occurrences it is. */
export interface FindMatch {
  turnIndex: number;
  /** 0 for the turn's first occurrence (its prompt first, then its reply). */
  occurrence: number;
}

/** What a turn is searched in: what the user wrote and what the agent replied, as shown. */
const searchableText = (turn: SearchedTurn): string => `${turn.prompt}\n${replyText(turn.parts)}`;

/**
 * Where `needle` (not empty) starts in `text`, not overlapping; both already lower-cased for a
 * case-blind search. The count of the chat's matches and the marks on screen both come from it.
 */
export function occurrenceStarts(text: string, needle: string): number[] {
  const starts: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) starts.push(at);
  return starts;
}

/**
 * Each turn's lower-cased text, by turn object: turns are replaced, never changed, when they
 * change, so while a reply streams with find open only the streaming turn is read again.
 */
const lowered = new WeakMap<SearchedTurn, string>();
const loweredText = (turn: SearchedTurn): string => {
  let text = lowered.get(turn);
  if (text === undefined) {
    text = searchableText(turn).toLowerCase();
    lowered.set(turn, text);
  }
  return text;
};

export function findInTurns(turns: readonly SearchedTurn[], query: string): FindMatch[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const matches: FindMatch[] = [];
  turns.forEach((turn, turnIndex) => {
    const n = occurrenceStarts(loweredText(turn), needle).length;
    for (let occurrence = 0; occurrence < n; occurrence++) matches.push({ turnIndex, occurrence });
  });
  return matches;
}

/** The next (or previous) match from `current`, wrapping around; 0 when there was none yet. */
export function stepMatch(current: number | null, total: number, direction: 1 | -1): number | null {
  if (total === 0) return null;
  if (current === null) return direction === 1 ? 0 : total - 1;
  return (current + direction + total) % total;
}
