/**
 * Where a git remote lives on the web, read from its URL alone (pure; no network). Knows the
 * forms git accepts for a hosted repository: https (with or without user info and `.git`),
 * ssh:// (with or without a port), and scp-like `user@host:owner/repo.git`. GitHub and GitLab are
 * recognised by host name, including self-hosted ones whose name says so (github.example.com,
 * gitlab.example.org); anything else (a local path, file://, an unknown host) has no web page.
 */
export type Forge = 'github' | 'gitlab';

export interface RemoteWeb {
  forge: Forge;
  host: string;
  /** owner/repo on GitHub, group[/subgroup…]/project on GitLab; no `.git`. */
  project: string;
  /** https://host/project */
  webUrl: string;
}

export function parseRemoteUrl(url: string): RemoteWeb | null {
  const located = locate(url.trim());
  if (!located) return null;
  const host = located.host.toLowerCase();
  const project = located.path.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/, '');
  const forge: Forge | null = host === 'github.com' || host.startsWith('github.') ? 'github' : host === 'gitlab.com' || host.startsWith('gitlab.') ? 'gitlab' : null;
  if (!forge || !project.includes('/')) return null;
  if (forge === 'github' && project.split('/').length !== 2) return null;
  return { forge, host, project, webUrl: `https://${host}/${project}` };
}

function locate(url: string): { host: string; path: string } | null {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(url);
  if (scheme) {
    const proto = scheme[1]!.toLowerCase();
    if (!['https', 'http', 'ssh', 'git', 'git+ssh', 'ssh+git'].includes(proto)) return null;
    const rest = scheme[2]!;
    const slash = rest.indexOf('/');
    if (slash <= 0) return null;
    const authority = rest.slice(0, slash).replace(/^.*@/, '');
    const host = authority.replace(/:\d*$/, '');
    return host ? { host, path: rest.slice(slash) } : null;
  }
  // scp-like: [user@]host:path — git's rule: no slash before the first colon.
  const scp = /^(?:[^@/:]+@)?([^@/:]+):(?!\/\/)(.+)$/.exec(url);
  if (scp && !/^[a-z]:[\\/]/i.test(url)) return { host: scp[1]!, path: scp[2]! };
  return null;
}

/** The page that opens a pull request (GitHub) or merge request (GitLab) from `head` into `base`. */
export function compareUrl(remote: RemoteWeb, base: string, head: string): string {
  const ref = (name: string) => name.split('/').map(encodeURIComponent).join('/');
  if (remote.forge === 'github') return `${remote.webUrl}/compare/${ref(base)}...${ref(head)}?expand=1`;
  const q = new URLSearchParams({ 'merge_request[source_branch]': head, 'merge_request[target_branch]': base });
  return `${remote.webUrl}/-/merge_requests/new?${q.toString()}`;
}
