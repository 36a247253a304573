import { AppError } from '../errors';
import type { EventBus } from '../events/event-bus';
import type { HandlerGroup } from '../rpc/handlers-type';
import type { Store } from '../store/store';
import { requireChat, toChat } from './chat-view';

/** Create, list and rename chats; archive/restore live with the close hooks. */
export function chatsHandlers(store: Store, events: EventBus): HandlerGroup<'chats.create' | 'chats.list' | 'chats.rename'> {
  return {
    'chats.create': ({ repoId, title }) => {
      if (!store.repos.get(repoId)) throw new AppError('NotFound', `No repo with id ${repoId}; open it first.`);
      const name = title?.trim() || `Chat ${store.chats.countInRepo(repoId) + 1}`;
      const chat = toChat(store.chats.create(repoId, name));
      events.emit('chats.updated', { repoId });
      return chat;
    },
    'chats.list': ({ repoId, includeArchived }) => store.chats.list({ repoId, includeArchived }).map(toChat),
    'chats.rename': ({ chatId, title }) => {
      const chat = requireChat(store, chatId);
      store.chats.rename(chatId, title.trim());
      events.emit('chats.updated', { repoId: chat.repoId });
      return toChat(requireChat(store, chatId));
    },
  };
}
