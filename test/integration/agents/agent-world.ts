import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AgentConfigurer } from '../../support/agent-env/agent-test-env';
import { configureOpencodeAcpWith } from '../../support/agent-env/opencode-acp-env';
import { configureQwen } from '../../support/agent-env/qwen-config';
import { makeIsolatedDirs } from '../../support/agent-env/isolated-dirs';
import type { MockLlm } from '../../support/mock-llm';
import type { AgentWorld } from './agent-conformance';

/**
 * opencode (server or ACP mode) asking before edits and commands, so its permission prompts are
 * exercised; the conformance driver answers them.
 */
export const configureOpencodeAsking: AgentConfigurer = configureOpencodeAcpWith({ edit: 'ask', bash: 'ask' });

export { configureQwen };

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
