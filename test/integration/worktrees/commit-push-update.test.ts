import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src-main/core/shipping/command-runner';
import { pushBranch } from '../../../src-main/core/shipping/push-branch';
import { commitPending } from '../../../src-main/core/worktrees/commit-pending';
import { updateFromBase } from '../../../src-main/core/worktrees/update-from-base';
import { fixture, git, read, write, type Fixture } from './fixture';

async function agentTurn(f: Fixture, chatId: string, agent: string, edit: (wt: string) => void): Promise<string> {
  const wt = (await f.service.ensure(chatId)).path;
  const t = await f.service.beginTurn(chatId);
  edit(wt);
  await f.service.endTurn(chatId, agent, t);
  return wt;
}

const commit = (f: Fixture, chatId: string, message: string, paths?: string[]) => f.service.withWorktree(chatId, (w) => commitPending(w, message, paths));
const update = (f: Fixture, chatId: string, strategy: 'merge' | 'rebase') => f.service.withWorktree(chatId, (w) => updateFromBase(w, strategy));
const pending = async (f: Fixture, chatId: string) => (await f.service.getChanges(chatId)).files.map((x) => [x.path, x.agent]);

/** The user's checkout moves on: a commit on main touching `files`. */
function commitOnMain(f: Fixture, files: Record<string, string>, message = 'main moves on'): string {
  for (const [rel, content] of Object.entries(files)) write(f.repo, rel, content);
  git(f.repo, 'add', '-A');
  git(f.repo, 'commit', '-q', '-m', message);
  return git(f.repo, 'rev-parse', 'HEAD');
}

