import { requireChat } from '../chats/chat-view';
import { AppError } from '../errors';
import type { HandlerGroup } from '../rpc/handlers-type';
import type { Store } from '../store/store';
import { DEFAULT_SETUP_TIMEOUT_MS } from './run-setup-script';
import type { SetupGate } from './setup-gate';

export function setupHandlers(store: Store, gate: SetupGate): HandlerGroup<'repos.configure' | 'repos.setup' | 'setup.status' | 'setup.reply'> {
  const view = (repoId: string) => {
    const s = store.setup.get(repoId);
    return { repoId, setupScript: s.script, setupTimeoutMs: s.timeoutMs ?? DEFAULT_SETUP_TIMEOUT_MS };
  };
  const requireRepo = (repoId: string) => {
    if (!store.repos.get(repoId)) throw new AppError('NotFound', `No repo with id ${repoId}; open it first.`);
  };
  return {
    'repos.configure': ({ repoId, setupScript, setupTimeoutMs }) => {
      requireRepo(repoId);
      store.setup.configure(repoId, {
        ...(setupScript !== undefined ? { script: setupScript?.trim() ? setupScript : null } : {}),
        ...(setupTimeoutMs !== undefined ? { timeoutMs: setupTimeoutMs } : {}),
      });
      return view(repoId);
    },
    'repos.setup': ({ repoId }) => {
      requireRepo(repoId);
      return view(repoId);
    },
    'setup.status': ({ chatId }) => {
      requireChat(store, chatId);
      return { state: gate.status(chatId) };
    },
    'setup.reply': ({ chatId, choice }) => {
      requireChat(store, chatId);
      gate.reply(chatId, choice);
      return {};
    },
  };
}
