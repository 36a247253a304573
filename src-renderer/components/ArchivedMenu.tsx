import { useState } from 'react';
import { restoreChat, useWorkspace } from '../store/workspace-store';
import { Popover } from './Popover';

/** Archived chats of this repository, each restorable with its worktree and pending changes. */
export function ArchivedMenu() {
  const archived = useWorkspace((s) => s.archived);
  const [open, setOpen] = useState(false);
  return (
    <Popover
      open={open}
      onClose={() => setOpen(false)}
      align="right"
      trigger={
        <button className="button button--ghost small" aria-expanded={open} onClick={() => setOpen((o) => !o)} title="Archived chats">
          Archived{archived.length ? ` (${archived.length})` : ''}
        </button>
      }
    >
      <div className="menu" role="menu" aria-label="Archived chats">
        {archived.length === 0 && <div className="menu__empty muted">No archived chats.</div>}
        {archived.map((c) => (
          <button
            key={c.id}
            role="menuitem"
            className="menu__item"
            onClick={() => {
              setOpen(false);
              void restoreChat(c.id);
            }}
          >
            <span>{c.title}</span>
            <span className="muted small">Restore</span>
          </button>
        ))}
      </div>
    </Popover>
  );
}
