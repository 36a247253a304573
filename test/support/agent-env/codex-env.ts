import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MockLlm } from '../mock-llm';
import { makeAgentTestEnv, type AgentConfigurer, type AgentLaunch, type AgentTestEnv } from './agent-test-env';
import { binPath } from './isolated-dirs';

/**
 * Codex through `codex-acp` against the mock's OpenAI Responses dialect, with its own CODEX_HOME
 * holding a config.toml that makes the mock its only provider.
 *
 * The model must be a slug codex knows: for an unknown one it prefixes every reply with a
 * "Model metadata … not found" line and does not offer `apply_patch`. `workspace-write` runs
 * commands under bwrap, which must be on PATH.
 */

export const CODEX_AGENT_ID = 'codex';
export const CODEX_BIN = binPath('codex-acp');
export const CODEX_MODEL = 'gpt-5.3-codex';

export function codexConfigToml(llmUrl: string): string {
  return `model = "${CODEX_MODEL}"
model_provider = "mock"
approval_policy = "on-request"
sandbox_mode = "workspace-write"
check_for_update_on_startup = false

[analytics]
enabled = false

[model_providers.mock]
name = "Mock"
base_url = "${llmUrl}"
env_key = "MOCK_API_KEY"
wire_api = "responses"
requires_openai_auth = false
supports_websockets = false
# A failing call fails the turn at once instead of after codex's backoff retries.
request_max_retries = 0
stream_max_retries = 0
`;
}

export const configureCodex: AgentConfigurer = async (home, llm) => {
  const codexHome = path.join(home, '.codex');
  await mkdir(codexHome, { recursive: true });
  await writeFile(path.join(codexHome, 'config.toml'), codexConfigToml(llm.url));
  return { CODEX_HOME: codexHome, MOCK_API_KEY: 'mock-key' };
};

export const CODEX_LAUNCH: AgentLaunch = {
  agentId: CODEX_AGENT_ID,
  name: 'Codex',
  command: CODEX_BIN,
  args: [],
  configure: configureCodex,
};

export const makeCodexEnv = (llm: MockLlm): Promise<AgentTestEnv> => makeAgentTestEnv(CODEX_LAUNCH, llm);
