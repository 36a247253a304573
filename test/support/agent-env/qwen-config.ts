import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { QWEN_SETTINGS } from '../qwen-env';
import type { AgentConfigurer } from './agent-test-env';

/** qwen-code's part of a shared HOME: the same settings and variables as test/support/qwen-env.ts. */
export const configureQwen: AgentConfigurer = async (home, llm) => {
  await mkdir(path.join(home, '.qwen'), { recursive: true });
  await writeFile(path.join(home, '.qwen', 'settings.json'), JSON.stringify(QWEN_SETTINGS, null, 2));
  return { OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'mock-key', OPENAI_MODEL: 'mock-model', NO_COLOR: '1' };
};
