import { useEffect, useRef } from 'react';

export interface CompletionItem {
  key: string;
  label: string;
  /** What the command takes, e.g. `<file>`. */
  hint?: string;
  detail?: string;
}

/**
 * The list the composer opens above the prompt for `/` commands and `@` files. The prompt keeps
 * the focus (keys are handled there, see completionKey); the mouse picks without stealing it.
 */
export function CompletionPopup({
  id,
  title,
  items,
  active,
  empty,
  onPick,
  onHover,
}: {
  id: string;
  title: string;
  items: CompletionItem[];
  active: number;
  empty: string;
  onPick: (index: number) => void;
  onHover: (index: number) => void;
}) {
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active, items]);
  return (
    <div className="completion" data-testid={id}>
      <div className="completion__title small muted">{title}</div>
      {items.length === 0 ? (
        <div className="completion__empty small muted">{empty}</div>
      ) : (
        <ul className="completion__list" role="listbox" id={id} aria-label={title} ref={list}>
          {items.map((item, i) => (
            <li
              key={item.key}
              id={`${id}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`completion__item${i === active ? ' completion__item--active' : ''}`}
              onMouseDown={(e) => {
                e.preventDefault();
                onPick(i);
              }}
              onMouseMove={() => i !== active && onHover(i)}
            >
              <span className="completion__label">
                {item.label}
                {item.hint && <span className="completion__hint"> {item.hint}</span>}
              </span>
              {item.detail && <span className="completion__detail">{item.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
