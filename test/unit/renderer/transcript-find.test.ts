import { describe, expect, it } from 'vitest';
import type { TurnPart } from '../../../src-preload/contract';
import { findInTurns, occurrenceStarts, stepMatch } from '../../../src-renderer/state/transcript-find';

const text = (t: string): TurnPart => ({ kind: 'text', text: t });
const reasoning = (t: string): TurnPart => ({ kind: 'reasoning', text: t });

describe('find in the chat', () => {
  const turns = [
    { prompt: 'Fix the Parser', parts: [reasoning('the parser is slow'), text('I fixed the parser: '), text('parser.ts')] },
    { prompt: 'Add a test', parts: [text('Done.')] },
    { prompt: 'and the PARSER docs?', parts: [] },
  ];

  it('lists every occurrence in prompts and replies, case-insensitively, in transcript order; reasoning is not searched', () => {
    expect(findInTurns(turns, 'parser')).toEqual([
      { turnIndex: 0, occurrence: 0 },
      { turnIndex: 0, occurrence: 1 },
      { turnIndex: 0, occurrence: 2 },
      { turnIndex: 2, occurrence: 0 },
    ]);
    expect(findInTurns(turns, '  done.  ')).toEqual([{ turnIndex: 1, occurrence: 0 }]);
    expect(findInTurns(turns, 'nowhere')).toEqual([]);
    expect(findInTurns(turns, '   ')).toEqual([]);
  });

  it('counts occurrences without overlap', () => {
    expect(occurrenceStarts('aaaa', 'aa')).toEqual([0, 2]);
    expect(occurrenceStarts('ab ab ab', 'ab')).toEqual([0, 3, 6]);
  });

  it('counts a turn anew once it has changed (a reply that streams on), and the old one as it was', () => {
    const turn = { prompt: 'p', parts: [text('needle one')] };
    expect(findInTurns([turn], 'needle')).toHaveLength(1);
    const grown = { ...turn, parts: [text('needle one, needle two')] };
    expect(findInTurns([grown], 'needle')).toHaveLength(2);
    expect(findInTurns([turn], 'needle')).toHaveLength(1);
  });

  it('steps forward and back through the matches, wrapping around', () => {
    expect(stepMatch(null, 3, 1)).toBe(0);
    expect(stepMatch(null, 3, -1)).toBe(2);
    expect(stepMatch(2, 3, 1)).toBe(0);
    expect(stepMatch(0, 3, -1)).toBe(2);
    expect(stepMatch(1, 3, 1)).toBe(2);
    expect(stepMatch(null, 0, 1)).toBeNull();
    expect(stepMatch(1, 0, -1)).toBeNull();
  });
});
