import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useFindHighlights } from '../hooks/useFindHighlights';
import type { TurnView } from '../state/transcript-reducer';
import { useFind } from '../store/find-store';
import { TurnRow } from './TurnRow';

/** Within this many pixels of the end counts as "at the bottom": new output keeps it in view. */
const STICK_PX = 48;

/**
 * The transcript as a virtualized list of turns: only what is on screen is in the DOM, so a
 * 5,000-message chat renders as fast as a short one. Follows new output while the user is at
 * the bottom; scrolling up stops following.
 */
export function Transcript({ turns, chatId }: { turns: TurnView[]; chatId: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const lastEnd = useRef(0);
  const virtualizer = useVirtualizer({
    count: turns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 140,
    overscan: 4,
    getItemKey: (i) => turns[i]?.id ?? i,
    onChange: (v) => {
      // A measured row (a growing reply) changed the height: keep the end in view if we were there.
      // Compared against the virtualizer's own total so no layout is forced here.
      const el = scrollRef.current;
      if (stick.current && el && !v.isScrolling) {
        const end = v.getTotalSize();
        if (lastEnd.current !== end) {
          lastEnd.current = end;
          el.scrollTop = end;
        }
      }
    },
  });

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
  }, []);

  // A new chat opens at its end.
  useEffect(() => {
    stick.current = true;
  }, [chatId]);

  // The list itself shrinks when the composer grows (attachment chips, a taller prompt): the end
  // stays in view if it was. No scroll event says so, so the size is watched.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      if (stick.current) el.scrollTop = el.scrollHeight;
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (stick.current && el && turns.length > 0) el.scrollTop = virtualizer.getTotalSize();
  }, [turns, virtualizer]);

  // Find in the chat: its match's turn is scrolled to (which stops following the end), then marked.
  const find = useFind(useShallow((s) => ({ open: s.open, query: s.query, target: s.target })));
  useEffect(() => {
    if (!find.target) return;
    stick.current = false;
    virtualizer.scrollToIndex(find.target.turnIndex, { align: 'start' });
  }, [find.target, virtualizer]);
  useFindHighlights(scrollRef, find);

  const items = virtualizer.getVirtualItems();
  return (
    <div className="transcript" ref={scrollRef} onScroll={onScroll} data-testid="transcript">
      <div className="transcript__inner" style={{ height: virtualizer.getTotalSize() }}>
        <div className="transcript__window" style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
          {items.map((item) => (
            <div key={item.key} data-index={item.index} ref={virtualizer.measureElement}>
              <TurnRow turn={turns[item.index]!} />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
