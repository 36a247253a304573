import { makeAgentTestEnv, type AgentLaunch, type AgentTestEnv } from '../test/support/agent-env/agent-test-env';
import { CLAUDE_LAUNCH } from '../test/support/agent-env/claude-env';
import { CODEX_LAUNCH } from '../test/support/agent-env/codex-env';
import { GEMINI_LAUNCH } from '../test/support/agent-env/gemini-env';
import { OPENCODE_ACP_LAUNCH } from '../test/support/agent-env/opencode-acp-env';
import { configureQwen } from '../test/support/agent-env/qwen-config';
import type { MockLlm } from '../test/support/mock-llm';
import { QWEN_BIN } from '../test/support/qwen-env';

/**
 * The ACP agents the benches drive, by built-in catalog id: how each is launched and configured
 * against the mock LLM in an isolated HOME (the same test envs the integration tests use).
 */

/** qwen-code has no launch of its own in test/support/agent-env (its tests use qwen-env.ts). */
const QWEN_LAUNCH: AgentLaunch = { agentId: 'qwen', name: 'Qwen Code', command: QWEN_BIN, args: ['--acp'], configure: configureQwen };

export const BENCH_ACP_AGENTS = {
  'claude-code': CLAUDE_LAUNCH,
  codex: CODEX_LAUNCH,
  gemini: GEMINI_LAUNCH,
  'opencode-acp': OPENCODE_ACP_LAUNCH,
  qwen: QWEN_LAUNCH,
} as const satisfies Record<string, AgentLaunch>;

export type BenchAcpAgent = keyof typeof BENCH_ACP_AGENTS;

/** The agent's isolated env (HOME, XDG, TMPDIR, its config) on the given mock. */
export const makeBenchAgentEnv = (agent: BenchAcpAgent, llm: MockLlm): Promise<AgentTestEnv> => makeAgentTestEnv(BENCH_ACP_AGENTS[agent], llm);

/** The plain prompt every warm and cold turn sends (the mock answers "Hello from mock."). */
export const PLAIN_PROMPT = 'Say hello.';

/** Whether the mock got a real model call (not a title or other side request) since `before` requests. */
export const askedTheModelSince = (llm: MockLlm, before: number): boolean => llm.requests.slice(before).some((r) => r.kind === 'generate' && !r.side);
