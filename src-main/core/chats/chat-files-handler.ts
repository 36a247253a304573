import { existsSync } from 'node:fs';
import type { HandlerGroup } from '../rpc/handlers-type';
import type { Store } from '../store/store';
import { git } from '../worktrees/git-runner';
import { requireChat } from './chat-view';
import { rankPaths } from './file-match';

/**
 * chats.files: the files an @ mention can name. They are the chat's worktree's (what the agents
 * see), or before its first turn the repository checkout's, which the worktree will start from.
 */
export function chatFilesHandler(store: Store): HandlerGroup<'chats.files'> {
  return {
    'chats.files': async ({ chatId, query, limit }) => {
      const chat = requireChat(store, chatId);
      const worktree = store.worktrees.get(chatId);
      const dir = worktree && worktree.state === 'active' && existsSync(worktree.path) ? worktree.path : store.repos.get(chat.repoId)?.path;
      if (!dir) return { paths: [] };
      const out = await git(dir, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
      const paths = [...new Set(out.split('\0').filter(Boolean))];
      return { paths: rankPaths(paths, query ?? '', limit ?? 50) };
    },
  };
}
