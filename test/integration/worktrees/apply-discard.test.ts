import { chmodSync, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, git, hashTree, read, write, type Fixture } from './fixture';

const LONG = Array.from({ length: 30 }, (_, i) => `line ${i} of a file that will be renamed by an agent`).join('\n') + '\n';

async function agentTurn(f: Fixture, chatId: string, agent: string, edit: (wt: string) => void): Promise<void> {
  const wt = (await f.service.ensure(chatId)).path;
  const t = await f.service.beginTurn(chatId);
  edit(wt);
  await f.service.endTurn(chatId, agent, t);
}

describe('WorktreeService: apply and discard', () => {
  it('applies every kind of change (modify, add, delete, rename, binary, mode) to the checkout, working tree only', async () => {
    await using f = await fixture({ 'src/a.txt': 'one\ntwo\nthree\n', 'old.txt': LONG, 'gone.txt': 'bye\n', 'run.sh': 'echo\n' });
    const chatId = f.newChat();
    const indexBefore = readFileSync(path.join(f.repo, '.git', 'index'));
    await agentTurn(f, chatId, 'goose', (wt) => {
      write(wt, 'src/a.txt', 'one\ntwo!\nthree\n');
      write(wt, 'added/new.txt', 'fresh\n');
      rmSync(path.join(wt, 'gone.txt'));
      renameSync(path.join(wt, 'old.txt'), path.join(wt, 'moved/new-name.txt'.replace('moved/', '')));
      write(wt, 'pic.bin', Buffer.from([0, 159, 146, 150, 0, 1]));
      chmodSync(path.join(wt, 'run.sh'), 0o755);
    });
    const statuses = Object.fromEntries((await f.service.getChanges(chatId)).files.map((x) => [x.path, x.status]));
    expect(statuses).toEqual({ 'added/new.txt': 'added', 'gone.txt': 'deleted', 'new-name.txt': 'renamed', 'pic.bin': 'added', 'run.sh': 'modified', 'src/a.txt': 'modified' });

    const { applied } = await f.service.apply(chatId);
    expect(applied).toEqual(['added/new.txt', 'gone.txt', 'new-name.txt', 'pic.bin', 'run.sh', 'src/a.txt']);
    expect(read(f.repo, 'src/a.txt')).toBe('one\ntwo!\nthree\n');
    expect(read(f.repo, 'added/new.txt')).toBe('fresh\n');
    expect(existsSync(path.join(f.repo, 'gone.txt'))).toBe(false);
    expect(existsSync(path.join(f.repo, 'old.txt'))).toBe(false);
    expect(read(f.repo, 'new-name.txt')).toBe(LONG);
    expect(readFileSync(path.join(f.repo, 'pic.bin')).equals(Buffer.from([0, 159, 146, 150, 0, 1]))).toBe(true);
    expect(statSync(path.join(f.repo, 'run.sh')).mode & 0o111).not.toBe(0);
    // The user's index is untouched: the applied files are unstaged changes waiting for their commit.
    expect(readFileSync(path.join(f.repo, '.git', 'index')).equals(indexBefore)).toBe(true);
    expect(git(f.repo, 'rev-list', '--count', 'HEAD')).toBe('1');
    // Re-baselined: nothing pending, nothing at risk.
    expect((await f.service.getChanges(chatId)).files).toEqual([]);
    expect(await f.service.risk(chatId)).toEqual({ unappliedFiles: [], dirtyFiles: [], unpushedCommits: [] });
  });

  it('applies some files; the rest stay pending with their attribution, and a later turn diffs against the new base', async () => {
    await using f = await fixture();
    const chatId = f.newChat();
    await agentTurn(f, chatId, 'goose', (wt) => {
      write(wt, 'src/a.txt', 'one\ntwo\nthree\nfour\n');
      write(wt, 'b.txt', 'b\n');
    });
    await agentTurn(f, chatId, 'qwen', (wt) => write(wt, 'c.txt', 'c\n'));
    const oldBase = f.store.worktrees.get(chatId)!.baseCommit;

    expect(await f.service.apply(chatId, ['src/a.txt', 'c.txt'])).toEqual({ applied: ['c.txt', 'src/a.txt'] });
    expect(read(f.repo, 'src/a.txt')).toBe('one\ntwo\nthree\nfour\n');
    expect(existsSync(path.join(f.repo, 'b.txt'))).toBe(false);
    const after = await f.service.getChanges(chatId);
    expect(after.files.map((x) => [x.path, x.agent])).toEqual([['b.txt', 'goose']]);
    const row = f.store.worktrees.get(chatId)!;
    expect(row.baseCommit).not.toBe(oldBase);
    expect(git(f.repo, 'rev-parse', `refs/boocoder/base/${chatId}`)).toBe(row.baseCommit);
    expect(git(f.repo, 'rev-parse', `${row.baseCommit}^`)).toBe(oldBase);
    // The base commit is not on the worktree branch: applying creates no "unpushed" commit.
    expect((await f.service.risk(chatId)).unpushedCommits).toEqual([]);

    await agentTurn(f, chatId, 'qwen', (wt) => write(wt, 'src/a.txt', 'one\ntwo\nthree\nfour\nfive\n'));
    const next = await f.service.getChanges(chatId);
    const a = next.files.find((x) => x.path === 'src/a.txt')!;
    expect(a).toMatchObject({ agent: 'qwen', additions: 1, deletions: 0 });
    expect(await f.service.apply(chatId, ['src/a.txt'])).toEqual({ applied: ['src/a.txt'] });
    expect(read(f.repo, 'src/a.txt')).toBe('one\ntwo\nthree\nfour\nfive\n');
  });

  it('merges into a checkout that moved on when the edits do not overlap', async () => {
    await using f = await fixture({ 'f.txt': 'a\nb\nc\nd\ne\nf\ng\nh\n' });
    const chatId = f.newChat();
    await agentTurn(f, chatId, 'goose', (wt) => write(wt, 'f.txt', 'A\nb\nc\nd\ne\nf\ng\nh\n'));
    write(f.repo, 'f.txt', 'a\nb\nc\nd\ne\nf\ng\nH\n');
    git(f.repo, 'commit', '-qam', 'user change at the end');
    await f.service.apply(chatId);
    expect(read(f.repo, 'f.txt')).toBe('A\nb\nc\nd\ne\nf\ng\nH\n');
  });

  it('refuses a conflicting apply with ApplyConflict and leaves the checkout byte-identical', async () => {
    await using f = await fixture({ 'f.txt': 'a\nb\nc\n', 'other.txt': 'o\n' });
    const chatId = f.newChat();
    await agentTurn(f, chatId, 'goose', (wt) => {
      write(wt, 'f.txt', 'a\nB by agent\nc\n');
      write(wt, 'other.txt', 'o2\n');
    });
    write(f.repo, 'f.txt', 'a\nB by user\nc\n');
    git(f.repo, 'commit', '-qam', 'user edits the same line');
    const before = hashTree(f.repo, { withGitIndex: true });
    const pendingBefore = f.store.pendingChanges.current(chatId)!;

    const err = await f.service.apply(chatId).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ApplyConflict', data: { files: ['f.txt'] } });
    expect((err as Error).message).toContain('f.txt');
    expect(hashTree(f.repo, { withGitIndex: true })).toBe(before);
    expect(read(f.repo, 'other.txt')).toBe('o\n');
    // Nothing moved on our side either.
    expect(f.store.pendingChanges.current(chatId)!.files).toEqual(pendingBefore.files);
    expect(f.store.worktrees.get(chatId)!.baseCommit).toBe(pendingBefore.baseCommit);
  });

  it('refuses when a target file has uncommitted edits (or an untracked file sits where one would be added)', async () => {
    await using f = await fixture({ 'f.txt': 'a\nb\nc\n' });
    const chatId = f.newChat();
    await agentTurn(f, chatId, 'goose', (wt) => {
      write(wt, 'f.txt', 'a\nb\nc\nd\n');
      write(wt, 'n.txt', 'agent\n');
    });
    write(f.repo, 'f.txt', 'user typing, not saved anywhere else\n');
    let before = hashTree(f.repo, { withGitIndex: true });
    await expect(f.service.apply(chatId, ['f.txt'])).rejects.toMatchObject({ name: 'ApplyConflict', data: { files: ['f.txt'] } });
    expect(hashTree(f.repo, { withGitIndex: true })).toBe(before);

    git(f.repo, 'checkout', '--', 'f.txt');
    write(f.repo, 'n.txt', 'the user made this file too\n');
    before = hashTree(f.repo, { withGitIndex: true });
    await expect(f.service.apply(chatId)).rejects.toMatchObject({ name: 'ApplyConflict', data: { files: ['n.txt'] } });
    expect(hashTree(f.repo, { withGitIndex: true })).toBe(before);

    // Unknown paths are named, not silently skipped.
    await expect(f.service.apply(chatId, ['nope.txt'])).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('discards selected files in the worktree (modified restored, added removed, deleted brought back) and keeps a ref to them', async () => {
    await using f = await fixture({ 'src/a.txt': 'one\n', 'keep.txt': 'k\n', 'del.txt': 'd\n' });
    const chatId = f.newChat();
    const wt = (await f.service.ensure(chatId)).path;
    await agentTurn(f, chatId, 'goose', () => {
      write(wt, 'src/a.txt', 'changed\n');
      write(wt, 'dir/added.txt', 'new\n');
      rmSync(path.join(wt, 'del.txt'));
      write(wt, 'keep.txt', 'k2\n');
    });
    const res = await f.service.discard(chatId, ['src/a.txt', 'dir/added.txt', 'del.txt']);
    expect(res.discarded).toEqual(['del.txt', 'dir/added.txt', 'src/a.txt']);
    expect(read(wt, 'src/a.txt')).toBe('one\n');
    expect(existsSync(path.join(wt, 'dir/added.txt'))).toBe(false);
    expect(existsSync(path.join(wt, 'dir'))).toBe(false);
    expect(read(wt, 'del.txt')).toBe('d\n');
    expect((await f.service.getChanges(chatId)).files.map((x) => [x.path, x.agent])).toEqual([['keep.txt', 'goose']]);
    expect((await f.service.risk(chatId)).dirtyFiles).toEqual([]);
    // The discarded state is still reachable.
    expect(git(f.repo, 'show', `refs/boocoder/discarded/${chatId}:src/a.txt`)).toBe('changed');

    await f.service.discard(chatId);
    expect(read(wt, 'keep.txt')).toBe('k\n');
    expect((await f.service.getChanges(chatId)).files).toEqual([]);
  });

  it('discards a rename by restoring the old path and removing the new one', async () => {
    await using f = await fixture({ 'old.txt': LONG });
    const chatId = f.newChat();
    const wt = (await f.service.ensure(chatId)).path;
    await agentTurn(f, chatId, 'goose', () => renameSync(path.join(wt, 'old.txt'), path.join(wt, 'new.txt')));
    expect((await f.service.getChanges(chatId)).files[0]).toMatchObject({ status: 'renamed', path: 'new.txt', oldPath: 'old.txt' });
    await f.service.discard(chatId, ['new.txt']);
    expect(read(wt, 'old.txt')).toBe(LONG);
    expect(existsSync(path.join(wt, 'new.txt'))).toBe(false);
  });
});