describe('commit on the chat branch', () => {
  it('commits selected files as the user with an Agents trailer; the rest stay pending with their attribution and the commit counts as unpushed', async () => {
    await using f = await fixture();
    const chatId = f.newChat();
    await agentTurn(f, chatId, 'claude-code', (wt) => write(wt, 'src/a.txt', 'one\ntwo\nthree\nfour\n'));
    const wt = await agentTurn(f, chatId, 'qwen', (w) => {
      write(w, 'b.txt', 'b\n');
      write(w, 'c.txt', 'c\n');
    });
    const head0 = git(wt, 'rev-parse', 'HEAD');

    const result = await commit(f, chatId, 'Add b and extend a', ['src/a.txt', 'b.txt']);
    expect(result.files).toEqual(['b.txt', 'src/a.txt']);
    expect(result.agents).toEqual(['claude-code', 'qwen']);
    // The branch moved by exactly one commit, authored and committed as the repo's user.
    expect(git(wt, 'rev-parse', 'HEAD')).toBe(result.commit);
    expect(git(wt, 'rev-parse', 'HEAD^')).toBe(head0);
    expect(git(wt, 'log', '-1', '--format=%an <%ae>|%cn <%ce>')).toBe('Test <test@example.com>|Test <test@example.com>');
    expect(git(wt, 'log', '-1', '--format=%B')).toBe('Add b and extend a\n\nAgents: claude-code, qwen');
    expect(git(wt, 'show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual(['b.txt', 'src/a.txt']);
    // c.txt is neither committed nor staged; the worktree's own index agrees with HEAD for the rest.
    expect(git(wt, 'status', '--porcelain')).toBe('?? c.txt');
    expect(read(wt, 'c.txt')).toBe('c\n');

    expect(await pending(f, chatId)).toEqual([['c.txt', 'qwen']]);
    const risk = await f.service.risk(chatId);
    expect(risk.unpushedCommits).toEqual([result.commit]);
    expect(risk.unappliedFiles).toEqual(['c.txt']);

    // The next turn diffs against the new base: only its own edit is new.
    await agentTurn(f, chatId, 'claude-code', (w) => write(w, 'src/a.txt', 'one\ntwo\nthree\nfour\nfive\n'));
    const files = (await f.service.getChanges(chatId)).files;
    expect(files.map((x) => [x.path, x.agent, x.additions])).toEqual([
      ['c.txt', 'qwen', 1],
      ['src/a.txt', 'claude-code', 1],
    ]);
  });

  it("commits renames and deletions, and the user's own edits without a trailer", async () => {
    await using f = await fixture({ 'old.txt': 'x\n'.repeat(20), 'gone.txt': 'bye\n' });
    const chatId = f.newChat();
    const wt = (await f.service.ensure(chatId)).path;
    git(wt, 'mv', 'old.txt', 'new.txt');
    git(wt, 'rm', '-q', 'gone.txt');
    const r = await commit(f, chatId, 'Rename and delete\n\nSigned-off-by: Test <test@example.com>');
    expect(r.agents).toEqual([]);
    expect(git(wt, 'log', '-1', '--format=%B')).toBe('Rename and delete\n\nSigned-off-by: Test <test@example.com>');
    expect(git(wt, 'ls-tree', '--name-only', 'HEAD')).toBe('new.txt');
    expect(git(wt, 'status', '--porcelain')).toBe('');
    expect(await pending(f, chatId)).toEqual([]);
  });

  it('refuses plainly: unknown paths, nothing pending, an empty message, a missing git identity (nothing changed)', async () => {
    await using f = await fixture();
    const chatId = f.newChat();
    const wt = await agentTurn(f, chatId, 'qwen', (w) => write(w, 'b.txt', 'b\n'));
    const head = git(wt, 'rev-parse', 'HEAD');
    await expect(commit(f, chatId, 'x', ['nope.txt'])).rejects.toMatchObject({ name: 'NotFound' });
    await expect(commit(f, chatId, '   ')).rejects.toMatchObject({ name: 'InvalidInput' });
    git(f.repo, 'config', '--unset', 'user.name');
    const saved = process.env.GIT_CONFIG_GLOBAL;
    process.env.GIT_CONFIG_GLOBAL = path.join(f.dir.path, 'no-global-gitconfig');
    try {
      await expect(commit(f, chatId, 'x')).rejects.toMatchObject({ name: 'GitIdentityMissing', data: { missing: ['user.name'] } });
    } finally {
      if (saved === undefined) delete process.env.GIT_CONFIG_GLOBAL;
      else process.env.GIT_CONFIG_GLOBAL = saved;
    }
    expect(git(wt, 'rev-parse', 'HEAD')).toBe(head);
    expect(await pending(f, chatId)).toEqual([['b.txt', 'qwen']]);
    // With no name in the repository's config, the user's global config (as the core's environment has it) decides.
    const globalConfig = path.join(f.dir.path, 'global-gitconfig');
    writeFileSync(globalConfig, '[user]\n\tname = Global Person\n\temail = global@example.com\n');
    process.env.GIT_CONFIG_GLOBAL = globalConfig;
    git(f.repo, 'config', '--unset', 'user.email');
    try {
      await commit(f, chatId, 'b');
    } finally {
      if (saved === undefined) delete process.env.GIT_CONFIG_GLOBAL;
      else process.env.GIT_CONFIG_GLOBAL = saved;
    }
    expect(git(wt, 'log', '-1', '--format=%an <%ae>|%cn <%ce>')).toBe('Global Person <global@example.com>|Global Person <global@example.com>');
    await expect(commit(f, chatId, 'again')).rejects.toMatchObject({ name: 'NothingToCommit' });
  });

  it('keeps files applied to the checkout out of the pending list after a commit of the others', async () => {
    await using f = await fixture();
    const chatId = f.newChat();
    await agentTurn(f, chatId, 'qwen', (w) => {
      write(w, 'applied.txt', 'a\n');
      write(w, 'committed.txt', 'c\n');
    });
    await f.service.apply(chatId, ['applied.txt']);
    await commit(f, chatId, 'the other one');
    expect(await pending(f, chatId)).toEqual([]);
  });
});

describe('push to a remote', () => {
  it('pushes the branch to a bare repository: the remote has the branch, the commit, the trailer and the files; nothing is unpushed after', async () => {
    await using f = await fixture();
    const remote = path.join(f.dir.path, 'remote.git');
    git(f.dir.path, 'init', '-q', '--bare', remote);
    git(f.repo, 'remote', 'add', 'origin', remote);
    git(f.repo, 'push', '-q', 'origin', 'main');
    const chatId = f.newChat();
    await agentTurn(f, chatId, 'claude-code', (w) => write(w, 'feature.txt', 'new feature\n'));
    const { commit: sha } = await commit(f, chatId, 'Add the feature');
    const row = f.store.worktrees.get(chatId)!;

    await pushBranch(runCommand, row.path, 'origin', row.branch);
    expect(git(remote, 'rev-parse', `refs/heads/${row.branch}`)).toBe(sha);
    expect(git(remote, 'log', '-1', '--format=%B', row.branch)).toContain('Agents: claude-code');
    expect(git(remote, 'show', `${row.branch}:feature.txt`)).toBe('new feature');
    expect(git(row.path, 'rev-parse', '--abbrev-ref', '@{upstream}')).toBe(`origin/${row.branch}`);
    expect((await f.service.risk(chatId)).unpushedCommits).toEqual([]);
  });

  it("fails with git's own message: an unreachable remote, and a rejected non-fast-forward (which force-with-lease then pushes)", async () => {
    await using f = await fixture();
    git(f.repo, 'remote', 'add', 'nowhere', path.join(f.dir.path, 'does-not-exist.git'));
    const chatId = f.newChat();
    await agentTurn(f, chatId, 'qwen', (w) => write(w, 'x.txt', 'x\n'));
    await commit(f, chatId, 'x');
    const row = f.store.worktrees.get(chatId)!;
    const err = await pushBranch(runCommand, row.path, 'nowhere', row.branch).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'PushFailed' });
    expect((err as Error).message).toMatch(/does-not-exist\.git/);
    expect((err as { data: { gitMessage: string } }).data.gitMessage).toMatch(/does not appear to be a git repository|not found/i);

    const remote = path.join(f.dir.path, 'remote.git');
    git(f.dir.path, 'init', '-q', '--bare', remote);
    git(f.repo, 'remote', 'add', 'origin', remote);
    await pushBranch(runCommand, row.path, 'origin', row.branch);
    // Someone else pushed to the same branch name: a plain push is refused, not merged.
    git(f.repo, 'checkout', '-q', '-b', 'elsewhere');
    commitOnMain(f, { 'theirs.txt': 't\n' }, 'someone else');
    git(f.repo, 'push', '-q', '--force', 'origin', `elsewhere:refs/heads/${row.branch}`);
    git(f.repo, 'checkout', '-q', 'main');
    await agentTurn(f, chatId, 'qwen', (w) => write(w, 'y.txt', 'y\n'));
    await commit(f, chatId, 'y');
    git(row.path, 'fetch', '-q', 'origin');
    const rejected = await pushBranch(runCommand, row.path, 'origin', row.branch).catch((e: unknown) => e);
    expect(rejected).toMatchObject({ name: 'PushFailed', data: { rejected: true } });
    await pushBranch(runCommand, row.path, 'origin', row.branch, true);
    expect(git(remote, 'rev-parse', `refs/heads/${row.branch}`)).toBe(git(row.path, 'rev-parse', 'HEAD'));
  });
});

