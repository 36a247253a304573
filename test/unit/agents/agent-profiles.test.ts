import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyUsage } from '../../../src-preload/contract';
import { AgentCatalog } from '../../../src-main/core/agents/catalog/agent-catalog';
import type { AgentIdentity } from '../../../src-main/core/agents/profiles/agent-profile';
import { geminiProfile } from '../../../src-main/core/agents/profiles/gemini';
import { AGENT_PROFILES, profileById, profileReportsCost, recognizeProfile } from '../../../src-main/core/agents/profiles/profiles';
import { Store } from '../../../src-main/core/store/store';
import { tempDir } from '../../support/temp-dir';

/**
 * Which profile (behaviours) a running agent gets, from the `agentInfo` each real agent sends in
 * `initialize`, and how the catalog turns a profile's launch candidates into a runnable command.
 */

// agentInfo exactly as the pinned agent versions send it in their `initialize` result.
const CLAUDE: AgentIdentity = { name: '@zed-industries/claude-agent-acp', title: 'Claude Agent', version: '0.23.1' };
const CODEX: AgentIdentity = { name: 'codex-acp', title: 'Codex', version: '0.16.0' };
const GEMINI: AgentIdentity = { name: 'gemini-cli', title: 'Gemini CLI', version: '0.61.0' };
// opencode sends no title.
const OPENCODE_ACP: AgentIdentity = { name: 'OpenCode', version: '1.18.33' };
const QWEN: AgentIdentity = { name: 'qwen-code', title: 'Qwen Code', version: '0.24.4' };

describe('recognizeProfile', () => {
  it.each([
    ['claude-agent-acp', CLAUDE, 'claude-code', 'claude-code'],
    ['codex-acp', CODEX, 'codex', 'codex'],
    ['gemini --acp', GEMINI, 'gemini', 'gemini'],
    ['qwen --acp', QWEN, 'qwen', 'qwen'],
    // "OpenCode" must match case-insensitively, and only the ACP profile (the server profile never recognises).
    ['opencode acp', OPENCODE_ACP, 'opencode-acp', 'opencode-acp'],
  ])('recognises %s from its real agentInfo', (_label, identity, catalogId, expected) => {
    expect(recognizeProfile(identity, catalogId)?.id).toBe(expected);
  });

  it('recognises the agent from its agentInfo, not from the catalog id it was started as', () => {
    // A custom entry whose command is really Gemini gets Gemini's handling (missing files read as empty).
    const profile = recognizeProfile(GEMINI, 'my-gemini');
    expect(profile?.id).toBe('gemini');
    expect(profile?.behaviours.readsMissingFileAsEmpty).toBe(true);
    // Started under one built-in id, but the program says it is another agent: what it says wins.
    expect(recognizeProfile(CODEX, 'qwen')?.id).toBe('codex');
  });

  it('gives an agent that names itself but is unknown no profile, even under a built-in id', () => {
    // A wrapper that says who it is must not get Claude's "answers late" workaround by accident.
    expect(recognizeProfile({ name: 'my-own-agent', title: 'Mine', version: '1.0.0' }, 'claude-code')).toBeUndefined();
    expect(recognizeProfile({ name: 'my-own-agent', version: null }, 'my-agent')).toBeUndefined();
  });

  it('falls back to the catalog id when the agent says nothing about its name', () => {
    expect(recognizeProfile(null, 'qwen')?.id).toBe('qwen');
    expect(recognizeProfile({ name: null, version: '1.0.0' }, 'claude-code')?.id).toBe('claude-code');
    // An empty name is no name.
    expect(recognizeProfile({ name: '', version: null }, 'gemini')?.id).toBe('gemini');
    // And a custom id with no name has nothing to fall back to.
    expect(recognizeProfile(null, 'my-gemini')).toBeUndefined();
  });

  it('matches names regardless of case and surrounding spaces, but not by substring', () => {
    expect(recognizeProfile({ name: '  Codex-ACP ', version: null }, 'x')?.id).toBe('codex');
    expect(recognizeProfile({ name: 'codex-acp-fork', version: null }, 'codex')).toBeUndefined();
  });

  it('recognises each built-in agent as exactly one profile', () => {
    // Two profiles claiming the same agent would make the result depend on list order.
    for (const identity of [CLAUDE, CODEX, GEMINI, OPENCODE_ACP, QWEN, { name: 'goose', version: null }]) {
      expect(AGENT_PROFILES.filter((p) => p.recognizes(identity)).map((p) => p.id)).toHaveLength(1);
    }
  });
});

