import { AppError } from '../errors';
import type { CommandRunner } from './command-runner';
import { compareUrl, parseRemoteUrl } from './remote-url';

const GH_TIMEOUT_MS = 2 * 60_000;

export interface PullRequestRequest {
  cwd: string;
  remoteUrl: string;
  /** The pushed branch the request is from. */
  head: string;
  /** The branch it asks to merge into. */
  base: string;
  title?: string | undefined;
  body?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

export interface PullRequestResult {
  url: string;
  /** 'gh': created by the GitHub CLI; 'compare': a page where the user opens it themselves. */
  via: 'gh' | 'compare';
}

/** The exact `gh` command line that creates the request (arguments after `gh`). */
export function ghCreateArgs(host: string, project: string, r: Pick<PullRequestRequest, 'head' | 'base' | 'title' | 'body'>): string[] {
  const args = ['pr', 'create', '--repo', `${host}/${project}`, '--head', r.head, '--base', r.base];
  // Without a title gh would ask; --fill takes title and body from the branch's commits instead.
  if (r.title) args.push('--title', r.title, '--body', r.body ?? '');
  else args.push('--fill');
  return args;
}

/**
 * Opens a pull request for a pushed branch. On a GitHub remote with `gh` installed and signed in
 * to that host (`gh auth status --hostname`), gh creates it and its URL comes back. Otherwise
 * (no gh, not signed in, a GitLab remote) the answer is the forge's compare page, where the user
 * opens it in the browser. A remote that is neither GitHub nor GitLab has no such page:
 * PullRequestUnavailable. gh failing after it was asked (a request that already exists, a
 * permission problem) is PullRequestFailed with gh's message and the compare URL as a way out.
 */
export async function openPullRequest(run: CommandRunner, r: PullRequestRequest): Promise<PullRequestResult> {
  const remote = parseRemoteUrl(r.remoteUrl);
  if (!remote) {
    throw new AppError('PullRequestUnavailable', `The remote ${r.remoteUrl} is not on GitHub or GitLab; open the pull request on its site. The branch ${r.head} is pushed.`, {
      branch: r.head,
    });
  }
  const fallback = compareUrl(remote, r.base, r.head);
  if (remote.forge !== 'github') return { url: fallback, via: 'compare' };
  const opts = { cwd: r.cwd, ...(r.env ? { env: r.env } : {}), timeoutMs: GH_TIMEOUT_MS };
  const auth = await run('gh', ['auth', 'status', '--hostname', remote.host], opts);
  if (auth.code !== 0) return { url: fallback, via: 'compare' };
  const created = await run('gh', ghCreateArgs(remote.host, remote.project, r), opts);
  const url = lastUrl(created.stdout);
  if (created.code === 0 && url) return { url, via: 'gh' };
  const said = (created.stderr.trim() || created.stdout.trim()).slice(0, 4000);
  throw new AppError('PullRequestFailed', `gh could not create the pull request: ${said || `exit code ${created.code}`}`, { compareUrl: fallback, ghMessage: said });
}

function lastUrl(text: string): string | null {
  const urls = text.match(/https?:\/\/\S+/g);
  return urls ? urls[urls.length - 1]! : null;
}
