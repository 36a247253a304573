import { describe, expect, it } from 'vitest';
import type { Risk } from '../../../src-preload/contract';
import { decideReap, reapCandidates, type ReapAction, type ReaperSnapshot } from '../../../src-main/core/worktrees/reaper-policy';

const HOUR = 3_600_000;
const NOW = 100 * HOUR;
const ROOT = '/data/worktrees';
const REPO = '/src/repo';
const CLEAN: Risk = { unappliedFiles: [], dirtyFiles: [], unpushedCommits: [] };

type Row = ReaperSnapshot['rows'][number];
const row = (chatId: string, state: Row['state'] = 'active', extra: Partial<Row> = {}): Row => ({
  chatId,
  path: `${ROOT}/${chatId}`,
  state,
  flagReason: null,
  updatedAt: NOW - 5 * HOUR,
  ...extra,
});
const reg = (chatId: string, prunable = false) => ({ repoPath: REPO, path: `${ROOT}/${chatId}`, prunable });

function snap(partial: Partial<ReaperSnapshot>): ReaperSnapshot {
  return { now: NOW, graceMs: HOUR, rows: [], chats: [], gitWorktrees: [], folders: [], risk: {}, ...partial };
}

/** A worktree of chat `c` that exists on disk and in git's registry. */
const present = (c: string) => ({ gitWorktrees: [reg(c)], folders: [`${ROOT}/${c}`] });

interface Case {
  name: string;
  snapshot: ReaperSnapshot;
  expected: ReapAction[];
}

