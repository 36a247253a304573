import { execFile } from 'node:child_process';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../errors';

const execFileAsync = promisify(execFile);

/**
 * Turns what the user typed into the canonical top-level folder of a git repository, or a
 * named error: NotADirectory when there is no such folder, NotAGitRepo when git disowns it.
 * A bare repo has no checkout to apply changes to, so it is refused too.
 */
export async function resolveRepoPath(input: string): Promise<string> {
  const absolute = path.resolve(input);
  let info;
  try {
    info = await stat(absolute);
  } catch {
    throw new AppError('NotADirectory', `No such folder: ${absolute}`);
  }
  if (!info.isDirectory()) throw new AppError('NotADirectory', `Not a folder: ${absolute}`);
  try {
    const { stdout } = await execFileAsync('git', ['rev-parse', '--is-bare-repository', '--show-toplevel'], { cwd: absolute });
    const [bare, top] = stdout.trim().split('\n');
    if (bare === 'true' || !top) throw new Error('bare');
    return await realpath(top);
  } catch {
    throw new AppError('NotAGitRepo', `Not a git repository (or a bare one, with no checkout): ${absolute}`);
  }
}
