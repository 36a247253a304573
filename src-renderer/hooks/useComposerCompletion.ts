import { useEffect, useState } from 'react';
import type { SlashCommand } from '../../src-preload/contract';
import type { CompletionItem } from '../components/CompletionPopup';
import { clampIndex, completionKey } from '../state/completion-keys';
import { insertMention, matchesSubsequence, mentionAt } from '../state/mention';
import { filterCommands, insertCommand, slashQuery } from '../state/slash-commands';
import { attachFile } from '../store/composer-store';
import { searchFiles, type FileMatches } from '../store/files-store';
import { useDebounced } from './useDebounced';

/** Typing pauses this long before the worktree is searched for an @ mention. */
const MENTION_DEBOUNCE_MS = 120;

export interface Completion {
  kind: 'slash' | 'mention';
  id: string;
  title: string;
  empty: string;
  items: CompletionItem[];
  active: number;
  pick(index: number): void;
  hover(index: number): void;
}

/**
 * The composer's completion list: the agent's slash commands while the prompt's first word is
 * `/…`, worktree files while the caret is in an `@…` word. Esc closes it until the caret leaves
 * that word. `apply` writes the completed text and where the caret goes.
 */
export function useComposerCompletion(
  chatId: string,
  draft: string,
  caret: number,
  focused: boolean,
  commands: readonly SlashCommand[],
  apply: (text: string, caret: number) => void,
): { completion: Completion | null; onKeyDown: (e: React.KeyboardEvent) => boolean } {
  const slash = commands.length > 0 ? slashQuery(draft, caret) : null;
  const mention = slash === null ? mentionAt(draft, caret) : null;
  const token = slash !== null ? 'slash' : mention ? `mention:${mention.start}` : null;
  const [dismissed, setDismissed] = useState<string | null>(null);
  useEffect(() => {
    if (token === null) setDismissed(null);
  }, [token]);
  const open = focused && token !== null && token !== dismissed;

  const debounced = useDebounced(open && mention ? mention.query : null, MENTION_DEBOUNCE_MS);
  const [matches, setMatches] = useState<FileMatches | null>(null);
  useEffect(() => {
    if (debounced === null) return;
    let stale = false;
    void searchFiles(chatId, debounced).then((m) => {
      if (!stale) setMatches(m);
    });
    return () => {
      stale = true;
    };
  }, [chatId, debounced]);

  const commandsShown = slash !== null ? filterCommands(commands, slash) : [];
  // Answers to an earlier query stay on screen, narrowed to what now matches, until the new one comes.
  const pathsShown = mention && matches ? matches.paths.filter((p) => matchesSubsequence(p, mention.query)) : [];
  const items: CompletionItem[] =
    slash !== null
      ? commandsShown.map((c) => ({ key: c.name, label: `/${c.name}`, detail: c.description, ...(c.hint ? { hint: c.hint } : {}) }))
      : pathsShown.map((p) => ({ key: p, label: p }));

  const listKey = `${token}\u0000${slash ?? mention?.query ?? ''}`;
  const [sel, setSel] = useState({ key: '', index: 0 });
  const active = sel.key === listKey ? clampIndex(sel.index, items.length) : 0;

  const pick = (index: number) => {
    if (slash !== null) {
      const c = commandsShown[index];
      if (c) {
        const next = insertCommand(draft, c.name);
        apply(next.text, next.caret);
      }
      return;
    }
    const path = pathsShown[index];
    if (mention && path) {
      const next = insertMention(draft, mention, path);
      apply(next.text, next.caret);
      attachFile(chatId, path);
    }
  };

  const searching = mention !== null && (matches === null || matches.query !== mention.query);
  const completion: Completion | null = !open
    ? null
    : {
        kind: slash !== null ? 'slash' : 'mention',
        id: slash !== null ? 'slash-commands' : 'file-mentions',
        title: slash !== null ? 'Commands' : 'Files in this chat’s worktree',
        empty: slash !== null ? 'No command matches' : searching ? 'Searching…' : (matches?.error?.message ?? 'No matching files'),
        items,
        active,
        pick,
        hover: (index) => setSel({ key: listKey, index }),
      };

  const onKeyDown = (e: React.KeyboardEvent): boolean => {
    if (!completion) return false;
    const action = completionKey(e, active, items.length);
    if (!action) return false;
    e.preventDefault();
    if (action.kind === 'close') setDismissed(token);
    else if (action.kind === 'move') setSel({ key: listKey, index: action.index });
    else pick(action.index);
    return true;
  };

  return { completion, onKeyDown };
}
