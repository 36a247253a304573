import { AppError } from '../errors';
import { gitResult } from './git-runner';

export interface GitIdentity {
  name: string;
  email: string;
}

/**
 * The user's own git identity, as `git commit` in that repository would use it: user.name and
 * user.email from the repository's config, else the user's global config (HOME and XDG as the
 * core's environment has them). BooCoder's internal commits (snapshots, archives) use a fixed
 * identity; commits the user ships must be theirs, so a missing identity is an error, not a
 * fallback.
 */
export async function userIdentity(cwd: string): Promise<GitIdentity> {
  const read = async (key: string) => (await gitResult(cwd, ['config', '--get', key], { okCodes: [1] })).stdout.trim();
  const [name, email] = await Promise.all([read('user.name'), read('user.email')]);
  if (!name || !email) {
    const missing = [!name ? 'user.name' : null, !email ? 'user.email' : null].filter(Boolean).join(' and ');
    throw new AppError('GitIdentityMissing', `Git has no ${missing} for this repository. Set them (git config --global user.name "…"; git config --global user.email "…") and try again.`, {
      missing: [!name ? 'user.name' : null, !email ? 'user.email' : null].filter(Boolean),
    });
  }
  return { name, email };
}

/** Environment that makes git author and commit as `who` (overrides the internal identity of git-runner). */
export function identityEnv(who: GitIdentity): Record<string, string> {
  return { GIT_AUTHOR_NAME: who.name, GIT_AUTHOR_EMAIL: who.email, GIT_COMMITTER_NAME: who.name, GIT_COMMITTER_EMAIL: who.email };
}