describe('update from the base branch', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.GIT_CONFIG_GLOBAL;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.GIT_CONFIG_GLOBAL;
    else process.env.GIT_CONFIG_GLOBAL = saved;
  });

  for (const strategy of ['merge', 'rebase'] as const) {
    it(`${strategy}: brings main's new commit in; commits, uncommitted files and attribution carried over`, async () => {
      await using f = await fixture({ 'README.md': '# test\n', 'src/a.txt': 'one\ntwo\nthree\n', 'shared.txt': '1\n2\n3\n4\n5\n6\n7\n8\n' });
      const chatId = f.newChat();
      await agentTurn(f, chatId, 'claude-code', (w) => write(w, 'feature.txt', 'f\n'));
      const { commit: chatCommit } = await commit(f, chatId, 'Add feature');
      const wt = await agentTurn(f, chatId, 'qwen', (w) => {
        write(w, 'shared.txt', '1\n2\n3\n4\n5\n6\n7\n8 (qwen)\n');
        write(w, 'notes.txt', 'n\n');
      });
      const tip = commitOnMain(f, { 'shared.txt': '1 (main)\n2\n3\n4\n5\n6\n7\n8\n', 'main-only.txt': 'm\n' });

      const r = await update(f, chatId, strategy);
      expect(r).toMatchObject({ base: tip, branch: 'main', updated: true });
      const head = git(wt, 'rev-parse', 'HEAD');
      expect(git(wt, 'merge-base', '--is-ancestor', tip, head) === '').toBe(true);
      if (strategy === 'merge') {
        expect(git(wt, 'rev-list', '--parents', '-n', '1', 'HEAD').split(' ').slice(1)).toEqual([chatCommit, tip]);
        expect(git(wt, 'log', '-1', '--format=%s|%an')).toBe(`Merge branch 'main' into boocoder/${chatId}|Test`);
      } else {
        expect(git(wt, 'rev-parse', 'HEAD^')).toBe(tip);
        expect(git(wt, 'log', '-1', '--format=%B')).toBe('Add feature\n\nAgents: claude-code');
      }
      // Files: main's change, the chat's commit, and the uncommitted edits merged into one.
      expect(read(wt, 'main-only.txt')).toBe('m\n');
      expect(read(wt, 'feature.txt')).toBe('f\n');
      expect(read(wt, 'shared.txt')).toBe('1 (main)\n2\n3\n4\n5\n6\n7\n8 (qwen)\n');
      expect(read(wt, 'notes.txt')).toBe('n\n');
      // The pending change is what it was, re-based, attribution kept.
      const files = (await f.service.getChanges(chatId)).files;
      expect(files.map((x) => [x.path, x.agent, x.additions, x.deletions])).toEqual([
        ['notes.txt', 'qwen', 1, 0],
        ['shared.txt', 'qwen', 1, 1],
      ]);
      expect(git(wt, 'status', '--porcelain')).toBe('M shared.txt\n?? notes.txt');
      // The chat's commits are still counted as unpushed; nothing else is at risk.
      const risk = await f.service.risk(chatId);
      expect(risk.unpushedCommits.length).toBe(strategy === 'merge' ? 2 : 1);
      expect(risk.dirtyFiles).toEqual([]);
      // Up to date now: a second update changes nothing.
      expect(await update(f, chatId, strategy)).toMatchObject({ updated: false, head });
    });

    it(`${strategy}: a conflict changes nothing and names the files`, async () => {
      await using f = await fixture({ 'README.md': '# test\n', 'c.txt': 'base\n', 'u.txt': 'base\n' });
      const chatId = f.newChat();
      await agentTurn(f, chatId, 'claude-code', (w) => write(w, 'c.txt', 'chat commit\n'));
      await commit(f, chatId, 'chat edit');
      const wt = await agentTurn(f, chatId, 'qwen', (w) => write(w, 'u.txt', 'chat uncommitted\n'));
      const before = { head: git(wt, 'rev-parse', 'HEAD'), status: git(wt, 'status', '--porcelain'), base: f.store.worktrees.get(chatId)!.baseCommit };
      const pendingBefore = await pending(f, chatId);

      commitOnMain(f, { 'c.txt': 'main edit\n' });
      const err = await update(f, chatId, strategy).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'UpdateConflict', data: { files: ['c.txt'] } });
      expect((err as Error).message).toMatch(/Nothing was changed/);
      expect({ head: git(wt, 'rev-parse', 'HEAD'), status: git(wt, 'status', '--porcelain'), base: f.store.worktrees.get(chatId)!.baseCommit }).toEqual(before);
      expect(read(wt, 'c.txt')).toBe('chat commit\n');
      expect(read(wt, 'u.txt')).toBe('chat uncommitted\n');
      expect(await pending(f, chatId)).toEqual(pendingBefore);

      // An uncommitted edit that conflicts is refused the same way.
      git(f.repo, 'reset', '-q', '--hard', 'HEAD^');
      commitOnMain(f, { 'u.txt': 'main edit of u\n' });
      const err2 = await update(f, chatId, strategy).catch((e: unknown) => e);
      expect(err2).toMatchObject({ name: 'UpdateConflict', data: { files: ['u.txt'] } });
      expect(read(wt, 'u.txt')).toBe('chat uncommitted\n');
      expect(git(wt, 'rev-parse', 'HEAD')).toBe(before.head);
    });
  }

  it('fast-forwards a chat without commits of its own; files applied to the checkout stay out of the pending list', async () => {
    await using f = await fixture();
    const chatId = f.newChat();
    const wt = await agentTurn(f, chatId, 'qwen', (w) => {
      write(w, 'applied.txt', 'a\n');
      write(w, 'kept.txt', 'k\n');
    });
    await f.service.apply(chatId, ['applied.txt']);
    // The user commits what was applied, plus something else, on main.
    const tip = commitOnMain(f, { 'other.txt': 'o\n' });
    const r = await update(f, chatId, 'merge');
    expect(r).toMatchObject({ updated: true, head: tip });
    expect(git(wt, 'rev-parse', 'HEAD')).toBe(tip);
    expect(read(wt, 'other.txt')).toBe('o\n');
    expect(existsSync(path.join(wt, 'applied.txt'))).toBe(true);
    expect(await pending(f, chatId)).toEqual([['kept.txt', 'qwen']]);
    expect((await f.service.risk(chatId)).unpushedCommits).toEqual([]);
  });
});
