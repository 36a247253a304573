import { configureClaude } from '../test/support/agent-env/claude-env';
import { configureCodex } from '../test/support/agent-env/codex-env';
import { configureGemini } from '../test/support/agent-env/gemini-env';
import { arenaVsAloneBench } from './arena-vs-alone';

/** Claude Code, Codex and Gemini CLI, each in its mode that writes in the worktree without asking (Codex's workspace-write does by itself). */
export default arenaVsAloneBench({
  agents: ['claude-code', 'codex', 'gemini'],
  configurers: [configureClaude, configureCodex, configureGemini],
  modes: { 'claude-code': 'acceptEdits', gemini: 'autoEdit' },
});
