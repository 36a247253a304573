import { requireLiveChat } from '../chats/chat-view';
import { AppError } from '../errors';
import type { HandlerGroup } from '../rpc/handlers-type';
import type { Store } from '../store/store';
import type { WorktreeService } from '../worktrees/worktree-service';
import { openIn, openTargets, type OpenInDeps } from './open-in';

/** Open a chat's worktree in the user's programs, on the machine the core runs on (the browser build included). */
export function openInHandlers(store: Store, worktrees: WorktreeService, deps: OpenInDeps): HandlerGroup<'chats.openIn' | 'chats.openTargets'> {
  return {
    'chats.openIn': async ({ chatId, target, editor }) => {
      requireLiveChat(store, chatId);
      // Opening the folder is a reason to have it: a chat before its first turn gets its worktree now.
      const row = await worktrees.ensure(chatId);
      const ran = await openIn(deps, row.path, target, editor);
      return { command: ran.command, args: ran.args };
    },
    'chats.openTargets': ({ chatId }) => {
      requireLiveChat(store, chatId);
      const row = store.worktrees.get(chatId);
      if (row?.state === 'archived') throw new AppError('ChatArchived', 'This chat is archived; restore it first.');
      const folder = row?.path ?? '';
      return { path: row?.path ?? null, ...openTargets(deps, folder) };
    },
  };
}
