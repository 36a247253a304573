import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentSpec } from '../../../src-main/core/agents/agent-backend';
import { AgentCatalog, mergeAgentSpec, toAgentInfo } from '../../../src-main/core/agents/catalog/agent-catalog';
import { BUILT_IN_AGENTS } from '../../../src-main/core/agents/catalog/built-in-agents';
import { findExecutable } from '../../../src-main/core/agents/catalog/find-executable';
import { Store } from '../../../src-main/core/store/store';
import { tempDir } from '../../support/temp-dir';

/** Writes a file; executable unless told otherwise. */
function program(dir: string, name: string, executable = true): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(file, executable ? 0o755 : 0o644);
  return file;
}

const qwen = BUILT_IN_AGENTS.find((a) => a.id === 'qwen')!;

describe('mergeAgentSpec', () => {
  it('is undefined with neither a built-in nor an override, or a custom override without a command', () => {
    expect(mergeAgentSpec(undefined, undefined)).toBeUndefined();
    expect(mergeAgentSpec(undefined, { id: 'x', name: 'X', kind: 'acp', command: null, args: null, env: null })).toBeUndefined();
  });

  it('turns a custom override into an ACP agent named after its id unless named', () => {
    expect(mergeAgentSpec(undefined, { id: 'mine', name: null, kind: 'acp', command: '/bin/mine', args: null, env: null })).toEqual({
      id: 'mine',
      name: 'mine',
      kind: 'acp',
      command: '/bin/mine',
      args: [],
      env: {},
      sandbox: true,
    });
  });

  it('lays an override over a built-in field by field, merging env', () => {
    const builtIn: AgentSpec = { ...qwen, env: { A: '1', B: '2' } };
    expect(mergeAgentSpec(builtIn, undefined)).toEqual({ ...builtIn, sandbox: true });
    expect(mergeAgentSpec(builtIn, { id: 'qwen', name: null, kind: 'acp', command: null, args: ['--acp', '--debug'], env: { B: 'two', C: '3' } })).toEqual({
      ...builtIn,
      sandbox: true,
      args: ['--acp', '--debug'],
      env: { A: '1', B: 'two', C: '3' },
    });
    expect(mergeAgentSpec(builtIn, { id: 'qwen', name: 'My Qwen', kind: 'acp', command: '/opt/qwen', args: [], env: null })).toMatchObject({
      name: 'My Qwen',
      command: '/opt/qwen',
      args: [],
      kind: 'acp',
    });
  });
});

describe('findExecutable', () => {
  it('searches the extra folders first, then PATH, and returns the absolute path', async () => {
    await using dir = await tempDir('find-exe-');
    const extra = path.join(dir.path, 'extra');
    const onPath = path.join(dir.path, 'onpath');
    program(onPath, 'tool');
    expect(findExecutable('tool', { extraDirs: [extra], pathEnv: onPath })).toBe(path.join(onPath, 'tool'));
    program(extra, 'tool');
    expect(findExecutable('tool', { extraDirs: [extra], pathEnv: onPath })).toBe(path.join(extra, 'tool'));
    expect(findExecutable('tool', { extraDirs: [], pathEnv: [path.join(dir.path, 'none'), onPath].join(path.delimiter) })).toBe(path.join(onPath, 'tool'));
  });

  it('skips files that are not executable and folders with the same name', async () => {
    await using dir = await tempDir('find-exe-');
    const a = path.join(dir.path, 'a');
    const b = path.join(dir.path, 'b');
    const c = path.join(dir.path, 'c');
    program(a, 'tool', false);
    mkdirSync(path.join(b, 'tool'), { recursive: true });
    expect(findExecutable('tool', { extraDirs: [a, b], pathEnv: undefined })).toBeNull();
    program(c, 'tool');
    expect(findExecutable('tool', { extraDirs: [a, b], pathEnv: c })).toBe(path.join(c, 'tool'));
  });

  it('checks a command with a slash as a path, not on PATH', async () => {
    await using dir = await tempDir('find-exe-');
    const file = program(path.join(dir.path, 'bin'), 'agent');
    expect(findExecutable(file, { extraDirs: [], pathEnv: undefined })).toBe(file);
    expect(findExecutable(path.join(dir.path, 'bin', 'missing'), { extraDirs: [], pathEnv: path.join(dir.path, 'bin') })).toBeNull();
    // A relative path is resolved against the working directory, not looked up in the search dirs.
    expect(findExecutable('bin/agent', { extraDirs: [dir.path], pathEnv: dir.path })).toBeNull();
  });

  it('tries .cmd/.exe/.bat on win32', async () => {
    await using dir = await tempDir('find-exe-');
    program(dir.path, 'agent.cmd', false);
    expect(findExecutable('agent', { extraDirs: [dir.path], pathEnv: undefined, platform: 'win32' })).toBe(path.join(dir.path, 'agent.cmd'));
    expect(findExecutable('agent', { extraDirs: [dir.path], pathEnv: undefined, platform: 'linux' })).toBeNull();
  });
});

/** A catalog over a real store, with `bin` as BooCoder's node_modules/.bin and an empty PATH. */
async function tempCatalog() {
  const dir = await tempDir('catalog-');
  const bin = path.join(dir.path, 'bin');
  mkdirSync(bin);
  const file = path.join(dir.path, 'boocoder.db');
  let store = Store.open(file);
  const make = () => new AgentCatalog(store.agentConfig, { searchDirs: [bin], pathEnv: '' });
  return {
    bin,
    catalog: make(),
    /** The same data dir after a restart. */
    reopen() {
      store.close();
      store = Store.open(file);
      return make();
    },
    async [Symbol.asyncDispose]() {
      store.close();
      await dir[Symbol.asyncDispose]();
    },
  };
}

