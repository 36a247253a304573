import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MockLlm } from '../mock-llm';
import { makeAgentTestEnv, type AgentConfigurer, type AgentLaunch, type AgentTestEnv } from './agent-test-env';
import { binPath } from './isolated-dirs';

/**
 * Gemini CLI in ACP mode against the mock's Gemini dialect. GEMINI_CLI_NO_RELAUNCH keeps it from
 * re-executing itself (with a bigger heap) under a new pid the backend does not supervise.
 */

export const GEMINI_AGENT_ID = 'gemini';
export const GEMINI_BIN = binPath('gemini');

export const GEMINI_SETTINGS = {
  security: { auth: { selectedType: 'gemini-api-key' }, folderTrust: { enabled: false } },
  privacy: { usageStatisticsEnabled: false },
  telemetry: { enabled: false },
  // maxAttempts 1: its default of 10 with backoff makes an HTTP 500 turn take minutes to fail.
  general: { enableAutoUpdate: false, enableAutoUpdateNotification: false, maxAttempts: 1 },
  ide: { enabled: false },
};

export const configureGemini: AgentConfigurer = async (home, llm) => {
  await mkdir(path.join(home, '.gemini'), { recursive: true });
  await writeFile(path.join(home, '.gemini', 'settings.json'), JSON.stringify(GEMINI_SETTINGS, null, 2));
  return {
    GEMINI_API_KEY: 'mock-key',
    // The client adds /v1beta itself.
    GOOGLE_GEMINI_BASE_URL: llm.origin,
    GEMINI_CLI_NO_RELAUNCH: 'true',
    GEMINI_TELEMETRY_ENABLED: 'false',
    NO_COLOR: '1',
  };
};

export const GEMINI_LAUNCH: AgentLaunch = {
  agentId: GEMINI_AGENT_ID,
  name: 'Gemini CLI',
  command: GEMINI_BIN,
  args: ['--acp'],
  configure: configureGemini,
};

export const makeGeminiEnv = (llm: MockLlm): Promise<AgentTestEnv> => makeAgentTestEnv(GEMINI_LAUNCH, llm);
