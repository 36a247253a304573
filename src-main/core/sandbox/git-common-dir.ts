import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The `.git` folder holding a repository's objects and refs (for a checkout that is itself a
 * linked worktree, its main repository's), or null when git cannot tell.
 */
export async function gitCommonDir(repoPath: string): Promise<string | null> {
  try {
    const { stdout } = await run('git', ['rev-parse', '--git-common-dir'], { cwd: repoPath, timeout: 10_000 });
    const dir = stdout.trim();
    return dir ? path.resolve(repoPath, dir) : null;
  } catch {
    return null;
  }
}

/**
 * Of a linked worktree, its repository's `.git` and the worktree's own admin folder in it
 * (`.git/worktrees/<name>`: its index and HEAD), or null when git cannot tell.
 */
export async function worktreeGitDirs(worktree: string): Promise<{ commonDir: string; gitDir: string } | null> {
  try {
    const { stdout } = await run('git', ['rev-parse', '--git-common-dir', '--git-dir'], { cwd: worktree, timeout: 10_000 });
    const [commonDir, gitDir] = stdout.trim().split('\n');
    return commonDir && gitDir ? { commonDir: path.resolve(worktree, commonDir), gitDir: path.resolve(worktree, gitDir) } : null;
  } catch {
    return null;
  }
}