describe("Gemini's promptResultUsage", () => {
  const usageOf = geminiProfile.behaviours.promptResultUsage!;

  it('reads the tokens of a real prompt result from _meta.quota.token_count', () => {
    // The shape gemini-cli 0.61.0 returns: totals plus a per-model breakdown (which is not added again).
    const result = {
      stopReason: 'end_turn',
      _meta: {
        quota: {
          token_count: { input_tokens: 240, output_tokens: 60 },
          model_usage: [
            { model: 'gemini-2.5-pro', token_count: { input_tokens: 120, output_tokens: 30 } },
            { model: 'gemini-2.5-flash-lite', token_count: { input_tokens: 120, output_tokens: 30 } },
          ],
        },
      },
    };
    expect(usageOf(result)).toEqual({ ...emptyUsage(), inputTokens: 240, outputTokens: 60 });
  });

  it('gives zero usage (not none) for a handled slash command, which Gemini answers with zero counts', () => {
    const result = { stopReason: 'end_turn', _meta: { quota: { token_count: { input_tokens: 0, output_tokens: 0 }, model_usage: [] } } };
    expect(usageOf(result)).toEqual(emptyUsage());
  });

  it('gives null for results without a usable quota', () => {
    expect(usageOf({ stopReason: 'end_turn' })).toBeNull();
    expect(usageOf({ stopReason: 'cancelled', _meta: null })).toBeNull();
    expect(usageOf({ stopReason: 'end_turn', _meta: { quota: 'lots' } })).toBeNull();
    expect(usageOf({ stopReason: 'end_turn', _meta: { quota: {} } })).toBeNull();
    expect(usageOf({ stopReason: 'end_turn', _meta: { quota: { token_count: { input_tokens: '240', output_tokens: 60 } } } })).toBeNull();
    expect(usageOf({ stopReason: 'end_turn', _meta: { quota: { token_count: { input_tokens: -1, output_tokens: 60 } } } })).toBeNull();
    // Usage in the standard place is not Gemini's: the generic mapper reads that one.
    expect(usageOf({ stopReason: 'end_turn', usage: { inputTokens: 10, outputTokens: 2 } })).toBeNull();
  });
});

describe("Gemini's mode change told as reply text", () => {
  const standard = geminiProfile.behaviours.standardUpdate!;
  const chunk = (text: string) => ({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text } });

  it('is the session’s new mode (what gemini-cli 0.61.0 sends after "Allow for this session")', () => {
    expect(standard(chunk('[MODE_UPDATE] autoEdit'))).toEqual({ sessionUpdate: 'current_mode_update', currentModeId: 'autoEdit' });
  });

  it('leaves reply text, and other updates, as they are', () => {
    for (const update of [chunk('Done: the file is written.'), chunk('I saw [MODE_UPDATE] autoEdit in the log'), chunk('[MODE_UPDATE]'), { sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text: '[MODE_UPDATE] yolo' } }]) {
      expect(standard(update)).toBe(update);
    }
  });
});

describe('what an agent needs from where it runs', () => {
  it('Claude Code is told it runs in a sandbox only when BooCoder’s holds it (then it offers bypassPermissions to root)', () => {
    const claude = profileById('claude-code')!;
    expect(claude.dropEnv).toContain('IS_SANDBOX');
    expect(claude.launchEnv?.({ sandboxed: true })).toEqual({ IS_SANDBOX: '1' });
    expect(claude.launchEnv?.({ sandboxed: false })).toEqual({});
  });

  it("Claude Code's per-session CLI is found next to the adapter, or is the user's CLAUDE_CODE_EXECUTABLE", () => {
    const claude = profileById('claude-code')!;
    const adapter = path.resolve('node_modules/.bin/claude-agent-acp');
    const found = claude.sessionChild?.({ command: adapter, env: { PATH: process.env.PATH } });
    expect(found?.envVar).toBe('CLAUDE_CODE_EXECUTABLE');
    expect(found?.command[0]).toMatch(/node$/);
    expect(found?.command[1]).toMatch(/@anthropic-ai\/claude-agent-sdk\/cli\.js$/);
    expect(claude.sessionChild?.({ command: adapter, env: { PATH: process.env.PATH, CLAUDE_CODE_EXECUTABLE: '/opt/claude' } })?.command).toEqual(['/opt/claude']);
    // A single-file build carries its CLI inside: nothing to point at, so it runs one process per worktree.
    expect(claude.sessionChild?.({ command: adapter, env: { PATH: process.env.PATH, CLAUDE_AGENT_ACP_IS_SINGLE_FILE_BUN: '1' } })).toBeNull();
    expect(claude.sessionChild?.({ command: '/bin/true', env: { PATH: process.env.PATH } })).toBeNull();
  });

  it('the agents whose own file tool can write past their worktree without asking (no fs/*, no forced ask) run one process per worktree; the others share one', () => {
    const perWorktree = AGENT_PROFILES.filter((p) => p.processPerWorktree !== undefined).map((p) => p.id);
    expect(perWorktree.sort()).toEqual(['claude-code', 'codex']);
  });
});

