import { useEffect, useRef, type RefObject } from 'react';
import type { FindMatch } from '../state/transcript-find';

/** Where find looks in a turn's row: the prompt and the reply's text, not its tools, reasoning or buttons. */
const SEARCHED = '.turn__prompt-text, .turn__reply > .md';

/** The occurrences of `needle` (lower-cased) in the row's searched text, in document order. */
function rangesIn(row: HTMLElement, needle: string): Range[] {
  const ranges: Range[] = [];
  for (const area of row.querySelectorAll(SEARCHED)) {
    const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      if (node.parentElement?.closest('button')) continue;
      const hay = node.data.toLowerCase();
      for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + needle.length)) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + needle.length);
        ranges.push(range);
      }
    }
  }
  return ranges;
}

/**
 * Marks the find matches in the rows on screen with the CSS Custom Highlight API (the DOM React
 * owns is left alone), the current one apart, and brings the current one into view once per step.
 * Runs after every render while find is open: rows come and go as the list scrolls.
 */
export function useFindHighlights(scrollRef: RefObject<HTMLElement | null>, find: { open: boolean; query: string; target: FindMatch | null }): void {
  const centred = useRef<FindMatch | null>(null);
  useEffect(() => {
    const registry = typeof CSS !== 'undefined' ? CSS.highlights : undefined;
    const el = scrollRef.current;
    const needle = find.query.trim().toLowerCase();
    if (!registry || !el) return;
    if (!find.open || !needle) {
      registry.delete('find-match');
      registry.delete('find-current');
      return;
    }
    const all: Range[] = [];
    let current: Range | null = null;
    for (const row of el.querySelectorAll<HTMLElement>('[data-index]')) {
      const ranges = rangesIn(row, needle);
      all.push(...ranges);
      if (find.target && Number(row.dataset.index) === find.target.turnIndex) current = ranges[Math.min(find.target.occurrence, ranges.length - 1)] ?? null;
    }
    registry.set('find-match', new Highlight(...all));
    if (current) registry.set('find-current', new Highlight(current));
    else registry.delete('find-current');
    if (current && centred.current !== find.target) {
      centred.current = find.target;
      const box = el.getBoundingClientRect();
      const at = current.getBoundingClientRect();
      el.scrollTop += at.top - box.top - box.height / 2;
    }
  });
  useEffect(
    () => () => {
      CSS.highlights?.delete('find-match');
      CSS.highlights?.delete('find-current');
    },
    [],
  );
}
