import { describe, expect, it } from 'vitest';
import { compareUrl, parseRemoteUrl } from '../../../src-main/core/shipping/remote-url';

describe('parseRemoteUrl', () => {
  const github = { forge: 'github', host: 'github.com', project: 'acme/widgets', webUrl: 'https://github.com/acme/widgets' };
  it.each([
    'https://github.com/acme/widgets.git',
    'https://github.com/acme/widgets',
    'https://github.com/acme/widgets/',
    'https://user:token@github.com/acme/widgets.git',
    'http://github.com/acme/widgets.git',
    'ssh://git@github.com/acme/widgets.git',
    'ssh://git@github.com:22/acme/widgets.git',
    'git+ssh://git@github.com/acme/widgets',
    'git@github.com:acme/widgets.git',
    'github.com:acme/widgets',
    'git@GitHub.com:acme/widgets.git',
  ])('reads GitHub from %s', (url) => {
    expect(parseRemoteUrl(url)).toEqual(github);
  });

  it.each([
    ['https://gitlab.com/group/sub/project.git', 'gitlab.com', 'group/sub/project'],
    ['git@gitlab.com:group/project.git', 'gitlab.com', 'group/project'],
    ['ssh://git@gitlab.example.org:2222/team/app.git', 'gitlab.example.org', 'team/app'],
  ])('reads GitLab from %s', (url, host, project) => {
    expect(parseRemoteUrl(url)).toEqual({ forge: 'gitlab', host, project, webUrl: `https://${host}/${project}` });
  });

  it('knows self-hosted GitHub by its name', () => {
    expect(parseRemoteUrl('git@github.example.com:team/app.git')).toMatchObject({ forge: 'github', host: 'github.example.com', project: 'team/app' });
  });

  it.each(['/srv/git/repo.git', './relative/repo', 'file:///srv/git/repo.git', 'C:\\repos\\x.git', 'https://bitbucket.org/acme/widgets.git', 'git@example.com:acme/widgets.git', 'https://github.com/acme', 'https://github.com/acme/widgets/extra', ''])(
    'has no web page for %s',
    (url) => {
      expect(parseRemoteUrl(url)).toBeNull();
    },
  );
});

describe('compareUrl', () => {
  it('opens a GitHub pull request from the chat branch into the base', () => {
    expect(compareUrl(parseRemoteUrl('git@github.com:acme/widgets.git')!, 'main', 'boocoder/chat_1')).toBe('https://github.com/acme/widgets/compare/main...boocoder/chat_1?expand=1');
  });

  it('escapes branch names but keeps their slashes', () => {
    expect(compareUrl(parseRemoteUrl('https://github.com/acme/widgets')!, 'release/1.0', 'feat#2')).toBe('https://github.com/acme/widgets/compare/release/1.0...feat%232?expand=1');
  });

  it('opens a GitLab merge request with source and target branch', () => {
    const url = new URL(compareUrl(parseRemoteUrl('https://gitlab.com/group/sub/project.git')!, 'main', 'boocoder/chat_1'));
    expect(url.origin + url.pathname).toBe('https://gitlab.com/group/sub/project/-/merge_requests/new');
    expect(url.searchParams.get('merge_request[source_branch]')).toBe('boocoder/chat_1');
    expect(url.searchParams.get('merge_request[target_branch]')).toBe('main');
  });
});
