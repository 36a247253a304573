import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { capabilitiesOf } from '../../../src-main/core/agents/acp/acp-connection';
import { InitializeResult } from '../../../src-main/core/agents/acp/acp-wire';
import { authMethodViews, displayCommand } from '../../../src-main/core/agents/auth/auth-methods';
import { authSummary } from '../../../src-main/core/agents/auth/auth-summary';
import { AgentCatalog, withEnvVar } from '../../../src-main/core/agents/catalog/agent-catalog';
import { installedVersion, packageBinDir, packagePrefix, versionOfProgram } from '../../../src-main/core/agents/install/agent-install-dirs';
import { AGENT_PROFILES, profileById } from '../../../src-main/core/agents/profiles/profiles';
import { terminalLaunchPlan } from '../../../src-main/core/util/terminal-launch';
import { Store } from '../../../src-main/core/store/store';
import { tempDir } from '../../support/temp-dir';

const REPO = path.resolve(import.meta.dirname, '..', '..', '..');

describe('npm-published agents', () => {
  it('each profile pins the version package.json pins (the one the tests ran), and names a program it launches', () => {
    const dev = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies;
    const published = AGENT_PROFILES.filter((p) => p.npmPackage);
    expect(published.map((p) => p.id)).toEqual(['opencode', 'claude-code', 'codex', 'gemini', 'qwen', 'opencode-acp']);
    for (const p of published) {
      expect(dev[p.npmPackage!.name], p.id).toBe(p.npmPackage!.version);
      expect(p.launch.map((l) => l.command), p.id).toContain(p.npmPackage!.bin);
    }
    expect(profileById('goose')?.npmPackage).toBeUndefined();
  });

  it('installs each package under its own prefix in the data dir, and reads versions from package.json', async () => {
    await using dir = await tempDir('boocoder-installs-');
    const root = path.join(dir.path, 'agents');
    expect(packagePrefix(root, '@zed-industries/codex-acp')).toBe(path.join(root, 'zed-industries+codex-acp'));
    expect(packageBinDir(root, 'opencode-ai')).toBe(path.join(root, 'opencode-ai', 'node_modules', '.bin'));
    expect(installedVersion(root, 'opencode-ai')).toBeNull();
    const pkgDir = path.join(packagePrefix(root, 'opencode-ai'), 'node_modules', 'opencode-ai');
    mkdirSync(path.join(pkgDir, 'bin'), { recursive: true });
    writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify({ name: 'opencode-ai', version: '1.18.33' }));
    expect(installedVersion(root, 'opencode-ai')).toBe('1.18.33');
    // A program linked from a bin folder (as npm does, globally too) leads back to its package.
    writeFileSync(path.join(pkgDir, 'bin', 'opencode'), '#!/bin/sh\n');
    chmodSync(path.join(pkgDir, 'bin', 'opencode'), 0o755);
    mkdirSync(packageBinDir(root, 'opencode-ai'), { recursive: true });
    symlinkSync('../opencode-ai/bin/opencode', path.join(packageBinDir(root, 'opencode-ai'), 'opencode'));
    expect(versionOfProgram(path.join(packageBinDir(root, 'opencode-ai'), 'opencode'), 'opencode-ai')).toBe('1.18.33');
    expect(versionOfProgram(path.join(packageBinDir(root, 'opencode-ai'), 'opencode'), 'another-package')).toBeNull();
    // The project's own copies.
    expect(versionOfProgram(path.join(REPO, 'node_modules', '.bin', 'qwen'), '@qwen-code/qwen-code')).toBe('0.24.4');
  });
});

