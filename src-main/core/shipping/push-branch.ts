import { AppError } from '../errors';
import { baseEnv, git } from '../worktrees/git-runner';
import type { CommandRunner } from './command-runner';

/** A push that hangs (a server that never answers) is given up after this long. */
export const PUSH_TIMEOUT_MS = 5 * 60_000;

export interface Remote {
  name: string;
  url: string;
}

/** The repository's remotes with their (fetch) URLs, which name the repository's web page. */
export async function listRemotes(cwd: string): Promise<Remote[]> {
  const names = (await git(cwd, ['remote'])).split('\n').filter(Boolean);
  const remotes: Remote[] = [];
  for (const name of names) {
    const url = (await git(cwd, ['remote', 'get-url', name])).trim();
    remotes.push({ name, url });
  }
  return remotes;
}

export async function requireRemote(cwd: string, name: string): Promise<Remote> {
  const remotes = await listRemotes(cwd);
  const remote = remotes.find((r) => r.name === name);
  if (!remote) {
    throw new AppError(
      'RemoteNotFound',
      remotes.length === 0 ? 'This repository has no remote to push to; add one (git remote add origin <url>).' : `No remote named ${name}; this repository has ${remotes.map((r) => r.name).join(', ')}.`,
      { remotes: remotes.map((r) => r.name) },
    );
  }
  return remote;
}

/** The exact git command line of a push of `branch` (arguments after `git`). */
export function pushArgs(remote: string, branch: string, force: boolean): string[] {
  return ['push', '--porcelain', '--set-upstream', ...(force ? ['--force-with-lease'] : []), remote, `refs/heads/${branch}:refs/heads/${branch}`];
}

/**
 * Pushes the chat's branch with the user's own credentials: git runs as the user's process would
 * (credential helpers, the SSH agent, their config), but never prompts on a terminal nobody
 * sees. --set-upstream records the remote-tracking ref, which is what tells the work-loss guard
 * the commits are safe. A refusal or an unreachable remote is PushFailed with git's own words.
 */
export async function pushBranch(run: CommandRunner, worktreePath: string, remote: string, branch: string, force = false): Promise<void> {
  const result = await run('git', pushArgs(remote, branch, force), { cwd: worktreePath, env: baseEnv(), timeoutMs: PUSH_TIMEOUT_MS });
  if (result.code === 0) return;
  const said = (result.stderr.trim() || result.stdout.trim()).slice(0, 4000);
  const rejected = /\[rejected\]|non-fast-forward|fetch first/.test(result.stdout + result.stderr);
  const message = result.timedOut
    ? `git push to ${remote} gave no answer within ${Math.round(PUSH_TIMEOUT_MS / 60_000)} minutes and was stopped.`
    : rejected
      ? `The remote ${remote} has commits on ${branch} that this chat does not (after a rebase, push with force): ${said}`
      : `git push to ${remote} failed: ${said}`;
  throw new AppError('PushFailed', message, { remote, branch, gitMessage: said, rejected, timedOut: result.timedOut });
}
