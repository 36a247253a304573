import type { HandlerGroup } from '../rpc/handlers-type';
import type { AgentPool } from '../sessions/agent-pool';
import { toAgentInfo, type AgentCatalog } from './catalog/agent-catalog';

export function agentsHandlers(catalog: AgentCatalog, pool: AgentPool): HandlerGroup<'agents.list' | 'agents.configure' | 'agents.options'> {
  return {
    'agents.list': () => catalog.list().map(toAgentInfo),
    'agents.configure': (p) => toAgentInfo(catalog.configure(p)),
    'agents.options': async ({ agent, chatId }) => {
      const spec = catalog.require(agent);
      const live = chatId ? pool.get(chatId, agent) : undefined;
      if (live) {
        const models = (await live.handle.listModels?.()) ?? [];
        const modes = (await live.handle.listModes?.()) ?? [];
        return { models, modes, currentModel: null };
      }
      // No live session: ask the agent's warm process (starting it if needed) for its models.
      const models = await (await pool.startBackend(spec)).listModels();
      return { models, modes: [], currentModel: null };
    },
  };
}
