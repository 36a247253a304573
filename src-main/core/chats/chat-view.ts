import type { Chat } from '../../../src-preload/contract';
import { AppError } from '../errors';
import type { ChatRow } from '../store/chats-store';
import type { Store } from '../store/store';

export const toChat = (row: ChatRow): Chat => ({ id: row.id, repoId: row.repoId, title: row.title, archived: row.archivedAt !== null });

export function requireChat(store: Store, chatId: string): ChatRow {
  const chat = store.chats.get(chatId);
  if (!chat) throw new AppError('NotFound', `No chat with id ${chatId}`);
  return chat;
}

export function requireLiveChat(store: Store, chatId: string): ChatRow {
  const chat = requireChat(store, chatId);
  if (chat.archivedAt !== null) throw new AppError('ChatArchived', `Chat "${chat.title}" is archived; restore it first.`);
  return chat;
}