describe('AgentCatalog', () => {
  it('lists every built-in, available only when its program is found, with a reason otherwise', async () => {
    await using t = await tempCatalog();
    program(t.bin, 'qwen');
    const list = t.catalog.list();
    expect(list.map((a) => a.spec.id)).toEqual(BUILT_IN_AGENTS.map((a) => a.id));
    const q = list.find((a) => a.spec.id === 'qwen')!;
    expect(q).toMatchObject({ builtIn: true, executable: path.join(t.bin, 'qwen'), spec: { command: path.join(t.bin, 'qwen'), args: ['--acp'] } });
    expect(q.reason).toBeUndefined();
    const goose = list.find((a) => a.spec.id === 'goose')!;
    expect(goose.executable).toBeNull();
    expect(goose.reason).toContain('"goose" was not found');
    expect(t.catalog.require('qwen').command).toBe(path.join(t.bin, 'qwen'));
    expect(() => t.catalog.require('goose')).toThrow(expect.objectContaining({ name: 'AgentUnavailable' }));
    expect(() => t.catalog.get('nobody')).toThrow(expect.objectContaining({ name: 'NotFound' }));
  });

  it('adds a custom ACP agent only with a command, lists it after the built-ins, and keeps it across a restart', async () => {
    await using t = await tempCatalog();
    expect(() => t.catalog.configure({ id: 'mine' })).toThrow(expect.objectContaining({ name: 'InvalidInput', data: { fields: ['command'] } }));
    const exe = program(t.bin, 'my-agent');
    const added = t.catalog.configure({ id: 'mine', command: exe, args: ['--acp'] });
    expect(added).toMatchObject({ builtIn: false, executable: exe, spec: { id: 'mine', name: 'mine', kind: 'acp', args: ['--acp'] } });
    expect(t.catalog.list().at(-1)?.spec.id).toBe('mine');

    // A partial update keeps what was set before.
    t.catalog.configure({ id: 'mine', name: 'Mine' });
    const after = t.reopen().get('mine');
    expect(after.spec).toMatchObject({ name: 'Mine', command: exe, args: ['--acp'] });
  });

  it('overrides a built-in without changing its kind, and never exposes env values', async () => {
    await using t = await tempCatalog();
    const opencode = t.catalog.configure({ id: 'opencode', args: ['--print-logs'], env: { OPENAI_API_KEY: 'sk-secret' } });
    expect(opencode.spec).toMatchObject({ kind: 'opencode', name: 'OpenCode', args: ['--print-logs'], env: { OPENAI_API_KEY: 'sk-secret' } });
    const info = toAgentInfo(opencode, { state: 'on', kind: 'bwrap' });
    expect(info).toMatchObject({ id: 'opencode', kind: 'opencode', builtIn: true, available: false, envKeys: ['OPENAI_API_KEY'], sandbox: { state: 'on' } });
    expect(info.reason).toBeDefined();
    expect(JSON.stringify(info)).not.toContain('sk-secret');
    expect(t.catalog.list().filter((a) => a.spec.id === 'opencode')).toHaveLength(1);
  });

  it('gives one agent exactly as the list does, and display names without a program lookup', async () => {
    await using t = await tempCatalog();
    program(t.bin, 'qwen');
    const exe = program(t.bin, 'my-agent');
    t.catalog.configure({ id: 'mine', name: 'Mine', command: exe });
    for (const a of t.catalog.list()) expect(t.catalog.get(a.spec.id)).toEqual(a);
    // A turn's quicker lookup (no install, sign-in or version facts) gives the same runnable spec.
    for (const a of t.catalog.list().filter((x) => x.executable)) expect(t.catalog.require(a.spec.id)).toEqual(a.spec);
    expect(() => t.catalog.require('nobody')).toThrow(expect.objectContaining({ name: 'NotFound' }));
    expect(t.catalog.displayName('qwen')).toBe('Qwen Code');
    expect(t.catalog.displayName('goose')).toBe(BUILT_IN_AGENTS.find((a) => a.id === 'goose')!.name);
    expect(t.catalog.displayName('mine')).toBe('Mine');
    expect(t.catalog.displayName('removed-agent')).toBe('removed-agent');
  });

  it("remembers where a turn's agent was found until its program is gone, its settings change or a full lookup runs", async () => {
    await using t = await tempCatalog();
    const old = program(t.bin, 'claude-code-acp');
    expect(t.catalog.require('claude-code').command).toBe(old);
    // The newer name appears: a send keeps the program it found; the agents view looks again.
    const current = program(t.bin, 'claude-agent-acp');
    expect(t.catalog.require('claude-code').command).toBe(old);
    expect(t.catalog.get('claude-code').executable).toBe(current);
    expect(t.catalog.require('claude-code').command).toBe(current);
    // The remembered program is removed: the next send finds the other one.
    rmSync(current);
    expect(t.catalog.require('claude-code').command).toBe(old);
    // Changed settings are never answered from memory.
    t.catalog.configure({ id: 'claude-code', args: ['--verbose'] });
    expect(t.catalog.require('claude-code')).toMatchObject({ command: old, args: ['--verbose'] });
    const mine = program(t.bin, 'my-claude');
    t.catalog.configure({ id: 'claude-code', command: mine });
    expect(t.catalog.require('claude-code').command).toBe(mine);
    rmSync(old);
    rmSync(mine);
    expect(() => t.catalog.require('claude-code')).toThrow(expect.objectContaining({ name: 'AgentUnavailable' }));
  });
});
