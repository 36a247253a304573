import { useState } from 'react';
import { copyPath, openIn, selectBranch, useBranch } from '../store/branch-store';
import { Popover } from './Popover';

/** Open the chat's worktree in an editor, a terminal or the file manager (on the core's machine), or copy its path. */
export function OpenInMenu({ chatId }: { chatId: string }) {
  const [open, setOpen] = useState(false);
  const { targets, busy } = useBranch(selectBranch(chatId));
  const pick = (run: () => Promise<void>) => {
    setOpen(false);
    void run();
  };
  return (
    <Popover
      open={open}
      onClose={() => setOpen(false)}
      align="right"
      trigger={
        <button className="button small" aria-haspopup="menu" aria-expanded={open} disabled={busy === 'open'} onClick={() => setOpen(!open)}>
          Open in ▾
        </button>
      }
    >
      <div className="menu" role="menu" aria-label="Open in">
        {(targets?.editors ?? []).map((e) => (
          <button key={e.id} role="menuitem" className="menu__item" onClick={() => pick(() => openIn(chatId, 'editor', e.id))}>
            {e.name} <span className="muted small mono">{e.command}</span>
          </button>
        ))}
        {targets && targets.editors.length === 0 && <div className="menu__note muted small">No editor found; set an editor command in Settings.</div>}
        <button role="menuitem" className="menu__item" disabled={!targets?.terminal} onClick={() => pick(() => openIn(chatId, 'terminal'))}>
          Terminal
        </button>
        <button role="menuitem" className="menu__item" disabled={!targets?.files} onClick={() => pick(() => openIn(chatId, 'files'))}>
          File manager
        </button>
        <button role="menuitem" className="menu__item" disabled={!targets?.path} onClick={() => pick(() => copyPath(chatId))}>
          Copy path
        </button>
      </div>
    </Popover>
  );
}
