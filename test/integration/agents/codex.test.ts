import { configureCodex } from '../../support/agent-env/codex-env';
import { describeAgentConformance } from './agent-conformance';
import { configureQwen, makeAgentWorld } from './agent-world';

describeAgentConformance({
  id: 'codex',
  partner: 'qwen',
  makeWorld: (llm) => makeAgentWorld(llm, [configureCodex, configureQwen]),
  // Codex reports no tokens over ACP: they are read from its session log.
  reports: { tokens: true, cost: false, context: true, reasoning: true, restart: 'resumed', commands: true },
  // Read-only asks before every write; auto writes inside the workspace without asking.
  askingMode: 'read-only',
  permissiveMode: 'full-access',
  // It edits files from its own process: only a process confined to one worktree keeps it out of the others.
  processPerWorktree: true,
  sandboxHoldsOtherWorktrees: true,
  // Its /compact summarises the session itself (no prompt of the user's reaches its model).
  command: { name: 'compact', asksModel: null },
});
