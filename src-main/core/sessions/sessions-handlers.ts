import type { SessionInfo } from '../../../src-preload/contract';
import type { AgentCatalog } from '../agents/catalog/agent-catalog';
import { requireChat } from '../chats/chat-view';
import type { HandlerGroup } from '../rpc/handlers-type';
import type { Store } from '../store/store';
import type { AgentPool } from './agent-pool';
import { unseenTurns } from '../turns/handoff';
import { nextTurnMode } from './next-turn-mode';

export function sessionsHandlers(
  store: Store,
  pool: AgentPool,
  catalog: AgentCatalog,
): HandlerGroup<'sessions.list' | 'sessions.stop' | 'sessions.restart' | 'agents.status'> {
  return {
    'sessions.list': ({ chatId }) => {
      requireChat(store, chatId);
      const turns = store.turns.listByChat(chatId);
      return store.sessions.listByChat(chatId).map((row): SessionInfo => {
        const live = pool.get(chatId, row.agent);
        const pendingHandoff = unseenTurns(turns, row.agent, row.seenThroughOrdinal).length > 0;
        return {
          agent: row.agent,
          status: row.status,
          live: live !== undefined,
          externalSessionId: row.externalSessionId,
          ...(live?.handle.pid !== undefined ? { pid: live.handle.pid } : {}),
          nextTurn: nextTurnMode({ live: live !== undefined, storedSessionId: row.externalSessionId, pendingHandoff }),
          pendingHandoff,
          lastUsedAt: row.lastUsedAt,
          ...row.usage,
          costReported: row.costReported,
          context: live?.handle.context ?? row.context,
          model: live?.handle.model ?? row.model,
        };
      });
    },
    'sessions.stop': async ({ chatId, agent }) => {
      requireChat(store, chatId);
      catalog.get(agent);
      await pool.evict(chatId, agent);
      return {};
    },
    'sessions.restart': async ({ agent }) => {
      catalog.get(agent);
      await pool.disposeBackend(agent);
      return {};
    },
    'agents.status': () => pool.status((id) => store.chats.get(id)?.title ?? id, store.settings.get().memoryBudgetBytes),
  };
}
