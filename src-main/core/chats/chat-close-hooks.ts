import { requireChat, requireLiveChat } from './chat-view';
import type { EventBus } from '../events/event-bus';
import type { HandlerGroup } from '../rpc/handlers-type';
import type { AgentPool } from '../sessions/agent-pool';
import type { Prewarmer } from '../sessions/prewarmer';
import type { Store } from '../store/store';
import type { Dispatcher } from '../turns/dispatcher';
import type { WorktreeService } from '../worktrees/worktree-service';
import { AppError } from '../errors';

/**
 * Closing a chat: the work-loss guard first (nothing changes when it refuses), then its turns
 * are cancelled and its sessions evicted, then the worktree is archived under a ref and removed.
 */
export function chatCloseHooks(
  store: Store,
  events: EventBus,
  dispatcher: Dispatcher,
  pool: AgentPool,
  worktrees: WorktreeService,
  prewarmer: Prewarmer,
  arenas?: { closeChat(chatId: string, force: boolean): Promise<void> },
): HandlerGroup<'chats.risk' | 'chats.archive' | 'chats.restore' | 'chats.delete'> {
  /** The guard, then cancel turns, evict sessions, archive the worktree under a ref. */
  const close = async (chatId: string, force: boolean | undefined, verb: string) => {
    const chat = requireChat(store, chatId);
    await dispatcher.settled(chatId);
    const wt = store.worktrees.get(chatId);
    if (wt && wt.state !== 'archived' && !force) {
      const risk = await worktrees.risk(chatId);
      const total = risk.unappliedFiles.length + risk.dirtyFiles.length + risk.unpushedCommits.length;
      if (total > 0) {
        throw new AppError(
          'ChatAtRisk',
          `${verb} "${chat.title}" would put aside unsaved work: ${describeRisk(risk)}. Apply or discard it, or ${verb.toLowerCase()} with force.`,
          risk,
        );
      }
    }
    await prewarmer.cancelChat(chatId);
    // Its open arenas first, through their own guard (contestants' work is named, refs keep it).
    await arenas?.closeChat(chatId, force ?? false);
    await dispatcher.cancelChat(chatId);
    await pool.evictChat(chatId, 'closed');
    if (wt && wt.state !== 'archived') await worktrees.archive(chatId, { force: true });
    return chat;
  };
  return {
    'chats.risk': async ({ chatId }) => {
      requireChat(store, chatId);
      await dispatcher.settled(chatId);
      if (!store.worktrees.get(chatId)) return { unappliedFiles: [], dirtyFiles: [], unpushedCommits: [] };
      return worktrees.risk(chatId);
    },
    'chats.archive': async ({ chatId, force }) => {
      requireLiveChat(store, chatId);
      const chat = await close(chatId, force, 'Archiving');
      store.chats.setArchived(chatId, Date.now());
      events.emit('chats.updated', { repoId: chat.repoId });
      return {};
    },
    'chats.delete': async ({ chatId, force }) => {
      const chat = await close(chatId, force, 'Deleting');
      store.chats.delete(chatId);
      events.emit('chats.updated', { repoId: chat.repoId });
      return {};
    },
    'chats.restore': async ({ chatId }) => {
      const chat = requireChat(store, chatId);
      if (chat.archivedAt === null) return {};
      const wt = store.worktrees.get(chatId);
      if (wt && wt.state === 'archived') await worktrees.restore(chatId);
      store.chats.setArchived(chatId, null);
      events.emit('chats.updated', { repoId: chat.repoId });
      return {};
    },
  };
}

function describeRisk(risk: { unappliedFiles: string[]; dirtyFiles: string[]; unpushedCommits: string[] }): string {
  const parts: string[] = [];
  const list = (xs: string[]) => xs.slice(0, 10).join(', ') + (xs.length > 10 ? `, and ${xs.length - 10} more` : '');
  if (risk.unappliedFiles.length) parts.push(`${risk.unappliedFiles.length} unapplied file(s) (${list(risk.unappliedFiles)})`);
  if (risk.dirtyFiles.length) parts.push(`${risk.dirtyFiles.length} uncommitted file(s) (${list(risk.dirtyFiles)})`);
  if (risk.unpushedCommits.length) parts.push(`${risk.unpushedCommits.length} unpushed commit(s)`);
  return parts.join('; ');
}
