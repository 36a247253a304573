import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { AgentProfile } from '../../../src-main/core/agents/profiles/agent-profile';
import { AgentSandbox } from '../../../src-main/core/sandbox/agent-sandbox';
import { gitCommonDir } from '../../../src-main/core/sandbox/git-common-dir';
import type { SandboxSupport } from '../../../src-main/core/sandbox/sandbox-support';

export type Launch = (script: string, cwd?: string) => { status: number | null; stderr: string };

/**
 * What the OS-sandbox tests share: under one real temp folder, a home, a repository and two chat
 * worktrees of it in BooCoder's worktrees folder, and the AgentSandbox for them. `launcher`
 * wraps `/bin/sh -c` for an agent and runs a script in it, as an agent process runs commands.
 */
export function makeSandboxWorld(support: SandboxSupport) {
  // Real paths: macOS's temp folder is behind a symlink, and Seatbelt matches resolved paths.
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'boocoder-sbx-')));
  const home = path.join(root, 'home');
  const repo = path.join(root, 'repo');
  const worktreesRoot = path.join(root, 'data', 'worktrees');
  mkdirSync(home, { recursive: true });
  mkdirSync(repo, { recursive: true });
  const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@e', ...args], { cwd, encoding: 'utf8' });
  git(repo, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(repo, 'README.md'), 'hi\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'init');
  const chatA = path.join(worktreesRoot, 'chat_a');
  const chatB = path.join(worktreesRoot, 'chat_b');
  git(repo, 'worktree', 'add', '-q', '-b', 'boocoder/a', chatA);
  git(repo, 'worktree', 'add', '-q', '-b', 'boocoder/b', chatB);
  const sandbox = new AgentSandbox({
    support,
    worktreesRoot,
    sandboxRoot: path.join(root, 'data', 'sandbox'),
    gitCommonDirs: async () => [(await gitCommonDir(repo))!],
  });
  const launcher = async (agentId: string, profile: AgentProfile, env: NodeJS.ProcessEnv, confinedTo?: string): Promise<Launch> => {
    const wrapped = await sandbox.wrap(agentId, profile, true, { command: '/bin/sh', args: ['-c'], env }, confinedTo);
    return (script, cwd = confinedTo ?? path.join(root, 'data')) => {
      const r = spawnSync(wrapped.command, [...wrapped.args, script], { cwd, env: wrapped.env, encoding: 'utf8' });
      return { status: r.status, stderr: r.stderr };
    };
  };
  return { root, home, repo, worktreesRoot, chatA, chatB, git, launcher };
}

/**
 * Each file in `refused` cannot be appended to through `launch`: the write fails with the
 * sandbox's `denied` message, and a file that was not there before is still not there.
 */
export function expectWritesRefused(launch: Launch, refused: readonly string[], denied: RegExp): void {
  for (const file of refused) {
    const before = existsSync(file);
    const r = launch(`echo escaped >> '${file}'`);
    expect(r.status, file).not.toBe(0);
    expect(r.stderr).toMatch(denied);
    if (!before) expect(existsSync(file), file).toBe(false);
  }
}
