import { describe, expect, it } from 'vitest';
import { bwrapArgs } from '../../../src-main/core/sandbox/bwrap-command';
import { gitWritablePaths, isWithin, sandboxPlan } from '../../../src-main/core/sandbox/sandbox-plan';
import { seatbeltArgs, seatbeltProfile } from '../../../src-main/core/sandbox/seatbelt-profile';

const input = {
  worktreesRoot: '/data/worktrees',
  stateDirs: ['/home/u/.claude', '/home/u/.claude/projects'],
  stateFiles: ['/home/u/.claude.json'],
  tmpDir: '/data/sandbox/claude-code/tmp',
  gitCommonDirs: ['/src/app/.git'],
};

describe('the sandbox plan', () => {
  it('makes writable the worktrees, the state folders and files, a private temp dir and what committing needs of .git', () => {
    const plan = sandboxPlan(input);
    expect(plan.writable.sort()).toEqual(
      [
        '/data/worktrees',
        '/data/sandbox/claude-code/tmp',
        '/home/u/.claude',
        '/home/u/.claude.json',
        '/src/app/.git/objects',
        '/src/app/.git/refs',
        '/src/app/.git/logs',
        '/src/app/.git/worktrees',
      ].sort(),
    );
    expect(plan.tmpDir).toBe('/data/sandbox/claude-code/tmp');
    expect(plan.gitWritable).toEqual(['/src/app/.git/objects', '/src/app/.git/refs', '/src/app/.git/logs', '/src/app/.git/worktrees']);
  });

  it("never makes a repository's hooks, config or the user's checkout writable", () => {
    const plan = sandboxPlan(input);
    for (const forbidden of ['/src/app/.git/hooks/pre-commit', '/src/app/.git/config', '/src/app/.git/index', '/src/app/README.md', '/home/u/notes.txt', '/tmp/x']) {
      expect(plan.writable.some((w) => isWithin(forbidden, w)), forbidden).toBe(false);
    }
  });

  it("for a process confined to one worktree: of .git only that worktree's admin folder besides objects, refs and logs", () => {
    const plan = sandboxPlan({ ...input, worktreesRoot: '/data/worktrees/chat_a', worktreeGitDir: '/src/app/.git/worktrees/chat_a' });
    expect(plan.gitWritable).toEqual(['/src/app/.git/objects', '/src/app/.git/refs', '/src/app/.git/logs', '/src/app/.git/worktrees/chat_a']);
    for (const forbidden of ['/data/worktrees/chat_b/x', '/src/app/.git/worktrees/chat_b/HEAD']) {
      expect(plan.writable.some((w) => isWithin(forbidden, w)), forbidden).toBe(false);
    }
  });

  it('drops paths inside another writable path and duplicates', () => {
    const plan = sandboxPlan({ ...input, stateDirs: ['/data/worktrees/x', '/home/u/.claude', '/home/u/.claude/'] });
    expect(plan.writable.filter((p) => p.startsWith('/home/u/.claude'))).toEqual(['/home/u/.claude', '/home/u/.claude.json']);
    expect(plan.writable).not.toContain('/data/worktrees/x');
  });

  it('isWithin tells a folder from a sibling with a common prefix', () => {
    expect(isWithin('/a/b/c', '/a/b')).toBe(true);
    expect(isWithin('/a/b', '/a/b')).toBe(true);
    expect(isWithin('/a/bc', '/a/b')).toBe(false);
    expect(gitWritablePaths('/r/.git')).not.toContain('/r/.git/hooks');
  });
});

describe('the platform command lines', () => {
  const plan = sandboxPlan(input);

  it('bwrap: the root read-only, each writable path bound over it, then the program and its arguments', () => {
    const args = bwrapArgs(plan, '/usr/bin/claude-agent-acp', ['--flag']);
    expect(args.slice(0, 3)).toEqual(['--ro-bind', '/', '/']);
    for (const p of plan.writable) expect(args.join('\u0000')).toContain(['--bind', p, p].join('\u0000'));
    expect(args).toContain('--die-with-parent');
    expect(args.slice(args.indexOf('--'))).toEqual(['--', '/usr/bin/claude-agent-acp', '--flag']);
    // The host's network stays: no namespace is unshared.
    expect(args.some((a) => a.startsWith('--unshare'))).toBe(false);
  });

  it('Seatbelt: writes denied except under the plan, with paths quoted for SBPL', () => {
    const profile = seatbeltProfile({ writable: ['/Users/u/my "odd" dir'], tmpDir: '/t', gitWritable: [] });
    expect(profile).toContain('(deny file-write*)');
    expect(profile).toContain('(subpath "/Users/u/my \\"odd\\" dir")');
    expect(profile.indexOf('(deny file-write*)')).toBeLessThan(profile.indexOf('(allow file-write*'));
    const args = seatbeltArgs(plan, '/opt/codex-acp', ['x']);
    expect(args[0]).toBe('-p');
    expect(args.slice(2)).toEqual(['/opt/codex-acp', 'x']);
  });
});
