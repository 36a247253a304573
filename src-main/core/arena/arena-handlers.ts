import { requireChat } from '../chats/chat-view';
import type { HandlerGroup } from '../rpc/handlers-type';
import type { Store } from '../store/store';
import type { ArenaService } from './arena-service';

export function arenaHandlers(
  store: Store,
  arena: ArenaService,
): HandlerGroup<'arena.start' | 'arena.prewarm' | 'arena.get' | 'arena.list' | 'arena.cancel' | 'arena.pick' | 'arena.discard' | 'arena.restore' | 'arena.setupReply'> {
  return {
    'arena.start': (p) => arena.start(p),
    'arena.prewarm': async ({ chatId, agents }) => ({ statuses: await arena.prewarm(chatId, agents) }),
    'arena.get': ({ arenaId }) => arena.get(arenaId),
    'arena.list': ({ chatId }) => {
      requireChat(store, chatId);
      return arena.list(chatId);
    },
    'arena.cancel': async ({ arenaId, agent }) => {
      await arena.cancel(arenaId, agent);
      return {};
    },
    'arena.pick': ({ arenaId, agent }) => arena.pick(arenaId, agent),
    'arena.restore': ({ arenaId, agent }) => arena.restore(arenaId, agent),
    'arena.setupReply': async ({ arenaId, agent, choice }) => {
      await arena.replySetup(arenaId, agent, choice);
      return {};
    },
    'arena.discard': async ({ arenaId, force }) => {
      await arena.discard(arenaId, force);
      return {};
    },
  };
}
