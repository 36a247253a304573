import type { HandlerGroup } from '../rpc/handlers-type';
import type { Prewarmer } from './prewarmer';

export function prewarmHandlers(prewarmer: Prewarmer): HandlerGroup<'sessions.prewarm' | 'sessions.cancelPrewarm'> {
  return {
    'sessions.prewarm': ({ chatId, agent }) => prewarmer.prewarm(chatId, agent),
    'sessions.cancelPrewarm': async ({ chatId, agent }) => {
      await prewarmer.cancel(chatId, agent);
      return {};
    },
  };
}
