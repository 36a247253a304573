import { useEffect, useMemo, useRef } from 'react';
import { findInTurns, stepMatch } from '../state/transcript-find';
import type { TurnView } from '../state/transcript-reducer';
import { closeFind, setFindQuery, showMatch, useFind } from '../store/find-store';

/**
 * Find in the chat (Ctrl/Cmd+F): the text looked for, "3 of 12", previous and next (Shift+Enter,
 * Enter) and close (Esc). The transcript scrolls to the match and marks it.
 */
export function FindBar({ chatId, turns }: { chatId: string; turns: TurnView[] }) {
  const query = useFind((s) => s.query);
  const current = useFind((s) => s.current);
  const focusRequest = useFind((s) => s.focusRequest);
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => findInTurns(turns, query), [turns, query]);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusRequest]);
  // Another chat has other matches: start again from its first.
  useEffect(() => showMatch(null, null), [chatId]);

  const step = (direction: 1 | -1) => {
    const next = stepMatch(current, matches.length, direction);
    showMatch(next, next === null ? null : matches[next]!);
  };
  const status = !query.trim() ? '' : matches.length === 0 ? 'No matches' : current === null ? `${matches.length} found` : `${current + 1} of ${matches.length}`;

  return (
    <div className="find-bar" role="search" aria-label="Find in the chat">
      <input
        ref={input}
        className="input find-bar__input"
        aria-label="Find in the chat"
        placeholder="Find in the chat"
        value={query}
        onChange={(e) => setFindQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            step(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            // Esc here closes the bar; it must not also interrupt the running turn.
            e.preventDefault();
            closeFind();
          }
        }}
      />
      <span className="find-bar__status muted small" aria-live="polite">
        {status}
      </span>
      <button className="button button--ghost small" aria-label="Previous match" title="Previous match (Shift+Enter)" disabled={matches.length === 0} onClick={() => step(-1)}>
        ↑
      </button>
      <button className="button button--ghost small" aria-label="Next match" title="Next match (Enter)" disabled={matches.length === 0} onClick={() => step(1)}>
        ↓
      </button>
      <button className="button button--ghost small" aria-label="Close find" title="Close (Esc)" onClick={closeFind}>
        ×
      </button>
    </div>
  );
}
