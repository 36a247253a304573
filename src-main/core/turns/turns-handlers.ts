import type { Turn } from '../../../src-preload/contract';
import { replyText } from '../../../src-preload/contract';
import { requireChat } from '../chats/chat-view';
import type { HandlerGroup } from '../rpc/handlers-type';
import type { Store } from '../store/store';
import type { Dispatcher } from './dispatcher';

/** Permission requests not of a chat's turn (an arena contestant's): answered here when it owns the request. */
export interface OtherPermissionOwner {
  replyPermission(requestId: string, optionId: string): Promise<boolean>;
}

export function turnsHandlers(store: Store, dispatcher: Dispatcher, others?: OtherPermissionOwner): HandlerGroup<'turns.send' | 'turns.cancel' | 'turns.list' | 'permissions.reply'> {
  return {
    'turns.send': (p) => dispatcher.send(p),
    'turns.cancel': async ({ turnId }) => {
      await dispatcher.cancel(turnId);
      return {};
    },
    'turns.list': ({ chatId }) => {
      requireChat(store, chatId);
      return store.turns.listByChat(chatId).map((t): Turn => {
        const parts = dispatcher.liveParts(t.id) ?? store.turns.parts(t.id);
        return {
          id: t.id,
          chatId: t.chatId,
          agent: t.agent,
          status: t.status,
          ...(t.stopReason ? { stopReason: t.stopReason } : {}),
          prompt: t.prompt,
          text: replyText(parts),
          model: t.model,
          sessionMode: t.sessionMode,
          startedAt: t.startedAt,
          endedAt: t.endedAt,
          usage: t.usage,
          costReported: t.costReported,
          context: t.context,
          attachments: t.attachments,
          parts: structuredClone(parts),
        };
      });
    },
    'permissions.reply': async ({ requestId, optionId }) => {
      if (!(await others?.replyPermission(requestId, optionId))) await dispatcher.replyPermission(requestId, optionId);
      return {};
    },
  };
}
