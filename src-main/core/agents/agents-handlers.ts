import type { AgentOptions } from '../../../src-preload/contract';
import type { HandlerGroup } from '../rpc/handlers-type';
import type { AgentPool } from '../sessions/agent-pool';
import type { Store } from '../store/store';
import { toAgentInfo, type AgentCatalog } from './catalog/agent-catalog';

const NO_OPTIONS: AgentOptions = {
  models: [],
  modes: [],
  currentModel: null,
  currentMode: null,
  commands: [],
  promptCapabilities: { image: false, embeddedContext: false },
  source: 'none',
};

export function agentsHandlers(catalog: AgentCatalog, pool: AgentPool, store: Store): HandlerGroup<'agents.list' | 'agents.configure' | 'agents.options'> {
  return {
    'agents.list': () => catalog.list().map((a) => toAgentInfo(a, pool.backend(a.spec.id)?.profileId())),
    'agents.configure': (p) => toAgentInfo(catalog.configure(p)),
    // Never starts an agent: the chat's live session says what is current; before a chat's first
    // turn, what the agent's last new session offered (remembered across restarts) is shown.
    'agents.options': async ({ agent, chatId }) => {
      catalog.get(agent);
      const live = chatId ? pool.get(chatId, agent) : undefined;
      if (live) return live.handle.options();
      return store.agentOptions.get(agent) ?? NO_OPTIONS;
    },
  };
}
