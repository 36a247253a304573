import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AgentConfigurer } from '../../support/agent-env/agent-test-env';
import { makeIsolatedDirs } from '../../support/agent-env/isolated-dirs';
import type { MockLlm } from '../../support/mock-llm';
import { mockProviderConfig } from '../../support/opencode-env';
import { QWEN_SETTINGS } from '../../support/qwen-env';
import type { AgentWorld } from './agent-conformance';

/** qwen-code against the mock's Chat Completions dialect (its settings file plus the OpenAI variables). */
export const configureQwen: AgentConfigurer = async (home, llm) => {
  await mkdir(path.join(home, '.qwen'), { recursive: true });
  await writeFile(path.join(home, '.qwen', 'settings.json'), JSON.stringify(QWEN_SETTINGS, null, 2));
  return { OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'mock-key', OPENAI_MODEL: 'mock-model', NO_COLOR: '1' };
};

const DEAD_REGISTRY = 'http://127.0.0.1:9/';

/**
 * opencode (server or ACP mode) asking before edits and commands, so its permission prompts are
 * exercised; the conformance driver answers them.
 */
export const configureOpencodeAsking: AgentConfigurer = async (home, llm) => {
  await writeFile(path.join(home, '.npmrc'), `registry=${DEAD_REGISTRY}\n`);
  return {
    OPENCODE_CONFIG_CONTENT: mockProviderConfig(llm.url, { edit: 'ask', bash: 'ask' }),
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    npm_config_registry: DEAD_REGISTRY,
  };
};

/**
 * One isolated HOME in which every given agent is configured against the mock, and a data dir
 * for the Core: the world a conformance file runs its Core in.
 */
export async function makeAgentWorld(llm: MockLlm, configurers: AgentConfigurer[]): Promise<AgentWorld> {
  const dirs = await makeIsolatedDirs('boocoder-world-');
  try {
    const env: NodeJS.ProcessEnv = { ...dirs.env };
    for (const configure of configurers) Object.assign(env, await configure(dirs.home, llm));
    const dataDir = path.join(dirs.root, 'data');
    await mkdir(dataDir, { recursive: true });
    return { env, dataDir, makeDir: dirs.makeDir, [Symbol.asyncDispose]: () => dirs[Symbol.asyncDispose]() };
  } catch (e) {
    await dirs[Symbol.asyncDispose]();
    throw e;
  }
}
