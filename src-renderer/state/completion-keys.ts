/** What a key does to an open completion list (slash commands, @ files); null = the key is not the list's. */
export type CompletionAction = { kind: 'move'; index: number } | { kind: 'pick'; index: number } | { kind: 'close' } | null;

export interface CompletionKey {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * Arrow keys move (wrapping), Enter or Tab pick, Esc closes. Modified keys are left alone:
 * Shift+Enter still writes a newline and Ctrl/Cmd+Enter still sends. An empty list only
 * takes Esc, so Enter keeps writing a newline when nothing matches.
 */
export function completionKey(k: CompletionKey, index: number, count: number): CompletionAction {
  if (k.key === 'Escape') return { kind: 'close' };
  if (count === 0 || k.ctrlKey || k.metaKey || k.altKey) return null;
  const at = clampIndex(index, count);
  switch (k.key) {
    case 'ArrowDown':
      return { kind: 'move', index: (at + 1) % count };
    case 'ArrowUp':
      return { kind: 'move', index: (at - 1 + count) % count };
    case 'Enter':
    case 'Tab':
      return k.shiftKey ? null : { kind: 'pick', index: at };
    default:
      return null;
  }
}

/** The highlighted row kept inside a list that may have shrunk as the user typed. */
export const clampIndex = (index: number, count: number): number => (count === 0 ? 0 : Math.min(Math.max(0, index), count - 1));
