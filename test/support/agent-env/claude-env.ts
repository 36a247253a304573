import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MockLlm } from '../mock-llm';
import { makeAgentTestEnv, type AgentConfigurer, type AgentLaunch, type AgentTestEnv } from './agent-test-env';
import { binPath } from './isolated-dirs';

/**
 * Claude Code through `claude-agent-acp` against the mock's Anthropic Messages dialect.
 *
 * The adapter always selects the model "default", which Claude Code resolves through the
 * sonnet alias, so the model is chosen with ANTHROPIC_DEFAULT_*_MODEL (ANTHROPIC_MODEL is
 * overridden). A real model id keeps Claude Code's price table and context size meaningful, so
 * `usage_update` carries a cost. BooCoder sets IS_SANDBOX for it inside its sandbox, so it offers
 * bypassPermissions though the tests run as root.
 */

export const CLAUDE_AGENT_ID = 'claude-code';
export const CLAUDE_BIN = binPath('claude-agent-acp');
export const CLAUDE_MODEL = 'claude-sonnet-4-5';

export const configureClaude: AgentConfigurer = async (home, llm) => {
  await mkdir(path.join(home, '.claude'), { recursive: true });
  await writeFile(path.join(home, '.claude', 'settings.json'), JSON.stringify({ includeCoAuthoredBy: false }, null, 2));
  return {
    // The SDK adds /v1 itself.
    ANTHROPIC_BASE_URL: llm.origin,
    ANTHROPIC_API_KEY: 'mock-key',
    ANTHROPIC_DEFAULT_SONNET_MODEL: CLAUDE_MODEL,
    ANTHROPIC_DEFAULT_OPUS_MODEL: CLAUDE_MODEL,
    ANTHROPIC_DEFAULT_HAIKU_MODEL: CLAUDE_MODEL,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL: '1',
    // Its default is 10 retries with backoff: an HTTP 500 turn would take three minutes to fail.
    CLAUDE_CODE_MAX_RETRIES: '0',
  };
};

export const CLAUDE_LAUNCH: AgentLaunch = {
  agentId: CLAUDE_AGENT_ID,
  name: 'Claude Code',
  command: CLAUDE_BIN,
  args: [],
  configure: configureClaude,
};

export const makeClaudeEnv = (llm: MockLlm): Promise<AgentTestEnv> => makeAgentTestEnv(CLAUDE_LAUNCH, llm);