describe('where the catalog finds an agent', () => {
  it('BooCoder’s own install first, then its bundled folder, then PATH; a configured command is the user’s', async () => {
    await using dir = await tempDir('boocoder-found-');
    const store = Store.open(path.join(dir.path, 'boocoder.db'));
    try {
      const root = path.join(dir.path, 'agents');
      const exe = (folder: string, name: string) => {
        mkdirSync(folder, { recursive: true });
        writeFileSync(path.join(folder, name), '#!/bin/sh\n');
        chmodSync(path.join(folder, name), 0o755);
        return path.join(folder, name);
      };
      const bundled = path.join(dir.path, 'bundled');
      const onPath = path.join(dir.path, 'path');
      const catalog = new AgentCatalog(store.agentConfig, { searchDirs: [bundled], pathEnv: onPath, installRoot: root, baseEnv: { HOME: dir.path } });
      const qwen = () => catalog.get('qwen');
      expect(qwen().found).toBeNull();
      exe(onPath, 'qwen');
      expect(qwen().found).toEqual({ via: 'path', version: null });
      exe(bundled, 'qwen');
      expect(qwen().found?.via).toBe('bundled');
      const installed = exe(packageBinDir(root, '@qwen-code/qwen-code'), 'qwen');
      mkdirSync(path.join(packagePrefix(root, '@qwen-code/qwen-code'), 'node_modules', '@qwen-code', 'qwen-code'), { recursive: true });
      writeFileSync(path.join(packagePrefix(root, '@qwen-code/qwen-code'), 'node_modules', '@qwen-code', 'qwen-code', 'package.json'), JSON.stringify({ name: '@qwen-code/qwen-code', version: '0.24.4' }));
      expect(qwen()).toMatchObject({ executable: installed, found: { via: 'boocoder', version: '0.24.4' }, install: { package: '@qwen-code/qwen-code', pinnedVersion: '0.24.4', installedVersion: '0.24.4' } });
      const mine = exe(path.join(dir.path, 'mine'), 'my-qwen');
      catalog.configure({ id: 'qwen', command: mine });
      expect(qwen()).toMatchObject({ executable: mine, found: { via: 'configured', version: null } });
      // Keys set one at a time keep the others.
      catalog.setEnvVar('qwen', 'OPENAI_API_KEY', 'k1');
      catalog.setEnvVar('qwen', 'OTHER', 'x');
      expect(qwen().spec.env).toEqual({ OPENAI_API_KEY: 'k1', OTHER: 'x' });
      expect(qwen().auth.state).toBe('signed-in');
      catalog.setEnvVar('qwen', 'OPENAI_API_KEY', null);
      expect(qwen().spec.env).toEqual({ OTHER: 'x' });
    } finally {
      store.close();
    }
  });

  it('withEnvVar adds, replaces and removes one variable', () => {
    expect(withEnvVar(null, 'A', '1')).toEqual({ A: '1' });
    expect(withEnvVar({ A: '1', B: '2' }, 'A', '3')).toEqual({ A: '3', B: '2' });
    expect(withEnvVar({ A: '1', B: '2' }, 'A', null)).toEqual({ B: '2' });
  });
});

