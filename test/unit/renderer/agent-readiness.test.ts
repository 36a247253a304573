import { describe, expect, it } from 'vitest';
import type { AgentInfo } from '../../../src-preload/contract';
import { foundLabel, installAction, isReady, readinessOf } from '../../../src-renderer/state/agent-readiness';

const agent = (patch: Partial<AgentInfo>): AgentInfo => ({
  id: 'qwen',
  name: 'Qwen Code',
  kind: 'acp',
  available: true,
  command: '/x/qwen',
  args: ['--acp'],
  envKeys: [],
  builtIn: true,
  profile: 'qwen',
  sandbox: { state: 'on', kind: 'bwrap' },
  found: { via: 'path', version: '0.24.4' },
  install: { package: '@qwen-code/qwen-code', pinnedVersion: '0.24.4', installedVersion: null },
  auth: { state: 'signed-in', detail: 'API key OPENAI_API_KEY is set.' },
  ...patch,
});

describe('agent readiness', () => {
  it('ready = found and not signed out; an unknown sign-in state is the agent’s to report', () => {
    expect(readinessOf(agent({}))).toBe('ready');
    expect(readinessOf(agent({ auth: { state: 'unknown', detail: '' } }))).toBe('ready');
    expect(readinessOf(agent({ auth: { state: 'signed-out', detail: '' } }))).toBe('needs-sign-in');
    expect(readinessOf(agent({ available: false, found: null }))).toBe('not-installed');
    expect(isReady(agent({ auth: { state: 'signed-out', detail: '' } }))).toBe(false);
  });

  it('offers Install only when the agent is nowhere, Update when BooCoder’s copy is not the pinned one', () => {
    expect(installAction(agent({ available: false }))).toBe('install');
    expect(installAction(agent({}))).toBeNull();
    expect(installAction(agent({ install: { package: 'p', pinnedVersion: '2', installedVersion: '1' } }))).toBe('update');
    expect(installAction(agent({ install: { package: 'p', pinnedVersion: '2', installedVersion: '2' } }))).toBeNull();
    expect(installAction(agent({ install: null, available: false }))).toBeNull();
  });

  it('says where the program was found and its version', () => {
    expect(foundLabel(agent({}))).toBe('PATH · v0.24.4');
    expect(foundLabel(agent({ found: { via: 'boocoder', version: '0.24.4' } }))).toBe('BooCoder’s install · v0.24.4');
    expect(foundLabel(agent({ found: { via: 'configured', version: null } }))).toBe('configured command · version unknown');
    expect(foundLabel(agent({ found: null }))).toBeNull();
  });
});
