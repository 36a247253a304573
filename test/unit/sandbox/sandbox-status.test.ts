import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { askingModeToSet } from '../../../src-main/core/agents/profiles/asking-mode';
import { claudeCodeProfile } from '../../../src-main/core/agents/profiles/claude-code';
import { externalDirectoryAsk } from '../../../src-main/core/agents/profiles/opencode-permission';
import { AgentSandbox, sandboxStatus, SANDBOX_OFF_REASON } from '../../../src-main/core/sandbox/agent-sandbox';
import { detectSandboxSupport } from '../../../src-main/core/sandbox/sandbox-support';
import { permissionTitle } from '../../../src-main/core/agents/opencode/opencode-event-mapper';

describe('sandbox status', () => {
  it('says off when the user turned it off, unavailable with the reason, else on', () => {
    const on = { available: true as const, kind: 'bwrap' as const, program: '/usr/bin/bwrap', nested: false };
    const missing = { available: false as const, reason: 'bubblewrap (bwrap) is not installed.' };
    expect(sandboxStatus(on, true)).toEqual({ state: 'on', kind: 'bwrap' });
    expect(sandboxStatus(on, false)).toEqual({ state: 'off', reason: SANDBOX_OFF_REASON });
    expect(sandboxStatus(missing, true)).toEqual({ state: 'unavailable', reason: missing.reason });
  });

  it('Windows and a Linux without bwrap are named, with the install hint', async () => {
    expect(await detectSandboxSupport({ platform: 'win32', pathEnv: '' })).toMatchObject({ available: false, reason: expect.stringContaining('Windows') });
    const linux = await detectSandboxSupport({ platform: 'linux', pathEnv: '/nonexistent', fallbackDirs: [] });
    expect(linux).toMatchObject({ available: false, reason: expect.stringContaining('apt install bubblewrap') });
  });
});

describe('the sandbox wraps a launch', () => {
  it('unchanged when off or unavailable; with bwrap, a private TMPDIR and its state folders created', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'sbx-'));
    try {
      const home = path.join(root, 'home');
      const make = (support: ConstructorParameters<typeof AgentSandbox>[0]['support']) =>
        new AgentSandbox({ support, worktreesRoot: path.join(root, 'wt'), sandboxRoot: path.join(root, 'sbx'), gitCommonDirs: async () => [] });
      const launch = { command: '/bin/agent', args: ['--acp'], env: { HOME: home, PATH: '/bin' } };
      const off = await make({ available: true, kind: 'bwrap', program: '/usr/bin/bwrap', nested: false }).wrap('claude-code', claudeCodeProfile, false, launch);
      expect(off).toMatchObject({ command: '/bin/agent', args: ['--acp'], plan: null });
      const unavailable = await make({ available: false, reason: 'none' }).wrap('claude-code', claudeCodeProfile, true, launch);
      expect(unavailable).toMatchObject({ command: '/bin/agent', plan: null });

      const on = await make({ available: true, kind: 'bwrap', program: '/usr/bin/bwrap', nested: false }).wrap('claude-code', claudeCodeProfile, true, launch);
      expect(on.command).toBe('/usr/bin/bwrap');
      expect(on.args.slice(-3)).toEqual(['--', '/bin/agent', '--acp']);
      expect(on.env.TMPDIR).toBe(path.join(root, 'sbx', 'claude-code', 'tmp'));
      expect((await stat(path.join(home, '.claude'))).isDirectory()).toBe(true);
      expect(await readFile(path.join(home, '.claude.json'), 'utf8')).toBe('{}');
      expect(on.note).toMatch(/turn the sandbox off for this agent in Settings/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('second-line guards', () => {
  it("opencode: external_directory forced to ask, the user's own OPENCODE_PERMISSION kept", () => {
    expect(JSON.parse(externalDirectoryAsk(undefined))).toEqual({ external_directory: 'ask' });
    expect(JSON.parse(externalDirectoryAsk('{"bash":"allow","external_directory":"allow"}'))).toEqual({ bash: 'allow', external_directory: 'ask' });
    expect(JSON.parse(externalDirectoryAsk('"allow"'))).toEqual({ '*': 'allow', external_directory: 'ask' });
    expect(JSON.parse(externalDirectoryAsk('not json'))).toEqual({ external_directory: 'ask' });
  });

  it('a new session that starts in an auto-approve mode is put in the asking one, where the agent offers it', () => {
    const asking = { modes: ['default', 'plan'], preferred: 'default' };
    expect(askingModeToSet(asking, 'yolo', ['default', 'auto-edit', 'yolo'])).toBe('default');
    expect(askingModeToSet(asking, 'plan', ['default', 'plan'])).toBeNull();
    expect(askingModeToSet(asking, 'default', ['default'])).toBeNull();
    expect(askingModeToSet(asking, 'yolo', ['yolo'])).toBeNull();
    expect(askingModeToSet(undefined, 'yolo', ['default'])).toBeNull();
  });
});

describe("opencode's outside-the-worktree prompt", () => {
  it('names the path and says it is outside the worktree', () => {
    expect(permissionTitle({ permission: 'external_directory', patterns: ['/home/u/*'], metadata: { filepath: '/home/u/x.txt', parentDir: '/home/u' } })).toBe(
      'Outside the worktree: /home/u/x.txt',
    );
    expect(permissionTitle({ permission: 'external_directory', patterns: ['/tmp/a/*'], metadata: { directories: ['/tmp/a'] } })).toBe('Outside the worktree: /tmp/a');
    expect(permissionTitle({ permission: 'external_directory', patterns: ['/x/*'] })).toBe('Outside the worktree: /x/*');
    expect(permissionTitle({ permission: 'edit', patterns: ['a.txt'] })).toBe('edit: a.txt');
  });
});