describe('sign-in state without starting the agent', () => {
  const claude = profileById('claude-code');
  const base = { home: '/h', platform: 'linux' as const, exists: () => false };

  it('a key variable, then a login file, then "elsewhere" (unknown), else signed out with what to do', () => {
    expect(authSummary({ ...base, profile: claude, env: { ANTHROPIC_API_KEY: 'k' } })).toEqual({ state: 'signed-in', detail: 'API key ANTHROPIC_API_KEY is set.' });
    expect(authSummary({ ...base, profile: claude, env: {}, exists: (f) => f === '/h/.claude/.credentials.json' })).toEqual({ state: 'signed-in', detail: 'Signed in (/h/.claude/.credentials.json).' });
    expect(authSummary({ ...base, profile: claude, env: {}, platform: 'darwin' }).state).toBe('unknown');
    expect(authSummary({ ...base, profile: claude, env: {} })).toEqual({ state: 'signed-out', detail: 'Not signed in: sign in, or set ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN.' });
    expect(authSummary({ ...base, profile: profileById('gemini'), env: {}, exists: (f) => f === '/h/.gemini/oauth_creds.json' }).state).toBe('signed-in');
    expect(authSummary({ ...base, profile: profileById('codex'), env: { CODEX_HOME: '/c' }, exists: (f) => f === '/c/auth.json' }).state).toBe('signed-in');
    expect(authSummary({ ...base, profile: undefined, env: {} }).state).toBe('unknown');
  });

  /** authMethods as each agent answered initialize here (with clientCapabilities.auth.terminal). */
  const RECORDED = {
    codex: [
      { id: 'chatgpt', name: 'Login with ChatGPT', description: 'Use your ChatGPT login with Codex CLI (requires a paid ChatGPT subscription)' },
      { type: 'env_var', id: 'codex-api-key', name: 'Use CODEX_API_KEY', description: 'Requires setting the `CODEX_API_KEY` environment variable.', vars: [{ name: 'CODEX_API_KEY' }] },
      { type: 'env_var', id: 'openai-api-key', name: 'Use OPENAI_API_KEY', description: 'Requires setting the `OPENAI_API_KEY` environment variable.', vars: [{ name: 'OPENAI_API_KEY' }] },
    ],
    gemini: [
      { id: 'oauth-personal', name: 'Log in with Google', description: 'Log in with your Google account' },
      { id: 'gemini-api-key', name: 'Gemini API key', description: 'Use an API key with Gemini Developer API' },
      { id: 'vertex-ai', name: 'Vertex AI', description: 'Use an API key with Vertex AI GenAI API' },
      { id: 'gateway', name: 'AI API Gateway', description: 'Use a custom AI API Gateway' },
    ],
    qwen: [{ id: 'openai', name: 'Use OpenAI API key', description: 'Requires setting the `OPENAI_API_KEY` environment variable' }],
    'opencode-acp': [{ id: 'opencode-login', name: 'Login with opencode', description: 'Run `opencode auth login` in the terminal' }],
    'claude-code': [{ description: 'Run `claude /login` in the terminal', name: 'Log in with Claude', id: 'claude-login', type: 'terminal', args: ['--cli'] }],
  };
  const views = (agent: keyof typeof RECORDED, env: NodeJS.ProcessEnv = {}, profile: string | null = agent) =>
    authMethodViews(capabilitiesOf(InitializeResult.parse({ protocolVersion: 1, authMethods: RECORDED[agent] })).authMethods, profile ? profileById(profile)?.signIn : undefined, env).map(
      (m) => [m.id, m.kind, m.envVar, m.keySet],
    );

  it('classifies what each real agent advertises: a terminal login, a key (and its variable), or the agent’s own sign-in', () => {
    expect(views('codex', { OPENAI_API_KEY: 'k' })).toEqual([
      ['chatgpt', 'agent', null, false],
      ['codex-api-key', 'api-key', 'CODEX_API_KEY', false],
      ['openai-api-key', 'api-key', 'OPENAI_API_KEY', true],
    ]);
    // ACP env_var methods carry their variable: no profile needed.
    expect(views('codex', {}, null).map((v) => v[2])).toEqual([null, 'CODEX_API_KEY', 'OPENAI_API_KEY']);
    expect(views('gemini')).toEqual([
      ['oauth-personal', 'agent', null, false],
      ['gemini-api-key', 'api-key', 'GEMINI_API_KEY', false],
      ['vertex-ai', 'agent', null, false],
      ['gateway', 'agent', null, false],
    ]);
    // qwen names its variable in the description; an agent without a profile gets it from there too.
    expect(views('qwen', {}, null)).toEqual([['openai', 'api-key', 'OPENAI_API_KEY', false]]);
    expect(views('opencode-acp', {}, null)).toEqual([['opencode-login', 'agent', null, false]]);
    // Claude advertises only its terminal login: its key variable is offered as a field of its own.
    expect(views('claude-code')).toEqual([
      ['claude-login', 'terminal', null, false],
      ['env:ANTHROPIC_API_KEY', 'api-key', 'ANTHROPIC_API_KEY', false],
    ]);
  });

  it('shows a command as a user would type it', () => {
    expect(displayCommand('/opt/my apps/claude-agent-acp', ['--cli', '/login'], 'linux')).toBe("'/opt/my apps/claude-agent-acp' --cli /login");
    // Windows: double quotes as its programs split a command line; a path's backslashes stay as they are.
    expect(displayCommand('C:\\Program Files\\nodejs\\claude-agent-acp.cmd', ['--cli', '/login'], 'win32')).toBe('"C:\\Program Files\\nodejs\\claude-agent-acp.cmd" --cli /login');
    expect(displayCommand('C:\\bin\\gemini.cmd', [], 'win32')).toBe('C:\\bin\\gemini.cmd');
    expect(displayCommand('agent', ['say "hi"', 'C:\\dir with space\\'], 'win32')).toBe('agent "say \\"hi\\"" "C:\\dir with space\\\\"');
  });
});

describe('opening a terminal for a login', () => {
  it('Terminal.app on macOS, a new console on Windows, the first terminal found on Linux, none without one', () => {
    expect(terminalLaunchPlan('darwin', "codex 'login'", () => false)).toEqual({
      command: 'osascript',
      args: ['-e', 'tell application "Terminal" to do script "codex \'login\'"', '-e', 'tell application "Terminal" to activate'],
    });
    expect(terminalLaunchPlan('win32', 'codex login', () => false)).toEqual({ command: 'cmd.exe', args: ['/c', 'start', '""', 'cmd.exe', '/k', 'codex login'] });
    expect(terminalLaunchPlan('linux', 'codex login', (p) => p === 'gnome-terminal' || p === 'xterm')).toMatchObject({ command: 'gnome-terminal', args: ['--', 'sh', '-c', expect.stringMatching(/^codex login; /)] });
    expect(terminalLaunchPlan('linux', 'codex login', () => false)).toBeNull();
  });
});
