import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createOpencodeTestEnv } from './opencode-env';
import { QWEN_SETTINGS } from './qwen-env';

/**
 * One isolated world in which a whole Core can run both real agents against the mock LLM:
 * opencode's isolated HOME and config, with qwen's settings and OpenAI variables added.
 */
export interface CoreTestEnv extends AsyncDisposable {
  root: string;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  makeDir(name: string): Promise<string>;
}

export async function createCoreTestEnv(llmUrl: string): Promise<CoreTestEnv> {
  const oc = await createOpencodeTestEnv({ llmUrl });
  const home = oc.env.HOME!;
  await mkdir(path.join(home, '.qwen'), { recursive: true });
  await writeFile(path.join(home, '.qwen', 'settings.json'), JSON.stringify(QWEN_SETTINGS, null, 2));
  const env: NodeJS.ProcessEnv = {
    ...oc.env,
    OPENAI_BASE_URL: llmUrl,
    OPENAI_API_KEY: 'mock-key',
    OPENAI_MODEL: 'mock-model',
    NO_COLOR: '1',
  };
  const dataDir = path.join(oc.root, 'data');
  await mkdir(dataDir, { recursive: true });
  return {
    root: oc.root,
    env,
    dataDir,
    makeDir: oc.makeDir,
    [Symbol.asyncDispose]: oc.dispose,
  };
}
