import { chmodSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, git, write } from './fixture';

describe('WorktreeService: worktree lifecycle and snapshots', () => {
  it('creates the worktree lazily on its own branch, reuses it, and finds it again after a restart', async () => {
    await using f = await fixture();
    const chatId = f.newChat();
    expect(f.store.worktrees.get(chatId)).toBeUndefined();

    const row = await f.service.ensure(chatId);
    expect(row.branch).toBe(`boocoder/${chatId}`);
    expect(row.baseCommit).toBe(git(f.repo, 'rev-parse', 'HEAD'));
    expect(row.state).toBe('active');
    expect(path.basename(row.path)).toBe(chatId);
    expect(git(row.path, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe(`boocoder/${chatId}`);
    expect(git(f.repo, 'worktree', 'list', '--porcelain')).toContain(row.path);

    const again = await f.service.ensure(chatId);
    expect(again.path).toBe(row.path);
    expect(again.createdAt).toBe(row.createdAt);

    // Restart in the middle of a turn: the same worktree is found and the turn can still end.
    const { treeBefore } = await f.service.beginTurn(chatId);
    write(row.path, 'mid-turn.txt', 'written by the agent\n');
    const svc = f.restart();
    const found = await svc.ensure(chatId);
    expect(found.path).toBe(row.path);
    // The new process does not know a turn is running, so it shows the half-done edit as the
    // user's for now; endTurn still claims it for the agent because it diffs from treeBefore.
    expect((await svc.getChanges(chatId)).files.map((x) => [x.path, x.agent])).toEqual([['mid-turn.txt', null]]);
    const end = await svc.endTurn(chatId, 'goose', { treeBefore });
    expect(end.changedPaths).toEqual(['mid-turn.txt']);
    const changes = await svc.getChanges(chatId);
    expect(changes.files.map((x) => [x.path, x.agent])).toEqual([['mid-turn.txt', 'goose']]);
  });

  it('an unknown chat is NotFound', async () => {
    await using f = await fixture();
    await expect(f.service.ensure('chat_nope')).rejects.toMatchObject({ name: 'NotFound' });
  });

  it("a snapshot touches neither the worktree's index nor its files", async () => {
    await using f = await fixture();
    const chatId = f.newChat();
    const row = await f.service.ensure(chatId);
    write(row.path, 'src/a.txt', 'one\nTWO\nthree\n');
    write(row.path, 'new/untracked.txt', 'hello\n');
    git(row.path, 'add', 'src/a.txt'); // something staged, to see it stays staged
    write(row.path, 'src/a.txt', 'one\nTWO\nthree\nfour\n');
    const gitDir = git(row.path, 'rev-parse', '--absolute-git-dir');
    const indexFile = path.join(gitDir, 'index');
    // --no-optional-locks: our own `git status` must not refresh (rewrite) the index it is checking.
    const status = () => git(row.path, '--no-optional-locks', 'status', '--porcelain');
    const before = { status: status(), index: readFileSync(indexFile), mtime: statSync(indexFile).mtimeMs };

    const { treeBefore } = await f.service.beginTurn(chatId);
    await f.service.endTurn(chatId, 'a', { treeBefore });
    await f.service.risk(chatId);

    expect(statSync(indexFile).mtimeMs).toBe(before.mtime);
    expect(readFileSync(indexFile).equals(before.index)).toBe(true);
    expect(status()).toBe(before.status);
    expect(before.status).toContain('MM src/a.txt');
    // The snapshot index lives outside the worktree.
    expect(git(row.path, 'ls-tree', '-r', '--name-only', treeBefore).split('\n')).toEqual(expect.arrayContaining(['new/untracked.txt', 'src/a.txt']));
    expect(existsSync(path.join(f.dataDir, 'worktree-index', `${chatId}.index`))).toBe(true);
  });

  it('attributes files to the agent whose turn changed them last, and edits between turns to the user', async () => {
    await using f = await fixture();
    const chatId = f.newChat();
    const wt = (await f.service.ensure(chatId)).path;

    let t = await f.service.beginTurn(chatId);
    write(wt, 'src/a.txt', 'one\ntwo by goose\nthree\n');
    write(wt, 'goose.txt', 'g\n');
    expect((await f.service.endTurn(chatId, 'goose', t)).changedPaths).toEqual(['goose.txt', 'src/a.txt']);

    // The user edits between turns.
    write(wt, 'README.md', '# edited by the user\n');

    t = await f.service.beginTurn(chatId);
    write(wt, 'src/a.txt', 'one\ntwo by qwen\nthree\n');
    write(wt, 'qwen.txt', 'q\n');
    expect((await f.service.endTurn(chatId, 'qwen', t)).changedPaths).toEqual(['qwen.txt', 'src/a.txt']);

    const changes = await f.service.getChanges(chatId);
    const who = Object.fromEntries(changes.files.map((x) => [x.path, x.agent]));
    expect(who).toEqual({ 'README.md': null, 'goose.txt': 'goose', 'qwen.txt': 'qwen', 'src/a.txt': 'qwen' });
    expect(changes.agents).toEqual(['goose', 'qwen']);
    const a = changes.files.find((x) => x.path === 'src/a.txt')!;
    expect(a.status).toBe('modified');
    expect(a.additions).toBe(1);
    expect(a.deletions).toBe(1);
    expect(a.diff).toContain('-two\n+two by qwen');
    expect(a.truncated).toBe(false);

    // Attribution is persisted: a restarted service reports the same owners.
    const svc = f.restart();
    const again = await svc.getChanges(chatId);
    expect(Object.fromEntries(again.files.map((x) => [x.path, x.agent]))).toEqual(who);
    expect(f.store.pendingChanges.current(chatId)!.files.map((x) => x.agent)).toEqual([null, 'goose', 'qwen', 'qwen']);
  });

  it('skips git for the snapshot before a turn when nothing touched the worktree, and still sees an edit made just before', async () => {
    await using f = await fixture();
    const chatId = f.newChat();
    const wt = (await f.service.ensure(chatId)).path;
    let t = await f.service.beginTurn(chatId);
    write(wt, 'agent.txt', 'a\n');
    await f.service.endTurn(chatId, 'goose', t);

    const before = f.service.snapshotCounts;
    t = await f.service.beginTurn(chatId);
    expect(f.service.snapshotCounts.reused).toBe(before.reused + 1);
    expect(f.service.snapshotCounts.taken).toBe(before.taken);
    expect((await f.service.endTurn(chatId, 'goose', t)).changedPaths).toEqual([]);

    // The user's edit lands with no pause before the next turn starts: it is theirs, not qwen's.
    write(wt, 'README.md', '# the user\n');
    t = await f.service.beginTurn(chatId);
    write(wt, 'qwen.txt', 'q\n');
    expect((await f.service.endTurn(chatId, 'qwen', t)).changedPaths).toEqual(['qwen.txt']);
    const who = Object.fromEntries((await f.service.getChanges(chatId)).files.map((x) => [x.path, x.agent]));
    expect(who).toEqual({ 'README.md': null, 'agent.txt': 'goose', 'qwen.txt': 'qwen' });
  });

  it('a prepared worktree (a pre-warm) answers its first turn\'s "before" snapshot without git, and an edit made after it is the user\'s', async () => {
    await using f = await fixture();
    const chatId = f.newChat();
    const wt = (await f.service.prepare(chatId)).path;
    let before = f.service.snapshotCounts;
    let t = await f.service.beginTurn(chatId);
    expect(f.service.snapshotCounts).toEqual({ reused: before.reused + 1, taken: before.taken });
    write(wt, 'agent.txt', 'a\n');
    expect((await f.service.endTurn(chatId, 'goose', t)).changedPaths).toEqual(['agent.txt']);

    // Prepared again, then the user edits before the next turn: git runs, and the edit is theirs.
    const other = f.newChat();
    const otherWt = (await f.service.prepare(other)).path;
    write(otherWt, 'README.md', '# the user\n');
    before = f.service.snapshotCounts;
    t = await f.service.beginTurn(other);
    expect(f.service.snapshotCounts.taken).toBe(before.taken + 1);
    write(otherWt, 'qwen.txt', 'q\n');
    expect((await f.service.endTurn(other, 'qwen', t)).changedPaths).toEqual(['qwen.txt']);
    const who = Object.fromEntries((await f.service.getChanges(other)).files.map((x) => [x.path, x.agent]));
    expect(who).toEqual({ 'README.md': null, 'qwen.txt': 'qwen' });
  });

  it('counts untracked files, ignores ignored ones, and handles binary, rename, deletion and mode change', async () => {
    await using f = await fixture({
      '.gitignore': '*.log\nbuild/\n',
      'src/a.txt': 'one\ntwo\nthree\n',
      'src/long.txt': Array.from({ length: 40 }, (_, i) => `line ${i} of a file long enough to be recognised as renamed`).join('\n') + '\n',
      'gone.txt': 'bye\n',
      'run.sh': '#!/bin/sh\necho hi\n',
    });
    const chatId = f.newChat();
    const wt = (await f.service.ensure(chatId)).path;
    const t = await f.service.beginTurn(chatId);
    write(wt, 'notes/untracked.md', 'new\n');
    write(wt, 'debug.log', 'ignored\n');
    write(wt, 'build/out.js', 'ignored\n');
    write(wt, 'img.bin', Buffer.from([0, 1, 2, 3, 255, 0, 7, 8]));
    renameSync(path.join(wt, 'src/long.txt'), path.join(wt, 'src/renamed.txt'));
    rmSync(path.join(wt, 'gone.txt'));
    chmodSync(path.join(wt, 'run.sh'), 0o755);
    await f.service.endTurn(chatId, 'goose', t);

    const { files } = await f.service.getChanges(chatId);
    const by = Object.fromEntries(files.map((x) => [x.path, x]));
    expect(Object.keys(by).sort()).toEqual(['gone.txt', 'img.bin', 'notes/untracked.md', 'run.sh', 'src/renamed.txt']);
    expect(by['notes/untracked.md']).toMatchObject({ status: 'added', additions: 1, deletions: 0, agent: 'goose' });
    expect(by['img.bin']).toMatchObject({ status: 'added', binary: true, additions: 0, deletions: 0 });
    expect(by['img.bin']!.diff).toContain('Binary files');
    expect(by['src/renamed.txt']).toMatchObject({ status: 'renamed', oldPath: 'src/long.txt', additions: 0, deletions: 0 });
    expect(by['gone.txt']).toMatchObject({ status: 'deleted', deletions: 1 });
    expect(by['run.sh']).toMatchObject({ status: 'modified', additions: 0, deletions: 0 });
    expect(by['run.sh']!.diff).toContain('new mode 100755');
  });

  it("shows the user's edits made after a turn as theirs, and survives a stale lock on the snapshot index", async () => {
    await using f = await fixture();
    const chatId = f.newChat();
    const wt = (await f.service.ensure(chatId)).path;
    const t = await f.service.beginTurn(chatId);
    write(wt, 'src/a.txt', 'agent\n');
    await f.service.endTurn(chatId, 'goose', t);
    write(wt, 'mine.txt', 'typed by the user\n');
    expect((await f.service.risk(chatId)).dirtyFiles).toEqual(['mine.txt']);

    // A crash while git held the private index leaves a lock behind; the next snapshot recovers.
    const { snapshotIndex } = await f.service.pathsFor(chatId);
    writeFileSync(`${snapshotIndex}.lock`, '');
    const changes = await f.service.getChanges(chatId);
    expect(changes.files.map((x) => [x.path, x.agent])).toEqual([['mine.txt', null], ['src/a.txt', 'goose']]);
    expect((await f.service.risk(chatId)).dirtyFiles).toEqual([]);
  });

  it('truncates a huge per-file diff', async () => {
    await using f = await fixture();
    const chatId = f.newChat();
    const wt = (await f.service.ensure(chatId)).path;
    const t = await f.service.beginTurn(chatId);
    write(wt, 'huge.txt', Array.from({ length: 30_000 }, (_, i) => `line number ${i} with some padding text`).join('\n') + '\n');
    write(wt, 'small.txt', 'x\n');
    await f.service.endTurn(chatId, 'a', t);
    const { files } = await f.service.getChanges(chatId);
    const huge = files.find((x) => x.path === 'huge.txt')!;
    expect(huge.truncated).toBe(true);
    expect(huge.additions).toBe(30_000);
    expect(huge.diff.length).toBeLessThanOrEqual(256 * 1024 + 1);
    expect(files.find((x) => x.path === 'small.txt')).toMatchObject({ truncated: false, diff: expect.stringContaining('+x') });
  });
});
