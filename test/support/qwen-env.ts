import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * An isolated environment for running the real `qwen --acp` against the mock LLM: HOME, XDG_*
 * and TMPDIR point into a fresh temp dir (the user's real config is never read or written), and
 * `$HOME/.qwen/settings.json` selects the OpenAI-compatible provider with everything that would
 * add background LLM requests turned off.
 */
export interface QwenEnv extends AsyncDisposable {
  /** The temp root holding home/, xdg dirs, tmp/ and work dirs. */
  root: string;
  home: string;
  /** The environment to spawn qwen with (baseEnv for the backend). */
  env: NodeJS.ProcessEnv;
  /** A fresh directory under the root, e.g. a session's cwd. */
  makeDir(name: string): Promise<string>;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The real qwen CLI installed with the project. */
export const QWEN_BIN = path.join(repoRoot, 'node_modules', '.bin', 'qwen');

export const QWEN_SETTINGS = {
  security: { auth: { selectedType: 'openai' } },
  model: { name: 'mock-model' },
  telemetry: { enabled: false },
  general: { enableAutoUpdate: false },
  ui: { enableFollowupSuggestions: false },
  memory: { enableManagedAutoMemory: false },
};

export async function makeQwenEnv(llmUrl: string, prefix = 'boocoder-qwen-'): Promise<QwenEnv> {
  const root = await mkdtemp(path.join(tmpdir(), prefix));
  const home = path.join(root, 'home');
  const dirs = {
    XDG_CONFIG_HOME: path.join(root, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(root, 'xdg', 'data'),
    XDG_STATE_HOME: path.join(root, 'xdg', 'state'),
    XDG_CACHE_HOME: path.join(root, 'xdg', 'cache'),
    TMPDIR: path.join(root, 'tmp'),
  };
  await mkdir(path.join(home, '.qwen'), { recursive: true });
  for (const d of Object.values(dirs)) await mkdir(d, { recursive: true });
  await writeFile(path.join(home, '.qwen', 'settings.json'), JSON.stringify(QWEN_SETTINGS, null, 2));

  // Only what qwen needs from the parent: the PATH to find node, nothing of the user's config.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    HOME: home,
    ...dirs,
    OPENAI_BASE_URL: llmUrl,
    OPENAI_API_KEY: 'mock-key',
    OPENAI_MODEL: 'mock-model',
    NO_COLOR: '1',
  };
  return {
    root,
    home,
    env,
    async makeDir(name: string) {
      const dir = path.join(root, 'work', name);
      await mkdir(dir, { recursive: true });
      return dir;
    },
    async [Symbol.asyncDispose]() {
      await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}