describe('profileReportsCost', () => {
  it('is true only for the agents that report a cost', () => {
    expect(['claude-code', 'opencode', 'opencode-acp'].map(profileReportsCost)).toEqual([true, true, true]);
    expect(['codex', 'gemini', 'qwen', 'goose'].map(profileReportsCost)).toEqual([false, false, false, false]);
  });

  it('is false for an unknown agent or no profile (its cost shows only if one arrives)', () => {
    expect(profileReportsCost('my-agent')).toBe(false);
    expect(profileReportsCost(null)).toBe(false);
    expect(profileReportsCost(undefined)).toBe(false);
    expect(profileReportsCost('')).toBe(false);
  });
});

/** Writes an executable stub program. */
function program(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(file, 0o755);
  return file;
}

/** A catalog over a real store, with `bin` as the only place programs are looked for (PATH empty). */
async function tempCatalog() {
  const dir = await tempDir('profiles-catalog-');
  const bin = path.join(dir.path, 'bin');
  mkdirSync(bin);
  const store = Store.open(path.join(dir.path, 'boocoder.db'));
  return {
    dir: dir.path,
    bin,
    catalog: new AgentCatalog(store.agentConfig, { searchDirs: [bin], pathEnv: '' }),
    async [Symbol.asyncDispose]() {
      store.close();
      await dir[Symbol.asyncDispose]();
    },
  };
}

describe('AgentCatalog launch candidates', () => {
  it("starts Claude Code by its old name claude-code-acp when that is the only one installed", async () => {
    await using t = await tempCatalog();
    const old = program(t.bin, 'claude-code-acp');
    const claude = t.catalog.get('claude-code');
    expect(claude).toMatchObject({ builtIn: true, executable: old, spec: { id: 'claude-code', command: old, args: [] } });
    expect(claude.reason).toBeUndefined();
    expect(t.catalog.require('claude-code').command).toBe(old);
  });

  it('prefers claude-agent-acp (the first candidate) when both names are installed', async () => {
    await using t = await tempCatalog();
    program(t.bin, 'claude-code-acp');
    const current = program(t.bin, 'claude-agent-acp');
    expect(t.catalog.get('claude-code')).toMatchObject({ executable: current, spec: { command: current } });
  });

  it("starts Gemini with its candidate's arguments", async () => {
    await using t = await tempCatalog();
    const gemini = program(t.bin, 'gemini');
    expect(t.catalog.get('gemini').spec).toMatchObject({ command: gemini, args: ['--acp'] });
    expect(profileById('gemini')?.launch).toEqual([{ command: 'gemini', args: ['--acp'] }]);
  });

  it('uses a command the user set as is, without trying the built-in candidates', async () => {
    await using t = await tempCatalog();
    program(t.bin, 'claude-agent-acp');
    program(t.bin, 'claude-code-acp');
    const mine = program(path.join(t.dir, 'elsewhere'), 'my-claude');
    const configured = t.catalog.configure({ id: 'claude-code', command: mine, args: ['--verbose'] });
    expect(configured).toMatchObject({ builtIn: true, executable: mine, spec: { command: mine, args: ['--verbose'] } });

    // A set command that is missing makes the agent unavailable even though the built-in programs exist.
    const missing = path.join(t.dir, 'elsewhere', 'gone');
    const unavailable = t.catalog.configure({ id: 'claude-code', command: missing });
    expect(unavailable.executable).toBeNull();
    expect(unavailable.reason).toContain(`"${missing}"`);
    expect(unavailable.reason).not.toContain('claude-agent-acp');
  });

  it("keeps the user's arguments while still trying the built-in candidates when only args are set", async () => {
    await using t = await tempCatalog();
    const old = program(t.bin, 'claude-code-acp');
    expect(t.catalog.configure({ id: 'claude-code', args: ['--debug'] }).spec).toMatchObject({ command: old, args: ['--debug'] });
  });

  it('names every candidate it tried when none is found', async () => {
    await using t = await tempCatalog();
    const claude = t.catalog.get('claude-code');
    expect(claude.executable).toBeNull();
    expect(claude.reason).toContain('"claude-agent-acp" or "claude-code-acp" was not found');
    expect(() => t.catalog.require('claude-code')).toThrow(
      expect.objectContaining({ name: 'AgentUnavailable', message: expect.stringContaining('"claude-agent-acp" or "claude-code-acp"') }),
    );
    // An agent with one candidate names just that one.
    expect(t.catalog.get('gemini').reason).toMatch(/^"gemini" was not found/);
  });
});
