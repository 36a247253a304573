import type { AgentOptions, AgentSandboxInfo } from '../../../src-preload/contract';
import type { HandlerGroup } from '../rpc/handlers-type';
import type { AgentPool } from '../sessions/agent-pool';
import type { Store } from '../store/store';
import type { AgentSandbox } from '../sandbox/agent-sandbox';
import { toAgentInfo, type AgentCatalog, type ResolvedAgent } from './catalog/agent-catalog';

const NO_OPTIONS: AgentOptions = {
  models: [],
  modes: [],
  currentModel: null,
  currentMode: null,
  commands: [],
  promptCapabilities: { image: false, embeddedContext: false },
  source: 'none',
};

export function agentsHandlers(
  catalog: AgentCatalog,
  pool: AgentPool,
  store: Store,
  sandbox: AgentSandbox,
): HandlerGroup<'agents.list' | 'agents.configure' | 'agents.options'> {
  const sandboxOf = (a: ResolvedAgent): AgentSandboxInfo => {
    const status = sandbox.status(a.spec.sandbox !== false);
    return status.state === 'on' && pool.processScopeOf(a.spec) === 'worktree' ? { ...status, perWorktree: true } : status;
  };
  return {
    'agents.list': () => catalog.list().map((a) => toAgentInfo(a, sandboxOf(a), pool.backend(a.spec.id)?.profileId())),
    'agents.configure': async (p) => {
      const before = catalog.list().find((a) => a.spec.id === p.id)?.spec.sandbox !== false;
      const agent = catalog.configure(p);
      // The sandbox wraps the process: a change takes a new one (sessions reattach on their next turn).
      if (p.sandbox !== undefined && p.sandbox !== before && !pool.isBusy(p.id)) await pool.disposeBackend(p.id);
      return toAgentInfo(agent, sandboxOf(agent));
    },
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
