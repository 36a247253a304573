import { describe, expect, it } from 'vitest';
import type { CommandResult, CommandRunner } from '../../../src-main/core/shipping/command-runner';
import { ghCreateArgs, openPullRequest } from '../../../src-main/core/shipping/pull-request';

/** A runner that answers from a script and records every command line. */
function fakeRunner(answers: Array<Partial<CommandResult>>): { run: CommandRunner; calls: string[][] } {
  const calls: string[][] = [];
  const run: CommandRunner = async (command, args) => {
    calls.push([command, ...args]);
    const a = answers.shift() ?? { code: 127 };
    return { code: 0, stdout: '', stderr: '', timedOut: false, ...a };
  };
  return { run, calls };
}

const request = { cwd: '/wt', remoteUrl: 'git@github.com:acme/widgets.git', head: 'boocoder/chat_1', base: 'main' };

describe('openPullRequest', () => {
  it('with gh signed in: runs exactly gh auth status, then gh pr create with repo, head, base, title and body; returns its URL', async () => {
    const { run, calls } = fakeRunner([{ code: 0 }, { code: 0, stdout: 'Creating pull request…\nhttps://github.com/acme/widgets/pull/7\n' }]);
    const r = await openPullRequest(run, { ...request, title: 'Add feature', body: 'Why and how' });
    expect(r).toEqual({ url: 'https://github.com/acme/widgets/pull/7', via: 'gh' });
    expect(calls).toEqual([
      ['gh', 'auth', 'status', '--hostname', 'github.com'],
      ['gh', 'pr', 'create', '--repo', 'github.com/acme/widgets', '--head', 'boocoder/chat_1', '--base', 'main', '--title', 'Add feature', '--body', 'Why and how'],
    ]);
  });

  it('without a title lets gh fill title and body from the commits', () => {
    expect(ghCreateArgs('github.com', 'acme/widgets', { head: 'h', base: 'main' })).toEqual(['pr', 'create', '--repo', 'github.com/acme/widgets', '--head', 'h', '--base', 'main', '--fill']);
    expect(ghCreateArgs('github.com', 'acme/widgets', { head: 'h', base: 'main', title: 'T' })).toContain('--body');
  });

  it('without gh installed (127) or signed in (1): the compare URL, and gh pr create is never run', async () => {
    for (const code of [127, 1]) {
      const { run, calls } = fakeRunner([{ code, stderr: 'You are not logged into any GitHub hosts.' }]);
      expect(await openPullRequest(run, request)).toEqual({ url: 'https://github.com/acme/widgets/compare/main...boocoder/chat_1?expand=1', via: 'compare' });
      expect(calls).toEqual([['gh', 'auth', 'status', '--hostname', 'github.com']]);
    }
  });

  it('on GitLab: the merge-request page, no gh', async () => {
    const { run, calls } = fakeRunner([]);
    const r = await openPullRequest(run, { ...request, remoteUrl: 'https://gitlab.com/group/app.git' });
    expect(r.via).toBe('compare');
    expect(r.url).toMatch(/^https:\/\/gitlab\.com\/group\/app\/-\/merge_requests\/new\?/);
    expect(calls).toEqual([]);
  });

  it("gh refusing is PullRequestFailed with gh's message and the compare URL as a way out", async () => {
    const { run } = fakeRunner([{ code: 0 }, { code: 1, stderr: 'a pull request for branch "boocoder/chat_1" into branch "main" already exists:\nhttps://github.com/acme/widgets/pull/3' }]);
    await expect(openPullRequest(run, request)).rejects.toMatchObject({
      name: 'PullRequestFailed',
      message: expect.stringContaining('already exists'),
      data: { compareUrl: 'https://github.com/acme/widgets/compare/main...boocoder/chat_1?expand=1' },
    });
  });

  it('a remote on neither forge is PullRequestUnavailable', async () => {
    const { run } = fakeRunner([]);
    await expect(openPullRequest(run, { ...request, remoteUrl: '/srv/git/widgets.git' })).rejects.toMatchObject({ name: 'PullRequestUnavailable' });
  });
});
