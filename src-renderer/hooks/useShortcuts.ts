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
    // Capture phase, so a focused textarea cannot swallow Ctrl+Enter or Ctrl+Tab.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