const cases: Case[] = [
  {
    name: 'live chat: keep',
    snapshot: snap({ rows: [row('c')], chats: [{ id: 'c', archivedAt: null }], ...present('c') }),
    expected: [{ kind: 'keep', chatId: 'c', reason: 'chat is live' }],
  },
  {
    name: 'archived chat within the grace period: keep',
    snapshot: snap({ rows: [row('c')], chats: [{ id: 'c', archivedAt: NOW - 30 * 60_000 }], ...present('c'), risk: { c: CLEAN } }),
    expected: [{ kind: 'keep', chatId: 'c', reason: 'within the grace period' }],
  },
  {
    name: 'archived chat past grace, clean: archive then remove',
    snapshot: snap({ rows: [row('c')], chats: [{ id: 'c', archivedAt: NOW - 2 * HOUR }], ...present('c'), risk: { c: CLEAN } }),
    expected: [{ kind: 'archive', chatId: 'c' }],
  },
  {
    name: 'grace is a parameter: with 3 h grace the same chat is kept',
    snapshot: snap({ graceMs: 3 * HOUR, rows: [row('c')], chats: [{ id: 'c', archivedAt: NOW - 2 * HOUR }], ...present('c'), risk: { c: CLEAN } }),
    expected: [{ kind: 'keep', chatId: 'c', reason: 'within the grace period' }],
  },
  {
    name: 'past grace with dirty files: keep and flag',
    snapshot: snap({ rows: [row('c')], chats: [{ id: 'c', archivedAt: NOW - 2 * HOUR }], ...present('c'), risk: { c: { ...CLEAN, dirtyFiles: ['a', 'b'] } } }),
    expected: [{ kind: 'flag', chatId: 'c', reason: '2 dirty file(s)' }],
  },
  {
    name: 'past grace with unapplied files and unpushed commits: flag with both reasons',
    snapshot: snap({
      rows: [row('c')],
      chats: [{ id: 'c', archivedAt: NOW - 2 * HOUR }],
      ...present('c'),
      risk: { c: { ...CLEAN, unappliedFiles: ['x'], unpushedCommits: ['abc'] } },
    }),
    expected: [{ kind: 'flag', chatId: 'c', reason: '1 unapplied file(s), 1 unpushed commit(s)' }],
  },
  {
    name: 'past grace but no preflight result: keep (never remove blind)',
    snapshot: snap({ rows: [row('c')], chats: [{ id: 'c', archivedAt: NOW - 2 * HOUR }], ...present('c') }),
    expected: [{ kind: 'keep', chatId: 'c', reason: 'preflight unavailable' }],
  },
  {
    name: 'chat deleted: grace counts from the row, then archive when clean',
    snapshot: snap({ rows: [row('c', 'active', { updatedAt: NOW - 2 * HOUR })], ...present('c'), risk: { c: CLEAN } }),
    expected: [{ kind: 'archive', chatId: 'c' }],
  },
  {
    name: 'flagged worktree whose chat is live again: unflag',
    snapshot: snap({ rows: [row('c', 'flagged', { flagReason: 'x' })], chats: [{ id: 'c', archivedAt: null }], ...present('c') }),
    expected: [{ kind: 'unflag', chatId: 'c' }],
  },
  {
    name: 'flagged worktree now clean past grace: archive',
    snapshot: snap({ rows: [row('c', 'flagged')], chats: [{ id: 'c', archivedAt: NOW - 5 * HOUR }], ...present('c'), risk: { c: CLEAN } }),
    expected: [{ kind: 'archive', chatId: 'c' }],
  },
  {
    name: 'folder deleted by hand, still registered: mark missing and prune',
    snapshot: snap({ rows: [row('c')], chats: [{ id: 'c', archivedAt: null }], gitWorktrees: [reg('c', true)] }),
    expected: [
      { kind: 'markMissing', chatId: 'c' },
      { kind: 'prune', repoPath: REPO, paths: [`${ROOT}/c`] },
    ],
  },
  {
    name: 'row with no folder and no registry entry: mark missing only',
    snapshot: snap({ rows: [row('c')], chats: [{ id: 'c', archivedAt: null }] }),
    expected: [{ kind: 'markMissing', chatId: 'c' }],
  },
  {
    name: 'missing row whose folder came back: adopt',
    snapshot: snap({ rows: [row('c', 'missing')], chats: [{ id: 'c', archivedAt: null }], ...present('c') }),
    expected: [{ kind: 'adopt', chatId: 'c' }],
  },
  {
    name: 'missing row, still nothing there: keep',
    snapshot: snap({ rows: [row('c', 'missing')], chats: [{ id: 'c', archivedAt: null }] }),
    expected: [{ kind: 'keep', chatId: 'c', reason: 'missing' }],
  },
  {
    name: 'archived row, folder gone, registry entry left: prune',
    snapshot: snap({ rows: [row('c', 'archived')], chats: [{ id: 'c', archivedAt: 1 }], gitWorktrees: [reg('c', true)] }),
    expected: [{ kind: 'prune', repoPath: REPO, paths: [`${ROOT}/c`] }],
  },
  {
    name: 'archived row whose folder is still on disk: flag, do not delete',
    snapshot: snap({ rows: [row('c', 'archived')], chats: [{ id: 'c', archivedAt: 1 }], ...present('c') }),
    expected: [{ kind: 'flagUnknown', path: `${ROOT}/c`, reason: 'chat c is archived but its folder is still here' }],
  },
  {
    name: 'a registered worktree under the root with no row: flag, never delete',
    snapshot: snap({ ...present('stray') }),
    expected: [{ kind: 'flagUnknown', path: `${ROOT}/stray`, reason: 'a git worktree with no chat: left alone, it may hold unsaved work' }],
  },
  {
    name: 'a registered worktree with no row and no folder: prune the registry',
    snapshot: snap({ gitWorktrees: [reg('stray', true)] }),
    expected: [{ kind: 'prune', repoPath: REPO, paths: [`${ROOT}/stray`] }],
  },
  {
    name: 'a plain folder under the root: flag',
    snapshot: snap({ folders: [`${ROOT}/junk`] }),
    expected: [{ kind: 'flagUnknown', path: `${ROOT}/junk`, reason: 'a folder with no chat and no git worktree: left alone' }],
  },
  {
    name: 'prunes are grouped per repository',
    snapshot: snap({
      rows: [row('a'), row('b')],
      chats: [
        { id: 'a', archivedAt: null },
        { id: 'b', archivedAt: null },
      ],
      gitWorktrees: [reg('a', true), reg('b', true)],
    }),
    expected: [
      { kind: 'markMissing', chatId: 'a' },
      { kind: 'markMissing', chatId: 'b' },
      { kind: 'prune', repoPath: REPO, paths: [`${ROOT}/a`, `${ROOT}/b`] },
    ],
  },
];

describe('decideReap', () => {
  it.each(cases)('$name', ({ snapshot, expected }) => {
    expect(decideReap(snapshot)).toEqual(expected);
  });

  it('never produces archive for a chat whose preflight reports anything', () => {
    for (const key of ['dirtyFiles', 'unappliedFiles', 'unpushedCommits'] as const) {
      const s = snap({ rows: [row('c')], chats: [{ id: 'c', archivedAt: 0 }], ...present('c'), risk: { c: { ...CLEAN, [key]: ['x'] } } });
      expect(decideReap(s).map((a) => a.kind)).toEqual(['flag']);
    }
  });
});

describe('reapCandidates', () => {
  it('asks for a preflight only where the decision depends on it', () => {
    const s = snap({
      rows: [row('live'), row('old'), row('recent'), row('gone'), row('arch', 'archived')],
      chats: [
        { id: 'live', archivedAt: null },
        { id: 'old', archivedAt: NOW - 2 * HOUR },
        { id: 'recent', archivedAt: NOW - 60_000 },
        { id: 'gone', archivedAt: NOW - 2 * HOUR },
        { id: 'arch', archivedAt: NOW - 2 * HOUR },
      ],
      folders: ['live', 'old', 'recent', 'arch'].map((c) => `${ROOT}/${c}`),
    });
    expect(reapCandidates(s)).toEqual(['old']);
  });
});
