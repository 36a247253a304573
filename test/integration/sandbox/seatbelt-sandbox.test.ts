import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeCodeProfile } from '../../../src-main/core/agents/profiles/claude-code';
import { codexProfile } from '../../../src-main/core/agents/profiles/codex';
import { detectSandboxSupport, type SandboxSupport } from '../../../src-main/core/sandbox/sandbox-support';
import { expectWritesRefused, makeSandboxWorld, type Launch } from './sandbox-world';

/**
 * The macOS write sandbox itself, with the real `sandbox-exec` and real git: what an agent process
 * and every process it starts can and cannot write. It runs only on macOS (the release workflow's
 * macOS runner runs this file); elsewhere it reports itself skipped. The Linux sandbox has its own
 * file (bwrap-sandbox.test.ts).
 */
describe.runIf(process.platform === 'darwin')('the Seatbelt write sandbox (macOS)', () => {
  let root: string;
  let support: SandboxSupport;
  let repo: string;
  let home: string;
  let worktreesRoot: string;
  let chatA: string;
  let chatB: string;
  let launch: Launch;
  /** A process of its own for chat A's worktree (an agent whose profile runs one per worktree). */
  let launchConfinedToA: Launch;
  const denied = /Operation not permitted/;

  beforeAll(async () => {
    support = await detectSandboxSupport({ pathEnv: process.env.PATH });
    expect(support).toMatchObject({ available: true, kind: 'seatbelt' });
    const world = makeSandboxWorld(support);
    ({ root, home, repo, worktreesRoot, chatA, chatB } = world);
    const env = { HOME: home, PATH: process.env.PATH, SHELL: '/bin/bash' };
    // The agent process itself runs `sh -c SCRIPT`; SCRIPT may start `bash` from PATH as agents do.
    launch = await world.launcher('claude-code', claudeCodeProfile, env);
    launchConfinedToA = await world.launcher('codex', codexProfile, env, chatA);
  });

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("the agent writes worktrees, its state folders and its temp folder; not the checkout, $HOME, the temp folder outside or .git's hooks and config", () => {
    const tmpOutside = realpathSync(mkdtempSync(path.join(tmpdir(), 'boocoder-outside-')));
    try {
      for (const ok of [path.join(chatA, 'a.txt'), path.join(home, '.claude', 'state.json'), path.join(home, '.claude.json')]) {
        const r = launch(`echo ok > '${ok}'`);
        expect(r.status, `${ok}: ${r.stderr}`).toBe(0);
        expect(existsSync(ok), ok).toBe(true);
      }
      const temp = launch('echo ok > "$TMPDIR/t.txt" && test -s "$TMPDIR/t.txt"');
      expect(temp.status, temp.stderr).toBe(0);
      expectWritesRefused(launch, [path.join(repo, 'escape.txt'), path.join(home, 'escape.txt'), path.join(tmpOutside, 'escape.txt'), path.join(repo, '.git', 'hooks', 'pre-commit'), path.join(repo, '.git', 'config')], denied);
    } finally {
      rmSync(tmpOutside, { recursive: true, force: true });
    }
  });

  it('the processes it starts are in the same sandbox: a shell writes the worktree and nothing outside', () => {
    const own = launch(`cd '${chatA}' && bash -c 'echo mine > own.txt'`);
    expect(own.status, own.stderr).toBe(0);
    expect(existsSync(path.join(chatA, 'own.txt'))).toBe(true);
    const outside = launch(`cd '${chatA}' && bash -c 'echo theirs > ${home}/escape-from-shell.txt'`);
    expect(outside.status).not.toBe(0);
    expect(outside.stderr).toMatch(denied);
    expect(existsSync(path.join(home, 'escape-from-shell.txt'))).toBe(false);
  });

  it('a command can commit in its worktree (objects, refs, logs and its worktree admin are writable)', () => {
    const commit = launch(`cd '${chatA}' && bash -c 'git add -A && git -c user.name=A -c user.email=a@e commit -qm sandboxed'`);
    expect(commit.status, commit.stderr).toBe(0);
    expect(execFileSync('git', ['log', '-1', '--format=%s', 'boocoder/a'], { cwd: repo, encoding: 'utf8' }).trim()).toBe('sandboxed');
  });

  it('a process confined to one worktree writes it and commits there, and nothing of another chat: its files, its index, its HEAD', () => {
    const own = launchConfinedToA(`echo mine > own-confined.txt && git add -A && git -c user.name=A -c user.email=a@e commit -qm confined`);
    expect(own.status, own.stderr).toBe(0);
    expect(execFileSync('git', ['log', '-1', '--format=%s', 'boocoder/a'], { cwd: repo, encoding: 'utf8' }).trim()).toBe('confined');
    const adminB = realpathSync(path.resolve(chatB, execFileSync('git', ['rev-parse', '--git-dir'], { cwd: chatB, encoding: 'utf8' }).trim()));
    for (const refused of [path.join(chatB, 'escape.txt'), path.join(adminB, 'HEAD'), path.join(adminB, 'index'), path.join(worktreesRoot, 'escape.txt')]) {
      const before = existsSync(refused) ? execFileSync('cat', [refused]) : null;
      const r = launchConfinedToA(`echo escaped >> '${refused}'`);
      expect(r.status, refused).not.toBe(0);
      expect(r.stderr).toMatch(denied);
      if (before === null) expect(existsSync(refused), refused).toBe(false);
      else expect(execFileSync('cat', [refused]).equals(before), refused).toBe(true);
    }
  });
});
