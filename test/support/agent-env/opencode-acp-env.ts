import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MockLlm } from '../mock-llm';
import { mockProviderConfig } from '../opencode-env';
import { makeAgentTestEnv, type AgentConfigurer, type AgentLaunch, type AgentTestEnv } from './agent-test-env';
import { binPath } from './isolated-dirs';

/**
 * opencode in ACP mode (`opencode acp`) against the mock's Chat Completions dialect, configured
 * like the opencode server tests: the mock as its only provider, edits and bash allowed by
 * default (so it writes by itself), and a dead npm registry so its plugin install fails at once
 * instead of downloading into every temp HOME.
 */

export const OPENCODE_ACP_AGENT_ID = 'opencode-acp';
export const OPENCODE_ACP_BIN = binPath('opencode');

const DEAD_REGISTRY = 'http://127.0.0.1:9/';

const MODEL_LIMITS = { provider: { mock: { models: { 'mock-model': { limit: { context: 200_000, output: 32_000 } } } } } };

export type OpencodePermission = Record<string, 'allow' | 'ask' | 'deny'>;

/** Edits and bash allowed unless told otherwise, so turns never wait for an answer. */
export const configureOpencodeAcpWith =
  (permission: OpencodePermission | 'allow' = { edit: 'allow', bash: 'allow' }): AgentConfigurer =>
  async (home, llm) => {
    await writeFile(path.join(home, '.npmrc'), `registry=${DEAD_REGISTRY}\n`);
    // opencode sends `usage_update` (context fill and cumulative cost) only for a model with a
    // known context size; its global config is merged under OPENCODE_CONFIG_CONTENT.
    const configDir = path.join(home, '.config', 'opencode');
    await mkdir(configDir, { recursive: true });
    await writeFile(path.join(configDir, 'opencode.json'), JSON.stringify(MODEL_LIMITS, null, 2));
    return {
      OPENCODE_CONFIG_CONTENT: mockProviderConfig(llm.url, permission),
      OPENCODE_DISABLE_MODELS_FETCH: '1',
      OPENCODE_DISABLE_AUTOUPDATE: '1',
      OPENCODE_DISABLE_SHARE: '1',
      npm_config_registry: DEAD_REGISTRY,
      NPM_CONFIG_REGISTRY: DEAD_REGISTRY,
      BUN_CONFIG_REGISTRY: DEAD_REGISTRY,
    };
  };

export const configureOpencodeAcp: AgentConfigurer = configureOpencodeAcpWith();

export const OPENCODE_ACP_LAUNCH: AgentLaunch = {
  agentId: OPENCODE_ACP_AGENT_ID,
  name: 'OpenCode (ACP)',
  command: OPENCODE_ACP_BIN,
  args: ['acp'],
  configure: configureOpencodeAcp,
};

/** `permission` e.g. `{ edit: 'ask' }` to have it ask (and then write through `fs/*`). */
export const makeOpencodeAcpEnv = (llm: MockLlm, options: { permission?: OpencodePermission } = {}): Promise<AgentTestEnv> =>
  makeAgentTestEnv(options.permission ? { ...OPENCODE_ACP_LAUNCH, configure: configureOpencodeAcpWith(options.permission) } : OPENCODE_ACP_LAUNCH, llm);
