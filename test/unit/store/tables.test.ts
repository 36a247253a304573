import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyUsage, type TurnPart, type Usage } from '../../../src-preload/contract';
import type { PendingFileRow } from '../../../src-main/core/store/pending-changes-store';
import { DEFAULT_SETTINGS } from '../../../src-main/core/store/settings-store';
import { Store } from '../../../src-main/core/store/store';
import { tempDir } from '../../support/temp-dir';

/** A real SQLite file in a temp dir; disposing closes the store and removes the dir. */
async function tempStore(): Promise<{ store: Store; file: string } & AsyncDisposable> {
  const dir = await tempDir('store-');
  const file = path.join(dir.path, 'boocoder.db');
  const store = Store.open(file);
  return {
    store,
    file,
    async [Symbol.asyncDispose]() {
      store.close();
      await dir[Symbol.asyncDispose]();
    },
  };
}

const usage = (over: Partial<Usage>): Usage => ({ ...emptyUsage(), ...over });

const count = (store: Store, table: string): number => (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('repos', () => {
  it('upsert is idempotent per path and lists in creation order', async () => {
    await using t = await tempStore();
    const a = t.store.repos.upsert('/work/a', 10);
    const again = t.store.repos.upsert('/work/a', 20);
    const b = t.store.repos.upsert('/work/b', 30);
    expect(again).toEqual(a);
    expect(a.id).toMatch(/^repo_/);
    expect(b.id).not.toBe(a.id);
    expect(t.store.repos.list()).toEqual([
      { id: a.id, path: '/work/a', createdAt: 10 },
      { id: b.id, path: '/work/b', createdAt: 30 },
    ]);
    expect(t.store.repos.get(b.id)).toEqual(b);
    expect(t.store.repos.byPath('/work/a')).toEqual(a);
    expect(t.store.repos.get('repo_missing')).toBeUndefined();
  });
});

describe('chats', () => {
  it('create, get, list per repo, rename, archive filter and restore', async () => {
    await using t = await tempStore();
    const r1 = t.store.repos.upsert('/r1');
    const r2 = t.store.repos.upsert('/r2');
    const c1 = t.store.chats.create(r1.id, 'one', 1);
    const c2 = t.store.chats.create(r1.id, 'two', 2);
    const c3 = t.store.chats.create(r2.id, 'three', 3);

    expect(t.store.chats.get(c1.id)).toEqual({ id: c1.id, repoId: r1.id, title: 'one', createdAt: 1, archivedAt: null });
    expect(t.store.chats.list().map((c) => c.id)).toEqual([c1.id, c2.id, c3.id]);
    expect(t.store.chats.list({ repoId: r1.id }).map((c) => c.id)).toEqual([c1.id, c2.id]);
    expect(t.store.chats.countInRepo(r1.id)).toBe(2);

    t.store.chats.rename(c2.id, 'renamed');
    expect(t.store.chats.get(c2.id)?.title).toBe('renamed');

    t.store.chats.setArchived(c1.id, 100);
    expect(t.store.chats.list({ repoId: r1.id }).map((c) => c.id)).toEqual([c2.id]);
    expect(t.store.chats.list({ repoId: r1.id, includeArchived: true }).map((c) => [c.id, c.archivedAt])).toEqual([
      [c1.id, 100],
      [c2.id, null],
    ]);
    // Archived chats still count, so a new default title does not reuse a number.
    expect(t.store.chats.countInRepo(r1.id)).toBe(2);

    t.store.chats.setArchived(c1.id, null);
    expect(t.store.chats.list({ repoId: r1.id }).map((c) => c.id)).toEqual([c1.id, c2.id]);
  });

  it('refuses a chat for a repo that does not exist (foreign key)', async () => {
    await using t = await tempStore();
    expect(() => t.store.chats.create('repo_nope', 'x')).toThrow(/FOREIGN KEY/);
  });
});

describe('turns', () => {
  it('numbers turns 1, 2, 3 per chat, independently in each chat', async () => {
    await using t = await tempStore();
    const repo = t.store.repos.upsert('/r');
    const a = t.store.chats.create(repo.id, 'a');
    const b = t.store.chats.create(repo.id, 'b');
    const base = { agent: 'qwen', prompt: 'p', model: null, status: 'queued' as const };
    const a1 = t.store.turns.create({ ...base, chatId: a.id }, 1);
    const a2 = t.store.turns.create({ ...base, chatId: a.id, agent: 'opencode' }, 2);
    const b1 = t.store.turns.create({ ...base, chatId: b.id }, 3);
    const a3 = t.store.turns.create({ ...base, chatId: a.id, model: 'm1' }, 4);

    expect([a1.ordinal, a2.ordinal, a3.ordinal, b1.ordinal]).toEqual([1, 2, 3, 1]);
    expect(a1).toMatchObject({ chatId: a.id, agent: 'qwen', status: 'queued', stopReason: null, endedAt: null, startedAt: 1, changedFiles: [] });
    expect(a1.usage).toEqual(emptyUsage());
    expect(a3.model).toBe('m1');
    expect(t.store.turns.listByChat(a.id).map((x) => x.id)).toEqual([a1.id, a2.id, a3.id]);
    expect(t.store.turns.listSince(a.id, 1).map((x) => x.ordinal)).toEqual([2, 3]);
  });

  it('round-trips status, finish with an error, changed files, model and usage', async () => {
    await using t = await tempStore();
    const repo = t.store.repos.upsert('/r');
    const chat = t.store.chats.create(repo.id, 'c');
    const turn = t.store.turns.create({ chatId: chat.id, agent: 'qwen', prompt: 'fix it', model: null, status: 'queued' });
    t.store.turns.setStatus(turn.id, 'running');
    t.store.turns.setModel(turn.id, 'qwen3');
    t.store.turns.addUsage(turn.id, usage({ inputTokens: 10, outputTokens: 5, cost: 0.5 }));
    t.store.turns.addUsage(turn.id, usage({ inputTokens: 1, reasoningTokens: 2, cacheReadTokens: 3, cacheWriteTokens: 4, cost: 0.25 }));
    t.store.turns.setChangedFiles(turn.id, ['src/a.ts', 'b.md']);
    t.store.turns.finish(turn.id, { status: 'failed', stopReason: 'error', error: { name: 'AgentCrashed', message: 'boom' } }, 99);

    expect(t.store.turns.get(turn.id)).toMatchObject({
      status: 'failed',
      stopReason: 'error',
      errorName: 'AgentCrashed',
      errorMessage: 'boom',
      model: 'qwen3',
      endedAt: 99,
      changedFiles: ['src/a.ts', 'b.md'],
      usage: { inputTokens: 11, outputTokens: 5, reasoningTokens: 2, cacheReadTokens: 3, cacheWriteTokens: 4, cost: 0.75 },
    });
  });

  it('writeParts upserts by index and parts() returns them in index order', async () => {
    await using t = await tempStore();
    const repo = t.store.repos.upsert('/r');
    const chat = t.store.chats.create(repo.id, 'c');
    const turn = t.store.turns.create({ chatId: chat.id, agent: 'qwen', prompt: 'p', model: null, status: 'running' });
    const tool: TurnPart = {
      kind: 'tool',
      toolCallId: 't1',
      title: 'Write a.txt',
      toolKind: 'edit',
      status: 'in_progress',
      diffs: [{ path: 'a.txt', oldText: null, newText: 'x' }],
    };
    // Written out of order and in two batches, as a streaming writer would.
    t.store.turns.writeParts(turn.id, [
      { idx: 2, part: { kind: 'text', text: 'done' } },
      { idx: 0, part: { kind: 'reasoning', text: 'think' } },
    ]);
    t.store.turns.writeParts(turn.id, [{ idx: 1, part: tool }]);
    t.store.turns.writeParts(turn.id, [
      { idx: 1, part: { ...tool, status: 'completed', output: 'ok' } },
      { idx: 2, part: { kind: 'text', text: 'done, really' } },
    ]);
    t.store.turns.writeParts(turn.id, []);

    expect(t.store.turns.parts(turn.id)).toEqual([
      { kind: 'reasoning', text: 'think' },
      { ...tool, status: 'completed', output: 'ok' },
      { kind: 'text', text: 'done, really' },
    ]);
    expect(count(t.store, 'transcript_parts')).toBe(3);
  });

  it('markInterrupted ends running and queued turns only, and says how many', async () => {
    await using t = await tempStore();
    const repo = t.store.repos.upsert('/r');
    const chat = t.store.chats.create(repo.id, 'c');
    const mk = (status: 'queued' | 'running') => t.store.turns.create({ chatId: chat.id, agent: 'qwen', prompt: 'p', model: null, status });
    const queued = mk('queued');
    const running = mk('running');
    const done = mk('running');
    t.store.turns.finish(done.id, { status: 'done', stopReason: 'end_turn' }, 5);

    expect(t.store.turns.markInterrupted(50)).toBe(2);
    for (const id of [queued.id, running.id]) {
      expect(t.store.turns.get(id)).toMatchObject({ status: 'interrupted', stopReason: 'interrupted', errorName: 'Interrupted', endedAt: 50 });
      expect(t.store.turns.get(id)?.errorMessage).toMatch(/stopped while this turn was running/);
    }
    expect(t.store.turns.get(done.id)).toMatchObject({ status: 'done', stopReason: 'end_turn', endedAt: 5, errorName: null });
    expect(t.store.turns.markInterrupted(60)).toBe(0);
  });

  it('usageRows sums per (chat, agent), filters by repo and by start time', async () => {
    await using t = await tempStore();
    const r1 = t.store.repos.upsert('/r1');
    const r2 = t.store.repos.upsert('/r2');
    const c1 = t.store.chats.create(r1.id, 'c1');
    const c2 = t.store.chats.create(r2.id, 'c2');
    const turn = (chatId: string, agent: string, at: number, u: Partial<Usage>) => {
      const row = t.store.turns.create({ chatId, agent, prompt: 'p', model: null, status: 'done' }, at);
      t.store.turns.addUsage(row.id, usage(u));
    };
    turn(c1.id, 'qwen', 100, { inputTokens: 1, outputTokens: 2, cost: 1 });
    turn(c1.id, 'qwen', 200, { inputTokens: 10, outputTokens: 20, cost: 2 });
    turn(c1.id, 'opencode', 300, { inputTokens: 5, reasoningTokens: 7 });
    turn(c2.id, 'qwen', 400, { inputTokens: 1000, cacheReadTokens: 3, cacheWriteTokens: 4 });

    const all = t.store.turns.usageRows({});
    const key = (rows: typeof all) => Object.fromEntries(rows.map((r) => [`${r.chatId === c1.id ? 'c1' : 'c2'}/${r.agent}`, r.usage]));
    expect(all).toHaveLength(3);
    expect(key(all)).toEqual({
      'c1/qwen': usage({ inputTokens: 11, outputTokens: 22, cost: 3 }),
      'c1/opencode': usage({ inputTokens: 5, reasoningTokens: 7 }),
      'c2/qwen': usage({ inputTokens: 1000, cacheReadTokens: 3, cacheWriteTokens: 4 }),
    });
    expect(key(t.store.turns.usageRows({ repoId: r1.id }))).toEqual({
      'c1/qwen': usage({ inputTokens: 11, outputTokens: 22, cost: 3 }),
      'c1/opencode': usage({ inputTokens: 5, reasoningTokens: 7 }),
    });
    // `since` is inclusive and counts turns by their start time.
    expect(key(t.store.turns.usageRows({ since: 200 }))).toEqual({
      'c1/qwen': usage({ inputTokens: 10, outputTokens: 20, cost: 2 }),
      'c1/opencode': usage({ inputTokens: 5, reasoningTokens: 7 }),
      'c2/qwen': usage({ inputTokens: 1000, cacheReadTokens: 3, cacheWriteTokens: 4 }),
    });
    expect(key(t.store.turns.usageRows({ repoId: r2.id, since: 401 }))).toEqual({});
  });
});

describe('agent sessions', () => {
  it('upsert inserts, then updates status without losing the external id or last use', async () => {
    await using t = await tempStore();
    const repo = t.store.repos.upsert('/r');
    const chat = t.store.chats.create(repo.id, 'c');
    t.store.sessions.upsert(chat.id, 'qwen', { externalSessionId: 'ext-1', status: 'busy', lastUsedAt: 10 });
    t.store.sessions.upsert(chat.id, 'qwen', { status: 'idle' });
    expect(t.store.sessions.get(chat.id, 'qwen')).toEqual({
      chatId: chat.id,
      agent: 'qwen',
      externalSessionId: 'ext-1',
      status: 'idle',
      lastUsedAt: 10,
      seenThroughOrdinal: 0,
      usage: emptyUsage(),
      reportedCost: null,
      costReported: false,
      context: null,
      model: null,
    });
    t.store.sessions.setReported(chat.id, 'qwen', { reportedCost: 0.5, context: { used: 10, size: 100 }, model: 'm1' });
    expect(t.store.sessions.get(chat.id, 'qwen')).toMatchObject({ reportedCost: 0.5, context: { used: 10, size: 100 }, model: 'm1' });
    // The same external session keeps its cumulative cost; another one starts from none.
    t.store.sessions.upsert(chat.id, 'qwen', { externalSessionId: 'ext-1', status: 'idle' });
    expect(t.store.sessions.get(chat.id, 'qwen')?.reportedCost).toBe(0.5);
    t.store.sessions.upsert(chat.id, 'qwen', { externalSessionId: 'ext-2', status: 'busy', lastUsedAt: 20 });
    expect(t.store.sessions.get(chat.id, 'qwen')).toMatchObject({ externalSessionId: 'ext-2', lastUsedAt: 20, status: 'busy', reportedCost: null });
    t.store.sessions.clearExternalSession(chat.id, 'qwen');
    expect(t.store.sessions.get(chat.id, 'qwen')?.externalSessionId).toBeNull();
    t.store.sessions.setStatus(chat.id, 'qwen', 'crashed');
    expect(t.store.sessions.get(chat.id, 'qwen')?.status).toBe('crashed');
    expect(t.store.sessions.get(chat.id, 'nobody')).toBeUndefined();
  });

  it('addUsage accumulates and setSeenThrough only moves forward', async () => {
    await using t = await tempStore();
    const repo = t.store.repos.upsert('/r');
    const chat = t.store.chats.create(repo.id, 'c');
    t.store.sessions.upsert(chat.id, 'qwen', { status: 'idle' });
    t.store.sessions.addUsage(chat.id, 'qwen', usage({ inputTokens: 3, outputTokens: 4, cost: 0.1 }));
    t.store.sessions.addUsage(chat.id, 'qwen', usage({ inputTokens: 7, reasoningTokens: 1, cacheReadTokens: 2, cacheWriteTokens: 5, cost: 0.2 }));
    const u = t.store.sessions.get(chat.id, 'qwen')!.usage;
    expect({ ...u, cost: Number(u.cost.toFixed(6)) }).toEqual(
      usage({ inputTokens: 10, outputTokens: 4, reasoningTokens: 1, cacheReadTokens: 2, cacheWriteTokens: 5, cost: 0.3 }),
    );

    t.store.sessions.setSeenThrough(chat.id, 'qwen', 5);
    t.store.sessions.setSeenThrough(chat.id, 'qwen', 3);
    expect(t.store.sessions.get(chat.id, 'qwen')?.seenThroughOrdinal).toBe(5);
    t.store.sessions.setSeenThrough(chat.id, 'qwen', 6);
    expect(t.store.sessions.get(chat.id, 'qwen')?.seenThroughOrdinal).toBe(6);
  });

  it('markAllNotLive turns idle and busy rows into evicted and leaves the rest', async () => {
    await using t = await tempStore();
    const repo = t.store.repos.upsert('/r');
    const chat = t.store.chats.create(repo.id, 'c');
    const statuses = { a: 'idle', b: 'busy', c: 'crashed', d: 'closed', e: 'evicted' } as const;
    for (const [agent, status] of Object.entries(statuses)) t.store.sessions.upsert(chat.id, agent, { status });
    t.store.sessions.markAllNotLive();
    expect(t.store.sessions.listByChat(chat.id).map((s) => [s.agent, s.status])).toEqual([
      ['a', 'evicted'],
      ['b', 'evicted'],
      ['c', 'crashed'],
      ['d', 'closed'],
      ['e', 'evicted'],
    ]);
  });
});

describe('pending changes', () => {
  const file = (p: string, agent: string | null, over: Partial<PendingFileRow> = {}): PendingFileRow => ({
    path: p,
    oldPath: null,
    status: 'modified',
    agent,
    additions: 1,
    deletions: 0,
    binary: false,
    ...over,
  });

  it('latest wins: recording twice makes the second current and supersedes the first', async () => {
    await using t = await tempStore();
    const repo = t.store.repos.upsert('/r');
    const chat = t.store.chats.create(repo.id, 'c');
    const other = t.store.chats.create(repo.id, 'other');
    expect(t.store.pendingChanges.current(chat.id)).toBeUndefined();

    const first = t.store.pendingChanges.record(chat.id, { baseCommit: 'base1', tree: 'tree1', files: [file('a.txt', 'qwen')] }, 10);
    const otherChange = t.store.pendingChanges.record(other.id, { baseCommit: 'b', tree: 't', files: [file('x', null)] }, 11);
    const second = t.store.pendingChanges.record(
      chat.id,
      {
        baseCommit: 'base1',
        tree: 'tree2',
        files: [
          file('z.bin', 'opencode', { status: 'added', binary: true, additions: 0 }),
          file('a.txt', 'qwen', { additions: 3, deletions: 2 }),
          file('new.txt', null, { status: 'renamed', oldPath: 'old.txt' }),
        ],
      },
      20,
    );

    expect(second.id).not.toBe(first.id);
    expect(t.store.pendingChanges.current(chat.id)).toEqual({
      id: second.id,
      chatId: chat.id,
      baseCommit: 'base1',
      tree: 'tree2',
      createdAt: 20,
      // Files come back sorted by path; binary is a boolean again.
      files: [
        file('a.txt', 'qwen', { additions: 3, deletions: 2 }),
        file('new.txt', null, { status: 'renamed', oldPath: 'old.txt' }),
        file('z.bin', 'opencode', { status: 'added', binary: true, additions: 0 }),
      ],
    });
    const rows = t.store.db.prepare('SELECT id, superseded_at AS supersededAt FROM pending_changes WHERE chat_id = ? ORDER BY id').all(chat.id);
    expect(rows).toEqual([
      { id: first.id, supersededAt: 20 },
      { id: second.id, supersededAt: null },
    ]);
    // Another chat's change is not superseded.
    expect(t.store.pendingChanges.current(other.id)).toEqual(otherChange);
  });
});

describe('agent config', () => {
  it('round-trips overrides with args and env as JSON, nulls as nulls, and updates in place', async () => {
    await using t = await tempStore();
    expect(t.store.agentConfig.list()).toEqual([]);
    t.store.agentConfig.upsert({ id: 'qwen', name: null, kind: 'acp', command: null, args: null, env: { OPENAI_API_KEY: 'k' } });
    t.store.agentConfig.upsert({ id: 'my-agent', name: 'Mine', kind: 'acp', command: '/bin/mine', args: ['--acp', 'x y'], env: null, sandbox: false });
    expect(t.store.agentConfig.list()).toEqual([
      { id: 'my-agent', name: 'Mine', kind: 'acp', command: '/bin/mine', args: ['--acp', 'x y'], env: null, sandbox: false },
      { id: 'qwen', name: null, kind: 'acp', command: null, args: null, env: { OPENAI_API_KEY: 'k' }, sandbox: null },
    ]);
    t.store.agentConfig.upsert({ id: 'qwen', name: 'Q', kind: 'acp', command: 'qwen2', args: [], env: null, sandbox: true });
    expect(t.store.agentConfig.get('qwen')).toEqual({ id: 'qwen', name: 'Q', kind: 'acp', command: 'qwen2', args: [], env: null, sandbox: true });
    expect(t.store.agentConfig.get('nope')).toBeUndefined();
    expect(count(t.store, 'agent_config')).toBe(2);
  });
});

describe('settings', () => {
  it('starts at the defaults and persists an update across reopen', async () => {
    await using dir = await tempDir('settings-');
    const file = path.join(dir.path, 'boocoder.db');
    const store = Store.open(file);
    try {
      expect(store.settings.get()).toEqual(DEFAULT_SETTINGS);
      const next = store.settings.update({ maxLiveSessions: 3, permissionPolicy: 'allow_edits' });
      expect(next).toEqual({ ...DEFAULT_SETTINGS, maxLiveSessions: 3, permissionPolicy: 'allow_edits' });
      // Only the keys that were set are stored; the rest keep following the defaults.
      expect(store.db.prepare('SELECT key FROM settings ORDER BY key').all()).toEqual([{ key: 'maxLiveSessions' }, { key: 'permissionPolicy' }]);
    } finally {
      store.close();
    }
    const reopened = Store.open(file);
    try {
      expect(reopened.settings.get()).toEqual({ ...DEFAULT_SETTINGS, maxLiveSessions: 3, permissionPolicy: 'allow_edits' });
    } finally {
      reopened.close();
    }
  });

  it('falls back to the defaults for stored values that are out of range, of the wrong type or not JSON', async () => {
    await using t = await tempStore();
    const put = t.store.db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)');
    put.run('maxLiveSessions', '0');
    expect(t.store.settings.get().maxLiveSessions).toBe(DEFAULT_SETTINGS.maxLiveSessions);
    put.run('maxLiveSessions', '"ten"');
    expect(t.store.settings.get().maxLiveSessions).toBe(DEFAULT_SETTINGS.maxLiveSessions);
    put.run('maxLiveSessions', '{not json');
    expect(t.store.settings.get().maxLiveSessions).toBe(DEFAULT_SETTINGS.maxLiveSessions);
    put.run('permissionPolicy', '"yolo"');
    expect(t.store.settings.get().permissionPolicy).toBe(DEFAULT_SETTINGS.permissionPolicy);
    // Keys the app does not know are ignored, not passed on.
    t.store.db.prepare('DELETE FROM settings').run();
    put.run('somethingElse', '1');
    expect(t.store.settings.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('update validates the result and stores nothing when it is invalid', async () => {
    await using t = await tempStore();
    expect(() => t.store.settings.update({ maxLiveSessions: 0 })).toThrow();
    expect(() => t.store.settings.update({ idleTtlMs: 5 })).toThrow();
    expect(() => t.store.settings.update({ maxLiveSessions: 2.5 })).toThrow();
    expect(count(t.store, 'settings')).toBe(0);
    expect(t.store.settings.get()).toEqual(DEFAULT_SETTINGS);
  });
});

describe('worktrees', () => {
  it('insert, update only the given fields, list per repo, delete', async () => {
    await using t = await tempStore();
    const repo = t.store.repos.upsert('/r');
    const chat = t.store.chats.create(repo.id, 'c');
    const row = t.store.worktrees.insert({ chatId: chat.id, repoId: repo.id, path: '/wt/c', branch: 'boocoder/c', baseCommit: 'abc', state: 'active' }, 5);
    expect(row).toEqual({
      chatId: chat.id,
      repoId: repo.id,
      path: '/wt/c',
      branch: 'boocoder/c',
      baseCommit: 'abc',
      lastSnapshot: null,
      state: 'active',
      archivedRef: null,
      flagReason: null,
      createdAt: 5,
      updatedAt: 5,
    });
    t.store.worktrees.update(chat.id, { state: 'archived', archivedRef: 'refs/boocoder/c', lastSnapshot: undefined }, 9);
    expect(t.store.worktrees.get(chat.id)).toMatchObject({ state: 'archived', archivedRef: 'refs/boocoder/c', baseCommit: 'abc', updatedAt: 9 });
    expect(t.store.worktrees.listByRepo(repo.id)).toHaveLength(1);
    t.store.worktrees.delete(chat.id);
    expect(t.store.worktrees.get(chat.id)).toBeUndefined();
  });
});

describe('cascades', () => {
  it('deleting a chat removes its turns, transcript, sessions, worktree row and pending changes, and nothing of other chats', async () => {
    await using t = await tempStore();
    const repo = t.store.repos.upsert('/r');
    const fill = (title: string) => {
      const chat = t.store.chats.create(repo.id, title);
      const turn = t.store.turns.create({ chatId: chat.id, agent: 'qwen', prompt: 'p', model: null, status: 'done' });
      t.store.turns.writeParts(turn.id, [{ idx: 0, part: { kind: 'text', text: 'hi' } }]);
      t.store.sessions.upsert(chat.id, 'qwen', { status: 'idle' });
      t.store.worktrees.insert({ chatId: chat.id, repoId: repo.id, path: `/wt/${title}`, branch: title, baseCommit: 'abc', state: 'active' });
      t.store.pendingChanges.record(chat.id, {
        baseCommit: 'abc',
        tree: 't',
        files: [{ path: 'a', oldPath: null, status: 'added', agent: 'qwen', additions: 1, deletions: 0, binary: false }],
      });
      return chat;
    };
    const gone = fill('gone');
    const kept = fill('kept');
    const tables = ['turns', 'transcript_parts', 'agent_sessions', 'worktrees', 'pending_changes', 'pending_change_files'];
    for (const table of tables) expect(count(t.store, table)).toBe(2);

    t.store.db.prepare('DELETE FROM chats WHERE id = ?').run(gone.id);

    for (const table of tables) expect(count(t.store, table), table).toBe(1);
    expect(t.store.turns.listByChat(kept.id)).toHaveLength(1);
    expect(t.store.pendingChanges.current(kept.id)?.files).toHaveLength(1);
  });

  it('deleting a repo removes its chats and everything under them', async () => {
    await using t = await tempStore();
    const repo = t.store.repos.upsert('/r');
    const chat = t.store.chats.create(repo.id, 'c');
    t.store.turns.create({ chatId: chat.id, agent: 'qwen', prompt: 'p', model: null, status: 'done' });
    t.store.db.prepare('DELETE FROM repos WHERE id = ?').run(repo.id);
    expect(count(t.store, 'chats')).toBe(0);
    expect(count(t.store, 'turns')).toBe(0);
  });
});
