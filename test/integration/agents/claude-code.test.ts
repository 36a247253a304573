import { configureClaude } from '../../support/agent-env/claude-env';
import { describeAgentConformance } from './agent-conformance';
import { configureQwen, makeAgentWorld } from './agent-world';

describeAgentConformance({
  id: 'claude-code',
  partner: 'qwen',
  makeWorld: (llm) => makeAgentWorld(llm, [configureClaude, configureQwen]),
  reports: { tokens: true, cost: true, context: true, reasoning: true, restart: 'resumedOrLoaded', commands: true },
  // Once in CI (a loaded machine) its session/resume after the restart was refused and the load
  // that follows brought the session back, its memory intact (checked below either way).
  // bypassPermissions, which it offers as root (as here) only inside a sandbox: BooCoder's says so.
  permissiveMode: 'bypassPermissions',
  // Each session's Claude Code CLI runs confined to its worktree, under the one shared adapter.
  sandboxHoldsOtherWorktrees: true,
  // Its /compact asks its model for a summary in words of its own.
  command: { name: 'compact', asksModel: /create a detailed summary of the conversation so far/ },
});
