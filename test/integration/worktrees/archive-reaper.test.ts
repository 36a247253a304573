import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, git, read, write, type Fixture } from './fixture';

async function agentTurn(f: Fixture, chatId: string, agent: string, edit: (wt: string) => void): Promise<string> {
  const wt = (await f.service.ensure(chatId)).path;
  const t = await f.service.beginTurn(chatId);
  edit(wt);
  await f.service.endTurn(chatId, agent, t);
  return wt;
}

const HOUR = 60 * 60_000;

describe('WorktreeService: risk, archive and restore', () => {
  it('reports unapplied files, edits not yet snapshotted, and commits that exist only on the worktree branch', async () => {
    await using f = await fixture();
    const chatId = f.newChat();
    expect(await f.service.risk(chatId)).toEqual({ unappliedFiles: [], dirtyFiles: [], unpushedCommits: [] });
    const wt = await agentTurn(f, chatId, 'goose', (w) => write(w, 'a.txt', 'a\n'));
    expect(await f.service.risk(chatId)).toEqual({ unappliedFiles: ['a.txt'], dirtyFiles: [], unpushedCommits: [] });

    write(wt, 'README.md', 'user edit after the turn\n');
    expect((await f.service.risk(chatId)).dirtyFiles).toEqual(['README.md']);

    write(wt, 'c.txt', 'committed by an agent\n');
    git(wt, 'add', 'c.txt');
    git(wt, 'commit', '-qm', 'agent commit');
    const commit = git(wt, 'rev-parse', 'HEAD');
    const risk = await f.service.risk(chatId);
    expect(risk.unpushedCommits).toEqual([commit]);
    expect(risk.dirtyFiles).toEqual(['README.md', 'c.txt']);

    // Once the user's checkout has the commit, it is no longer at risk.
    git(f.repo, 'merge', '-q', '--ff-only', `boocoder/${chatId}`);
    expect((await f.service.risk(chatId)).unpushedCommits).toEqual([]);
  });

  it('refuses to archive work at risk, archives with force into a ref, and restores files and pending change intact', async () => {
    await using f = await fixture({ 'README.md': '# r\n', 'src/a.txt': 'one\n' });
    const chatId = f.newChat();
    const wt = await agentTurn(f, chatId, 'goose', (w) => {
      write(w, 'src/a.txt', 'one by goose\n');
      write(w, 'untracked/new.txt', 'new file\n');
    });
    await agentTurn(f, chatId, 'qwen', (w) => write(w, 'q.txt', 'q\n'));
    write(wt, 'README.md', '# edited by the user, not yet seen by any turn\n');
    const before = f.store.pendingChanges.current(chatId)!.files.map((x) => [x.path, x.agent]);

    const err = await f.service.archive(chatId, {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ChatAtRisk', data: { unappliedFiles: ['q.txt', 'src/a.txt', 'untracked/new.txt'], dirtyFiles: ['README.md'] } });
    expect((err as Error).message).toContain('q.txt');
    expect(existsSync(wt)).toBe(true);
    expect(f.store.worktrees.get(chatId)!.state).toBe('active');

    await f.service.archive(chatId, { force: true });
    const row = f.store.worktrees.get(chatId)!;
    expect(row).toMatchObject({ state: 'archived', archivedRef: `refs/boocoder/archive/${chatId}` });
    expect(existsSync(wt)).toBe(false);
    expect(git(f.repo, 'worktree', 'list', '--porcelain')).not.toContain(wt);
    // The ref holds everything, uncommitted and untracked included.
    expect(git(f.repo, 'show', `refs/boocoder/archive/${chatId}:untracked/new.txt`)).toBe('new file');
    expect(git(f.repo, 'show', `refs/boocoder/archive/${chatId}:README.md`)).toBe('# edited by the user, not yet seen by any turn');
    await expect(f.service.apply(chatId)).rejects.toMatchObject({ name: 'ChatArchived' });
    // The pending change of an archived chat can still be read (its trees live in the repo).
    const archivedView = await f.service.getChanges(chatId);
    expect(archivedView.files.map((x) => x.path)).toEqual(['README.md', 'q.txt', 'src/a.txt', 'untracked/new.txt']);
    expect(archivedView.files[0]!.diff).toContain('+# edited by the user');

    const svc = f.restart();
    await svc.restore(chatId);
    expect(f.store.worktrees.get(chatId)!.state).toBe('active');
    expect(read(wt, 'src/a.txt')).toBe('one by goose\n');
    expect(read(wt, 'untracked/new.txt')).toBe('new file\n');
    expect(read(wt, 'README.md')).toBe('# edited by the user, not yet seen by any turn\n');
    // Uncommitted stays uncommitted, untracked stays untracked.
    expect(git(wt, 'diff', '--name-only').split('\n')).toEqual(['README.md', 'src/a.txt']);
    expect(git(wt, 'diff', '--cached', '--name-only')).toBe('');
    expect(git(wt, 'ls-files', '--others', '--exclude-standard').split('\n')).toEqual(['q.txt', 'untracked/new.txt']);
    const changes = await svc.getChanges(chatId);
    expect(before).toEqual([['q.txt', 'qwen'], ['src/a.txt', 'goose'], ['untracked/new.txt', 'goose']]);
    // The user's edit found at archive time joined the pending change as theirs; the rest is as it was.
    expect(changes.files.map((x) => [x.path, x.agent])).toEqual([['README.md', null], ...before]);
    expect(await svc.risk(chatId)).toMatchObject({ dirtyFiles: [] });
  });

  it('archives a chat with nothing at risk without force, and ensure on an archived chat says so', async () => {
    await using f = await fixture();
    const chatId = f.newChat();
    const wt = (await f.service.ensure(chatId)).path;
    await f.service.archive(chatId, {});
    expect(existsSync(wt)).toBe(false);
    expect(git(f.repo, 'branch', '--list', `boocoder/${chatId}`)).toBe('');
    await expect(f.service.ensure(chatId)).rejects.toMatchObject({ name: 'ChatArchived' });
    await f.service.restore(chatId);
    expect(read(wt, 'README.md')).toBe('# test\n');
  });

  it('rebuilds a worktree folder deleted by hand from the last snapshot', async () => {
    await using f = await fixture();
    const chatId = f.newChat();
    const wt = await agentTurn(f, chatId, 'goose', (w) => write(w, 'a.txt', 'agent work\n'));
    rmSync(wt, { recursive: true, force: true });
    await f.service.ensure(chatId);
    expect(read(wt, 'a.txt')).toBe('agent work\n');
    expect((await f.service.getChanges(chatId)).files.map((x) => [x.path, x.agent])).toEqual([['a.txt', 'goose']]);
  });
});

describe('WorktreeService: reaper', () => {
  it('keeps and flags a dirty worktree of an archived chat, archives a clean one, spares one in its grace period', async () => {
    await using f = await fixture();
    const dirty = f.newChat('dirty');
    const clean = f.newChat('clean');
    const recent = f.newChat('recent');
    const live = f.newChat('live');
    const dirtyWt = await agentTurn(f, dirty, 'goose', (w) => write(w, 'work.txt', 'unapplied\n'));
    const cleanWt = (await f.service.ensure(clean)).path;
    const recentWt = (await f.service.ensure(recent)).path;
    const liveWt = (await f.service.ensure(live)).path;
    f.store.chats.setArchived(dirty, f.clock.now);
    f.store.chats.setArchived(clean, f.clock.now);
    f.clock.now += 2 * HOUR;
    f.store.chats.setArchived(recent, f.clock.now - 10 * 60_000);

    const report = await f.service.reap();
    const kinds = Object.fromEntries(report.actions.filter((a) => 'chatId' in a).map((a) => [(a as { chatId: string }).chatId, a.kind]));
    expect(kinds).toEqual({ [dirty]: 'flag', [clean]: 'archive', [recent]: 'keep', [live]: 'keep' });
    expect(report.actions.every((a) => a.outcome === 'done')).toBe(true);

    expect(f.store.worktrees.get(dirty)).toMatchObject({ state: 'flagged', flagReason: '1 unapplied file(s)' });
    expect(read(dirtyWt, 'work.txt')).toBe('unapplied\n');
    expect(f.store.worktrees.get(clean)).toMatchObject({ state: 'archived', archivedRef: `refs/boocoder/archive/${clean}` });
    expect(existsSync(cleanWt)).toBe(false);
    expect(git(f.repo, 'worktree', 'list', '--porcelain')).not.toContain(cleanWt);
    expect(existsSync(recentWt)).toBe(true);
    expect(existsSync(liveWt)).toBe(true);
  });

  it('reconciles: a folder deleted by hand, a stray git worktree and a stray folder under the root', async () => {
    await using f = await fixture();
    const gone = f.newChat('gone');
    const goneWt = (await f.service.ensure(gone)).path;
    rmSync(goneWt, { recursive: true, force: true });
    const root = await f.service.worktreesRoot();
    const stray = path.join(root, 'stray-worktree');
    git(f.repo, 'worktree', 'add', '-q', '-b', 'someone-else', stray);
    write(stray, 'precious.txt', 'unsaved\n');
    const strayFolder = path.join(root, 'stray-folder');
    write(strayFolder, 'x.txt', 'x\n');

    const report = await f.service.reap();
    const byKind = (k: string) => report.actions.filter((a) => a.kind === k);
    expect(byKind('markMissing')).toMatchObject([{ chatId: gone }]);
    expect(byKind('prune')).toMatchObject([{ repoPath: f.repo, paths: [goneWt] }]);
    expect(byKind('flagUnknown').map((a) => (a as { path: string }).path).sort()).toEqual([strayFolder, stray]);
    expect(f.store.worktrees.get(gone)!.state).toBe('missing');
    const list = git(f.repo, 'worktree', 'list', '--porcelain');
    expect(list).not.toContain(goneWt);
    expect(list).toContain(stray);
    expect(read(stray, 'precious.txt')).toBe('unsaved\n');
    expect(read(strayFolder, 'x.txt')).toBe('x\n');

    // The chat comes back to life: its worktree is rebuilt and the row is active again.
    await f.service.ensure(gone);
    expect(f.store.worktrees.get(gone)!.state).toBe('active');
    expect(existsSync(goneWt)).toBe(true);
  });
});
