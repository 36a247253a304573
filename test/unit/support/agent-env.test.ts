import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACP_AGENT_LAUNCHES, configureAllAgents } from '../../support/agent-env/all-agents-env';
import { makeAgentTestEnv } from '../../support/agent-env/agent-test-env';
import { makeIsolatedDirs } from '../../support/agent-env/isolated-dirs';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';

/** The isolated environments the real agents run in: what they contain and what they never do. */

let llm: MockLlm;
beforeAll(async () => {
  llm = await startMockLlm();
});
afterAll(() => llm.close());

const BASE_KEYS = ['PATH', 'LANG', 'HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'TMPDIR'];

describe('agent test envs', () => {
  it.each(Object.keys(ACP_AGENT_LAUNCHES))('%s: a fresh HOME, its own config and nothing of the parent env', async (id) => {
    const saved = process.env.IS_SANDBOX;
    process.env.IS_SANDBOX = '1';
    try {
      await using env = await makeAgentTestEnv(ACP_AGENT_LAUNCHES[id]!, llm);
      expect(env.agentId).toBe(id);
      expect(env.spec).toMatchObject({ id, kind: 'acp', command: env.command, args: env.args, env: {} });
      expect(path.isAbsolute(env.command)).toBe(true);
      expect(existsSync(env.command)).toBe(true);
      expect(env.home.startsWith(env.root)).toBe(true);
      for (const key of BASE_KEYS) expect(env.env[key], key).toBeDefined();
      for (const key of ['HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'TMPDIR']) {
        expect(env.env[key]!.startsWith(env.root), key).toBe(true);
      }
      expect(env.env.IS_SANDBOX).toBeUndefined();
      expect(env.env.USER).toBeUndefined();
      const dir = await env.makeDir('w');
      expect(existsSync(dir) && dir.startsWith(env.root)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.IS_SANDBOX;
      else process.env.IS_SANDBOX = saved;
    }
  });

  it('writes every agent’s config into one HOME, with one set of variables', async () => {
    await using dirs = await makeIsolatedDirs();
    const env = await configureAllAgents(dirs.home, llm);
    expect(env).toMatchObject({
      ANTHROPIC_BASE_URL: llm.origin,
      GOOGLE_GEMINI_BASE_URL: llm.origin,
      OPENAI_BASE_URL: llm.url,
      CODEX_HOME: path.join(dirs.home, '.codex'),
    });
    expect(JSON.parse(env.OPENCODE_CONFIG_CONTENT!)).toMatchObject({ model: 'mock/mock-model' });
    expect(readFileSync(path.join(dirs.home, '.codex', 'config.toml'), 'utf8')).toContain(`base_url = "${llm.url}"`);
    for (const file of ['.claude/settings.json', '.gemini/settings.json', '.qwen/settings.json', '.config/opencode/opencode.json', '.npmrc']) {
      expect(existsSync(path.join(dirs.home, file)), file).toBe(true);
    }
  });
});
