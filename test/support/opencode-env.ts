import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AgentSpec } from '../../src-main/core/agents/agent-backend';

/**
 * An isolated world for a real `opencode serve`: its own HOME, XDG dirs and TMPDIR under one temp
 * dir, the mock LLM as its only provider, and no way to reach the internet. The user's real
 * config is never read or written.
 */
export interface OpencodeTestEnv extends AsyncDisposable {
  /** The temp dir holding HOME and the XDG dirs. */
  root: string;
  /** The complete child environment (pass as `baseEnv`, so nothing leaks in from process.env). */
  env: NodeJS.ProcessEnv;
  /** A spec for `new OpencodeBackend(spec, { baseEnv: env })`. */
  spec: AgentSpec;
  /** Makes a fresh working directory inside the isolated root. */
  makeDir(name: string): Promise<string>;
  dispose(): Promise<void>;
}

export interface OpencodeTestEnvOptions {
  /** The mock LLM's base URL, e.g. `http://127.0.0.1:PORT/v1`. */
  llmUrl: string;
  /** Permission rules; defaults to allowing edits and bash so turns never wait. */
  permission?: Record<string, 'allow' | 'ask' | 'deny'>;
  /** Override the command (e.g. to test start failures). */
  command?: string;
  args?: string[];
}

export const OPENCODE_BIN = path.resolve(import.meta.dirname, '../../node_modules/.bin/opencode');
export const MOCK_MODEL = 'mock/mock-model';

/** `permission` as opencode takes it: rules per tool, or one action for everything ("allow"). */
export function mockProviderConfig(llmUrl: string, permission: Record<string, string> | string): string {
  return JSON.stringify({
    $schema: 'https://opencode.ai/config.json',
    provider: {
      mock: {
        npm: '@ai-sdk/openai-compatible',
        name: 'Mock',
        options: { baseURL: llmUrl, apiKey: 'k' },
        models: {
          // Images allowed, so opencode passes attached images on to the model.
          'mock-model': {
            name: 'Mock Model',
            tool_call: true,
            reasoning: true,
            attachment: true,
            modalities: { input: ['text', 'image'], output: ['text'] },
            cost: { input: 1, output: 2 },
          },
        },
      },
    },
    model: MOCK_MODEL,
    small_model: MOCK_MODEL,
    autoupdate: false,
    share: 'disabled',
    permission,
  });
}

export async function createOpencodeTestEnv(options: OpencodeTestEnvOptions): Promise<OpencodeTestEnv> {
  const root = await mkdtemp(path.join(tmpdir(), 'boocoder-opencode-'));
  const home = path.join(root, 'home');
  const dirs = {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    TMPDIR: path.join(root, 'tmp'),
  };
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
  await mkdir(path.join(root, 'work'), { recursive: true });
  // A dead registry: opencode may npm-install its plugin package into the config dir on start;
  // in tests that must fail fast instead of downloading it into every temp HOME. The binary
  // embeds npm's config loader, which reads both `npm_config_registry` from the environment and
  // the user's `~/.npmrc`, so both point at a closed loopback port.
  const deadRegistry = 'http://127.0.0.1:9/';
  await writeFile(path.join(home, '.npmrc'), `registry=${deadRegistry}\n`);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    ...dirs,
    OPENCODE_CONFIG_CONTENT: mockProviderConfig(options.llmUrl, options.permission ?? { edit: 'allow', bash: 'allow' }),
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_SHARE: '1',
    npm_config_registry: deadRegistry,
    NPM_CONFIG_REGISTRY: deadRegistry,
    BUN_CONFIG_REGISTRY: deadRegistry,
  };
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };
  return {
    root,
    env,
    spec: {
      id: 'opencode',
      name: 'OpenCode',
      kind: 'opencode',
      command: options.command ?? OPENCODE_BIN,
      args: options.args ?? [],
      env: {},
    },
    async makeDir(name: string) {
      const dir = path.join(root, 'work', name);
      await mkdir(dir, { recursive: true });
      return dir;
    },
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
