import { requireChat, requireLiveChat } from '../chats/chat-view';
import type { EventBus } from '../events/event-bus';
import type { HandlerGroup } from '../rpc/handlers-type';
import type { Store } from '../store/store';
import type { Dispatcher } from '../turns/dispatcher';
import type { WorktreeService } from '../worktrees/worktree-service';
import { AppError } from '../errors';

export function changesHandlers(
  store: Store,
  events: EventBus,
  dispatcher: Dispatcher,
  worktrees: WorktreeService,
): HandlerGroup<'changes.get' | 'changes.apply' | 'changes.discard'> {
  /** Files move under a running agent's feet otherwise: apply and discard wait for the chat to be idle. */
  const requireIdle = (chatId: string) => {
    if (dispatcher.isChatBusy(chatId)) throw new AppError('Unsupported', 'A turn is running in this chat; wait for it to end (or interrupt it) before applying or discarding.');
  };
  return {
    'changes.get': async ({ chatId }) => {
      requireChat(store, chatId);
      await dispatcher.settled(chatId);
      if (!store.worktrees.get(chatId)) return { files: [], agents: [] };
      return worktrees.getChanges(chatId);
    },
    'changes.apply': async ({ chatId, paths }) => {
      requireLiveChat(store, chatId);
      requireIdle(chatId);
      await dispatcher.settled(chatId);
      if (!store.worktrees.get(chatId)) return { applied: [] };
      const result = await worktrees.apply(chatId, paths);
      events.emit('changes.updated', { chatId });
      return result;
    },
    'changes.discard': async ({ chatId, paths }) => {
      requireLiveChat(store, chatId);
      requireIdle(chatId);
      await dispatcher.settled(chatId);
      if (!store.worktrees.get(chatId)) return { discarded: [] };
      const result = await worktrees.discard(chatId, paths);
      events.emit('changes.updated', { chatId });
      return result;
    },
  };
}
