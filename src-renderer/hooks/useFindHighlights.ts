import { useEffect, type RefObject } from 'react';
import { occurrenceStarts, type FindMatch } from '../state/transcript-find';

/** Where find looks in a turn's row: the prompt and the reply's text, not its tools, reasoning or buttons. */
const SEARCHED = '.turn__prompt-text, .turn__reply > .md';

/** The occurrences of `needle` (lower-cased) in the row's searched text, in document order. */
function rangesIn(row: HTMLElement, needle: string): Range[] {
  const ranges: Range[] = [];
  for (const area of row.querySelectorAll(SEARCHED)) {
    const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      if (node.parentElement?.closest('button')) continue;
      for (const at of occurrenceStarts(node.data.toLowerCase(), needle)) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + needle.length);
        ranges.push(range);
      }
    }
  }
  return ranges;
}

/** The current match's range, when its turn's row is on screen. */
function currentRange(el: HTMLElement, needle: string, target: FindMatch): Range | null {
  const row = el.querySelector<HTMLElement>(`[data-index="${target.turnIndex}"]`);
  const ranges = row ? rangesIn(row, needle) : [];
  return ranges[Math.min(target.occurrence, ranges.length - 1)] ?? null;
}

/** Frames the current match must stay put before it is brought into view (the list is still measuring its rows before that). */
const STILL_FRAMES = 3;
const MAX_FRAMES = 120;

/**
 * Marks the find matches in the rows on screen with the CSS Custom Highlight API (the DOM React
 * owns is left alone), the current one apart. Runs after every render while find is open: rows
 * come and go as the list scrolls. After each step, once the list has scrolled to the match's turn
 * and its rows stopped moving, a match still outside the view (further down a long reply) is
 * brought to its middle.
 */
export function useFindHighlights(scrollRef: RefObject<HTMLElement | null>, find: { open: boolean; query: string; target: FindMatch | null }): void {
  const needle = find.query.trim().toLowerCase();
  useEffect(() => {
    const registry = typeof CSS !== 'undefined' ? CSS.highlights : undefined;
    const el = scrollRef.current;
    if (!registry || !el) return;
    if (!find.open || !needle) {
      registry.delete('find-match');
      registry.delete('find-current');
      return;
    }
    const all = [...el.querySelectorAll<HTMLElement>('[data-index]')].flatMap((row) => rangesIn(row, needle));
    const current = find.target && currentRange(el, needle, find.target);
    registry.set('find-match', new Highlight(...all));
    if (current) registry.set('find-current', new Highlight(current));
    else registry.delete('find-current');
  });
  const { target, open } = find;
  useEffect(() => {
    const el = scrollRef.current;
    if (!open || !target || !needle || !el) return;
    let frame = 0;
    let still = 0;
    let lastTop: number | null = null;
    let raf = requestAnimationFrame(function look() {
      const current = currentRange(el, needle, target);
      const top = current?.getBoundingClientRect().top ?? null;
      still = top !== null && top === lastTop ? still + 1 : 0;
      lastTop = top;
      if (current && still >= STILL_FRAMES) {
        const box = el.getBoundingClientRect();
        const at = current.getBoundingClientRect();
        if (at.top < box.top || at.bottom > box.bottom) el.scrollTop += at.top - box.top - box.height / 2;
        return;
      }
      if (++frame < MAX_FRAMES) raf = requestAnimationFrame(look);
    });
    return () => cancelAnimationFrame(raf);
  }, [scrollRef, open, target, needle]);
  useEffect(
    () => () => {
      CSS.highlights?.delete('find-match');
      CSS.highlights?.delete('find-current');
    },
    [],
  );
}
