import { useEffect } from 'react';
import { runCommand } from '../store/commands';
import { commandForKey } from '../state/shortcut';

/** Binds the page's shortcuts (the desktop menu sends the same commands as app.command). */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const command = commandForKey(e);
      if (!command) return;
      e.preventDefault();
      e.stopPropagation();
      runCommand(command);
    };
    // Esc interrupts the running turn only when nothing nearer used it: popovers, the rename
    // field and the composer handle it first, and an open dialog owns it.
    const onEscape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('dialog[open]')) return;
      runCommand('turn.interrupt');
    };
    // Capture phase, so a focused textarea cannot swallow Ctrl+Enter or Ctrl+Tab.
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('keydown', onEscape);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('keydown', onEscape);
    };
  }, []);
}
