import type { MockLlm } from '../mock-llm';
import type { AgentConfigurer, AgentLaunch } from './agent-test-env';
import { CLAUDE_LAUNCH, configureClaude } from './claude-env';
import { CODEX_LAUNCH, configureCodex } from './codex-env';
import { configureGemini, GEMINI_LAUNCH } from './gemini-env';
import { configureOpencodeAcp, OPENCODE_ACP_LAUNCH } from './opencode-acp-env';
import { configureQwen } from './qwen-config';

/**
 * Every agent's config in one HOME, for a whole Core that runs all of them at once: ~/.claude,
 * ~/.codex (CODEX_HOME), ~/.gemini and ~/.qwen settings, opencode's config (which serves both
 * `opencode serve` and `opencode acp`). Returns the variables to add to the base env (PATH,
 * HOME, XDG_*, TMPDIR, which the caller owns).
 */

const CONFIGURERS: readonly AgentConfigurer[] = [configureClaude, configureCodex, configureGemini, configureOpencodeAcp, configureQwen];

export async function configureAllAgents(home: string, llm: MockLlm): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const configure of CONFIGURERS) {
    for (const [key, value] of Object.entries(await configure(home, llm))) {
      // Two agents wanting one variable differently cannot share an env: fail loudly, not by luck.
      if (key in env && env[key] !== value) throw new Error(`Agents disagree on ${key}: ${env[key]} vs ${value}`);
      env[key] = value;
    }
  }
  return env;
}

/** The ACP agents that have a test env, by built-in catalog id (for tests run over each of them). */
export const ACP_AGENT_LAUNCHES: Readonly<Record<string, AgentLaunch>> = Object.fromEntries(
  [CLAUDE_LAUNCH, CODEX_LAUNCH, GEMINI_LAUNCH, OPENCODE_ACP_LAUNCH].map((l) => [l.agentId, l]),
);
