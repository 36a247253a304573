import { describe, expect, it } from 'vitest';
import { claudeCodeProfile } from '../../../src-main/core/agents/profiles/claude-code';
import { codexProfile } from '../../../src-main/core/agents/profiles/codex';
import { qwenProfile } from '../../../src-main/core/agents/profiles/qwen';
import { processScope } from '../../../src-main/core/sandbox/process-scope';

const base = { sandboxed: true, nests: true, hasSessionChild: () => true };

describe('processScope', () => {
  it('Codex in the sandbox: one process per worktree (it has no per-session child)', () => {
    expect(processScope({ ...base, profile: codexProfile })).toBe('worktree');
  });

  it('Claude Code in a sandbox that nests, its CLI found: one shared process, each session’s CLI confined', () => {
    expect(processScope({ ...base, profile: claudeCodeProfile })).toBe('agent');
  });

  it('Claude Code where the sandbox cannot nest, or its CLI is not found: one process per worktree', () => {
    expect(processScope({ ...base, profile: claudeCodeProfile, nests: false })).toBe('worktree');
    expect(processScope({ ...base, profile: claudeCodeProfile, hasSessionChild: () => false })).toBe('worktree');
  });

  it('unsandboxed, or an agent that needs nothing of the kind: one process for every chat', () => {
    expect(processScope({ ...base, profile: codexProfile, sandboxed: false })).toBe('agent');
    expect(processScope({ ...base, profile: qwenProfile })).toBe('agent');
    expect(processScope({ ...base, profile: undefined })).toBe('agent');
  });
});
