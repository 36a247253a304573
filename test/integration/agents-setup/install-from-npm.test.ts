import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentInfo, AgentEvent, EventPayload } from '../../../src-preload/contract';
import { configureClaude } from '../../support/agent-env/claude-env';
import { driveCore, type DrivenCore } from '../../support/fault-tools';
import { makeRepo } from '../../support/git-repo';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';
import { makeAgentWorld } from '../agents/agent-world';
import type { AgentWorld } from '../agents/agent-conformance';

/**
 * "Install" from the app: Claude Code's ACP adapter (the smallest npm-published agent, ~77 MB
 * with the Claude Agent SDK) is installed from the npm registry into a fresh data dir's own npm
 * prefix, found there, and runs a turn against the mock LLM; then it is removed. The project's
 * own node_modules copy is kept out of sight (no bundled search folder, no node_modules on PATH).
 */
/**
 * The isolated HOME has no .npmrc: the certificate authority this machine's npm is configured
 * with (a TLS-inspecting proxy's) is passed on, as the user's own ~/.npmrc would be in the app.
 */
function machineNpmTrust(): NodeJS.ProcessEnv {
  const cafile = execFileSync('npm', ['config', 'get', 'cafile'], { encoding: 'utf8' }).trim();
  return {
    ...(cafile && cafile !== 'null' && cafile !== 'undefined' ? { npm_config_cafile: cafile } : {}),
    ...(process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {}),
  };
}

describe('agents.install: a real agent from the npm registry', () => {
  let llm: MockLlm;
  let world: AgentWorld;
  let app: DrivenCore;

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await makeAgentWorld(llm, [configureClaude]);
    const pathWithoutProjectBins = (world.env.PATH ?? '').split(path.delimiter).filter((d) => !d.includes('node_modules')).join(path.delimiter);
    app = await driveCore({ dataDir: world.dataDir, agentEnv: { ...world.env, ...machineNpmTrust(), PATH: pathWithoutProjectBins }, agentSearchDirs: [] });
  });

  afterAll(async () => {
    await app?.core.shutdown();
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  const claude = async () => (await app.call<AgentInfo[]>('agents.list')).find((a) => a.id === 'claude-code')!;

  it('installs the pinned version into the data dir, with progress and npm’s log; the agent is found there and runs a turn', async () => {
    const before = await claude();
    expect(before.available).toBe(false);
    expect(before.install).toEqual({ package: '@zed-industries/claude-agent-acp', pinnedVersion: '0.23.1', installedVersion: null });

    const result = await app.call<{ version: string; command: string }>('agents.install', { id: 'claude-code' });
    const prefix = path.join(world.dataDir, 'agents', 'zed-industries+claude-agent-acp');
    expect(result).toEqual({ version: '0.23.1', command: path.join(prefix, 'node_modules', '.bin', 'claude-agent-acp') });

    const progress = app.seen.filter((e) => e.name === 'agents.install.progress').map((e) => e.payload as EventPayload<'agents.install.progress'>);
    expect(progress[0]).toMatchObject({ agent: 'claude-code', package: '@zed-industries/claude-agent-acp', phase: 'started' });
    expect(progress.filter((p) => p.phase === 'log').length).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ agent: 'claude-code', package: '@zed-industries/claude-agent-acp', phase: 'done', version: '0.23.1' });
    // Nothing was left half-installed beside it.
    expect(existsSync(prefix)).toBe(true);

    const after = await claude();
    expect(after).toMatchObject({ available: true, command: result.command, found: { via: 'boocoder', version: '0.23.1' } });
    expect(after.install?.installedVersion).toBe('0.23.1');
    expect(after.auth.state).toBe('signed-in');

    const repoDir = await world.makeDir('repo');
    makeRepo(repoDir);
    const repo = await app.call<{ id: string }>('repos.open', { path: repoDir });
    const chat = await app.call<{ id: string }>('chats.create', { repoId: repo.id });
    const turnId = await app.send(chat.id, 'claude-code', 'Say hello. [[mock:reply:hello from the installed agent]]');
    expect((await app.end(turnId, 120_000)).stopReason).toBe('end_turn');
    const text = app
      .events(turnId)
      .flatMap((e: AgentEvent) => (e.type === 'text.delta' ? [e.text] : []))
      .join('');
    expect(text).toContain('hello from the installed agent');
    const status = await app.call<{ processes: Array<{ agent: string }> }>('agents.status');
    expect(status.processes.some((p) => p.agent === 'claude-code')).toBe(true);
  });

  it('a second install while one runs is refused; uninstall stops the agent and removes its folder', async () => {
    const first = app.call('agents.install', { id: 'claude-code' });
    const second = await app.callError('agents.install', { id: 'claude-code' });
    expect(second.name).toBe('InstallInProgress');
    await first;

    await app.call('agents.uninstall', { id: 'claude-code' });
    expect(existsSync(path.join(world.dataDir, 'agents', 'zed-industries+claude-agent-acp'))).toBe(false);
    const after = await claude();
    expect(after.available).toBe(false);
    expect(after.install?.installedVersion).toBeNull();
    const status = await app.call<{ processes: Array<{ agent: string }> }>('agents.status');
    expect(status.processes.some((p) => p.agent === 'claude-code')).toBe(false);
  });

  it('an agent that is not on npm is not installable; without npm on PATH the error says how to get it', async () => {
    expect((await app.callError('agents.install', { id: 'goose' })).name).toBe('NotInstallable');
    const noNpm = await driveCore({ dataDir: path.join(world.dataDir, '..', 'data-no-npm'), agentEnv: { ...world.env, PATH: '/nonexistent' }, agentSearchDirs: [] });
    try {
      const error = await noNpm.callError('agents.install', { id: 'codex' });
      expect(error.name).toBe('NpmNotFound');
      expect(error.message).toMatch(/Install Node\.js, which includes npm/);
    } finally {
      await noNpm.core.shutdown();
    }
  });
});
