import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeCodeProfile } from '../../../src-main/core/agents/profiles/claude-code';
import { codexProfile } from '../../../src-main/core/agents/profiles/codex';
import { detectSandboxSupport, type SandboxSupport } from '../../../src-main/core/sandbox/sandbox-support';
import { expectWritesRefused, makeSandboxWorld, type Launch } from './sandbox-world';

/**
 * The sandbox itself, with real bwrap and real git: what an agent process (and the shells it
 * starts) can and cannot write. The agents' own escape attempts are in their conformance files.
 */
describe('the bwrap write sandbox', () => {
  let root: string;
  let support: SandboxSupport;
  let repo: string;
  let home: string;
  let worktreesRoot: string;
  let chatA: string;
  let chatB: string;
  let contestantA: string;
  let contestantB: string;
  let launch: Launch;
  /** A process of its own for chat A's worktree (an agent whose profile runs one per worktree). */
  let launchConfinedToA: Launch;

  beforeAll(async () => {
    support = await detectSandboxSupport({ pathEnv: process.env.PATH });
    expect(support, 'bubblewrap must be installed (.ci/run installs it)').toMatchObject({ available: true, kind: 'bwrap', nested: true });
    const world = makeSandboxWorld(support);
    ({ root, home, repo, worktreesRoot, chatA, chatB } = world);
    // An arena's contestants: <root>/<arena>/<agent>.
    contestantA = path.join(worktreesRoot, 'arena_1', 'qwen');
    contestantB = path.join(worktreesRoot, 'arena_1', 'opencode');
    world.git(repo, 'worktree', 'add', '-q', '--detach', contestantA);
    world.git(repo, 'worktree', 'add', '-q', '--detach', contestantB);
    // The user's own Claude Code CLI (here a shell standing in for it): each session starts it.
    launch = await world.launcher('claude-code', claudeCodeProfile, { HOME: home, PATH: process.env.PATH, SHELL: '/bin/bash', CLAUDE_CODE_EXECUTABLE: '/bin/sh' });
    launchConfinedToA = await world.launcher('codex', codexProfile, { HOME: home, PATH: process.env.PATH }, chatA);
  });

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("the agent writes worktrees, its state folders and its temp folder; not the checkout, $HOME, /tmp or .git's hooks and config", () => {
    const tmpOutside = mkdtempSync(path.join(tmpdir(), 'boocoder-outside-'));
    try {
      for (const ok of [path.join(chatA, 'a.txt'), path.join(home, '.claude', 'state.json'), path.join(home, '.claude.json')]) {
        expect(launch(`echo ok > '${ok}'`).status, ok).toBe(0);
        expect(existsSync(ok), ok).toBe(true);
      }
      expect(launch('echo ok > "$TMPDIR/t.txt" && test -s "$TMPDIR/t.txt"').status).toBe(0);
      expectWritesRefused(launch, [path.join(repo, 'escape.txt'), path.join(home, 'escape.txt'), path.join(tmpOutside, 'escape.txt'), path.join(repo, '.git', 'hooks', 'pre-commit'), path.join(repo, '.git', 'config')], /Read-only file system/);
    } finally {
      rmSync(tmpOutside, { recursive: true, force: true });
    }
  });

  it('a shell started in a chat worktree writes only that worktree: never another chat’s', () => {
    const own = launch(`cd '${chatA}' && bash -c 'echo mine > own.txt'`);
    expect(own.status, own.stderr).toBe(0);
    expect(existsSync(path.join(chatA, 'own.txt'))).toBe(true);
    const other = launch(`cd '${chatA}' && bash -c 'echo theirs > ${chatB}/escape.txt'`);
    expect(other.status).not.toBe(0);
    expect(other.stderr).toMatch(/Read-only file system/);
    expect(existsSync(path.join(chatB, 'escape.txt'))).toBe(false);
    // The same through $SHELL (how opencode and Claude Code start commands), and from a subfolder.
    mkdirSync(path.join(chatA, 'sub'), { recursive: true });
    const viaShell = launch(`cd '${chatA}/sub' && "$SHELL" -c 'echo theirs > ${chatB}/escape2.txt'`);
    expect(viaShell.status).not.toBe(0);
    expect(existsSync(path.join(chatB, 'escape2.txt'))).toBe(false);
  });

  it("Claude Code's per-session CLI, started in a worktree, writes that worktree and its own state, never another chat's", () => {
    const own = launch(`cd '${chatA}' && "$CLAUDE_CODE_EXECUTABLE" -c 'echo mine > cli-own.txt && echo s > ${home}/.claude/cli-state.json'`);
    expect(own.status, own.stderr).toBe(0);
    expect(existsSync(path.join(chatA, 'cli-own.txt'))).toBe(true);
    expect(existsSync(path.join(home, '.claude', 'cli-state.json'))).toBe(true);
    const other = launch(`cd '${chatA}' && "$CLAUDE_CODE_EXECUTABLE" -c 'echo theirs > ${chatB}/cli-escape.txt'`);
    expect(other.status).not.toBe(0);
    expect(other.stderr).toMatch(/Read-only file system/);
    expect(existsSync(path.join(chatB, 'cli-escape.txt'))).toBe(false);
  });

  it("an arena contestant's shell writes only its own worktree, not its rival's", () => {
    const own = launch(`cd '${contestantA}' && bash -c 'echo mine > own.txt'`);
    expect(own.status, own.stderr).toBe(0);
    expect(existsSync(path.join(contestantA, 'own.txt'))).toBe(true);
    const rival = launch(`cd '${contestantA}' && bash -c 'echo theirs > ${contestantB}/escape.txt'`);
    expect(rival.status).not.toBe(0);
    expect(existsSync(path.join(contestantB, 'escape.txt'))).toBe(false);
  });

  it('a command can commit in its worktree (objects, refs, logs and its worktree admin are writable)', () => {
    const commit = launch(`cd '${chatA}' && bash -c 'git add -A && git -c user.name=A -c user.email=a@e commit -qm sandboxed'`);
    expect(commit.status, commit.stderr).toBe(0);
    expect(execFileSync('git', ['log', '-1', '--format=%s'], { cwd: chatA, encoding: 'utf8' }).trim()).toBe('sandboxed');
    expect(execFileSync('git', ['log', '-1', '--format=%s', 'boocoder/a'], { cwd: repo, encoding: 'utf8' }).trim()).toBe('sandboxed');
  });

  it('a process confined to one worktree writes it and commits there, and nothing of another chat: its files, its index, its HEAD', () => {
    const own = launchConfinedToA(`echo mine > own-confined.txt && git add -A && git -c user.name=A -c user.email=a@e commit -qm confined`);
    expect(own.status, own.stderr).toBe(0);
    expect(execFileSync('git', ['log', '-1', '--format=%s', 'boocoder/a'], { cwd: repo, encoding: 'utf8' }).trim()).toBe('confined');
    const adminB = execFileSync('git', ['rev-parse', '--git-dir'], { cwd: chatB, encoding: 'utf8' }).trim();
    for (const refused of [path.join(chatB, 'escape.txt'), path.join(contestantA, 'escape.txt'), path.join(adminB, 'HEAD'), path.join(adminB, 'index'), path.join(worktreesRoot, 'escape.txt')]) {
      const before = existsSync(refused) ? execFileSync('cat', [refused]) : null;
      const r = launchConfinedToA(`echo escaped >> '${refused}'`);
      expect(r.status, refused).not.toBe(0);
      expect(r.stderr).toMatch(/Read-only file system/);
      if (before === null) expect(existsSync(refused), refused).toBe(false);
      else expect(execFileSync('cat', [refused]).equals(before), refused).toBe(true);
    }
  });
});
