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
