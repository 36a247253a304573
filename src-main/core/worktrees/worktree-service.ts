import { existsSync } from 'node:fs';
import { mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { ChangedFile, Risk } from '../../../src-preload/contract';
import { AppError } from '../errors';
import type { PendingChange, PendingFileRow } from '../store/pending-changes-store';
import type { Store } from '../store/store';
import type { WorktreeRow } from '../store/worktrees-store';
import { applyToCheckout } from './apply-to-checkout';
import { attribute, attributionMap } from './attribution';
import { git, gitResult, revExists } from './git-runner';
import { KeyedMutex } from './keyed-mutex';
import { runReaper, type ReapReport, type ScratchWorktrees } from './reaper';
import { rebaseline } from './rebaseline';
import { assertSafeChatId, branchFor, refs } from './refs';
import { changedPaths, diffTrees, diffTreesWithText, MAX_FILE_DIFF_CHARS, type DiffEntry } from './tree-diff';
import {
  branchExists,
  commitTree,
  deleteRef,
  headCommit,
  pruneWorktrees,
  resolve,
  treeOf,
  unpushedCommits,
  updateRef,
  writeTreeFiles,
} from './worktree-git';
import { WorktreeSnapshots } from './worktree-snapshots';

export type { ReapReport } from './reaper';

export interface WorktreeServiceOptions {
  store: Store;
  /** <dataDir>/worktrees: one folder per chat, named by chat id. */
  worktreesRoot: string;
  now?: () => number;
  /** Where the private snapshot indexes live; default <dataDir>/worktree-index (next to worktreesRoot). */
  indexRoot?: string;
  /** A worktree with more directories is not watched for changes; its every snapshot runs git. */
  maxWatchedDirs?: number;
}

/** What withWorktree hands its work: the chat's worktree as of now, under the chat's lock. */
export interface WorktreeAccess {
  row: WorktreeRow;
  repoPath: string;
  /** The worktree's snapshot tree now (the pending change's tree). */
  tree: string;
  pending: PendingChange | undefined;
  /** A turn of this chat is between beginTurn and endTurn: its agent may be writing files. */
  turnRunning: boolean;
  /** Records `newBase` as the chat's base and the pending change against it (files already moved); attribution is kept. */
  rebase(newBase: string): Promise<PendingChange>;
}

const EMPTY_RISK: Risk = { unappliedFiles: [], dirtyFiles: [], unpushedCommits: [] };

export const isAtRisk = (r: Risk): boolean => r.unappliedFiles.length > 0 || r.dirtyFiles.length > 0 || r.unpushedCommits.length > 0;

export function describeRisk(r: Risk): string {
  const parts: string[] = [];
  if (r.unappliedFiles.length) parts.push(`${r.unappliedFiles.length} unapplied file(s): ${r.unappliedFiles.slice(0, 10).join(', ')}`);
  if (r.dirtyFiles.length) parts.push(`${r.dirtyFiles.length} file(s) edited since the last turn: ${r.dirtyFiles.slice(0, 10).join(', ')}`);
  if (r.unpushedCommits.length) parts.push(`${r.unpushedCommits.length} unpushed commit(s): ${r.unpushedCommits.slice(0, 5).map((c) => c.slice(0, 10)).join(', ')}`);
  return parts.join('; ');
}

/**
 * One persistent git worktree per chat, its snapshots, the chat's pending change with per-file
 * attribution, apply/discard, the work-loss guard, archive/restore and the reaper.
 *
 * Decisions callers rely on:
 * - Pending change = diff(base_commit → latest snapshot), recorded latest-wins. Edits made outside
 *   a turn are folded in as the user's own (agent null) whenever the service next looks: at
 *   beginTurn, getChanges, apply, discard and archive. risk() only looks, it never records.
 * - Risk.dirtyFiles = paths whose content in the worktree differs from the last recorded snapshot
 *   (edits not yet in the pending change: the user's, or an agent's mid-turn). unappliedFiles =
 *   paths of the recorded pending change. unpushedCommits = commits on the worktree's HEAD that are
 *   in no other branch (boocoder/* excluded), no remote branch, not the checkout's HEAD and not the
 *   base.
 * - apply writes the working tree of the user's checkout only (never its index, never a commit),
 *   then re-baselines: the new base is a commit "old base + the applied files" kept by
 *   refs/boocoder/base/<chatId>, off the worktree branch (see rebaseline.ts for why).
 * - Turns within one chat must not overlap: the snapshot delta of a turn is everything that
 *   changed in the shared worktree while it ran. endTurn must be called even when a turn fails
 *   or is cancelled (the partial edits are that agent's).
 *
 * All git work for a chat runs under a per-chat lock. State lives in git (trees, refs) and in the
 * store (worktrees row, pending change rows); nothing needed for correctness is kept in memory,
 * so a restart — even in the middle of a turn — loses nothing. The one in-memory fact is which
 * chats have a turn running, used only to avoid folding an agent's half-done edits into the
 * pending change as the user's own.
 */
export class WorktreeService {
  private readonly store: Store;
  private readonly root: string;
  private readonly snapshots: WorktreeSnapshots;
  private readonly now: () => number;
  private readonly lock = new KeyedMutex();
  private readonly turnsRunning = new Map<string, number>();
  private realRoot: string | null = null;

  constructor(options: WorktreeServiceOptions) {
    this.store = options.store;
    this.root = path.resolve(options.worktreesRoot);
    this.now = options.now ?? Date.now;
    this.snapshots = new WorktreeSnapshots({
      indexRoot: path.resolve(options.indexRoot ?? path.join(path.dirname(this.root), 'worktree-index')),
      now: this.now,
      ...(options.maxWatchedDirs !== undefined ? { maxWatchedDirs: options.maxWatchedDirs } : {}),
    });
  }

  /** The folder that holds every chat's worktree (as git reports it: symlinks resolved). */
  async worktreesRoot(): Promise<string> {
    if (!this.realRoot) {
      await mkdir(this.root, { recursive: true });
      this.realRoot = await realpath(this.root);
    }
    return this.realRoot;
  }

  /** Where a chat's worktree, branch and private snapshot index are (whether or not they exist yet). */
  async pathsFor(chatId: string): Promise<{ worktree: string; branch: string; snapshotIndex: string }> {
    assertSafeChatId(chatId);
    return { worktree: path.join(await this.worktreesRoot(), chatId), branch: branchFor(chatId), snapshotIndex: this.snapshots.indexFile(chatId) };
  }

  ensure(chatId: string): Promise<WorktreeRow> {
    return this.lock.run(chatId, () => this.ensureLocked(chatId));
  }

  /**
   * Readies the chat's worktree for its first turn ahead of time (a pre-warm): created if needed,
   * snapshotted and watched, so the turn's "before" snapshot is answered from the watcher instead
   * of git. Edits found are the user's, as they would be at the turn's start.
   */
  prepare(chatId: string): Promise<{ path: string }> {
    return this.lock.run(chatId, async () => {
      const row = await this.ensureLocked(chatId);
      await this.syncLocked(row, { watch: true });
      return { path: row.path };
    });
  }

  beginTurn(chatId: string): Promise<{ treeBefore: string; path: string }> {
    return this.lock.run(chatId, async () => {
      const row = await this.ensureLocked(chatId);
      // Whatever changed since the last snapshot happened between turns: the user's own edits.
      const treeBefore = await this.syncLocked(row, { watch: true });
      this.turnsRunning.set(chatId, (this.turnsRunning.get(chatId) ?? 0) + 1);
      return { treeBefore, path: row.path };
    });
  }

  endTurn(chatId: string, agent: string, before: { treeBefore: string }): Promise<{ changedPaths: string[] }> {
    return this.lock.run(chatId, async () => {
      const n = (this.turnsRunning.get(chatId) ?? 1) - 1;
      if (n <= 0) this.turnsRunning.delete(chatId);
      else this.turnsRunning.set(chatId, n);
      const row = await this.ensureLocked(chatId);
      const repoPath = this.repoPathOf(row);
      const { tree, entries } = await this.snapshots.take(chatId, row.path, { diffFrom: row.baseCommit, watch: true });
      // A turn that changed nothing ends on the tree it began with: no git process to confirm it.
      const from =
        before.treeBefore === tree || (/^[0-9a-f]{40}$/.test(before.treeBefore) && (await revExists(repoPath, before.treeBefore))) ? before.treeBefore : await this.lastTree(row);
      const touched = await changedPaths(repoPath, from, tree);
      const current = this.store.pendingChanges.current(chatId);
      if (touched.size > 0 || !current || current.tree !== tree || current.baseCommit !== row.baseCommit) {
        await this.recordLocked(row, tree, touched, agent, entries);
      }
      return { changedPaths: [...touched].sort() };
    });
  }

  /**
   * The chat's worktree as it is now, for a fork (an arena): edits made since the last turn are
   * folded into the pending change as the user's first, then its snapshot tree is returned with
   * the worktree's HEAD and the repository it belongs to.
   */
  snapshotForFork(chatId: string): Promise<{ tree: string; head: string; path: string; repoPath: string }> {
    return this.lock.run(chatId, async () => {
      const row = await this.ensureLocked(chatId);
      const tree = await this.syncLocked(row, { watch: true });
      return { tree, head: (await headCommit(row.path)) ?? row.baseCommit, path: row.path, repoPath: this.repoPathOf(row) };
    });
  }

  getChanges(chatId: string): Promise<{ files: ChangedFile[]; agents: string[] }> {
    return this.lock.run(chatId, async () => {
      const row = this.store.worktrees.get(chatId);
      if (!row) return { files: [], agents: [] };
      if (row.state !== 'archived' && this.folderExists(row)) await this.syncLocked(row);
      const pending = this.store.pendingChanges.current(chatId);
      if (!pending || pending.files.length === 0) return { files: [], agents: [] };
      const repoPath = this.repoPathOf(row);
      const { texts } = await diffTreesWithText(repoPath, pending.baseCommit, pending.tree);
      const files: ChangedFile[] = [];
      for (const f of pending.files) {
        let text = texts.get(f.path);
        if (!text) {
          const only = await git(repoPath, ['--literal-pathspecs', 'diff-tree', '-r', '-M', '-p', '--no-color', pending.baseCommit, pending.tree, '--', ...(f.oldPath ? [f.oldPath, f.path] : [f.path])]);
          text = { diff: only.slice(0, MAX_FILE_DIFF_CHARS), truncated: only.length > MAX_FILE_DIFF_CHARS };
        }
        files.push({
          path: f.path,
          ...(f.oldPath ? { oldPath: f.oldPath } : {}),
          status: f.status,
          agent: f.agent,
          additions: f.additions,
          deletions: f.deletions,
          binary: f.binary,
          diff: text.diff,
          truncated: text.truncated,
        });
      }
      const agents = [...new Set(pending.files.map((f) => f.agent).filter((a): a is string => a !== null))].sort();
      return { files, agents };
    });
  }

  apply(chatId: string, paths?: string[]): Promise<{ applied: string[] }> {
    return this.lock.run(chatId, async () => {
      const row = await this.activeRow(chatId);
      await this.syncLocked(row);
      const pending = this.store.pendingChanges.current(chatId);
      const selected = selectFiles(pending, paths);
      if (selected.length === 0) return { applied: [] };
      const repoPath = this.repoPathOf(row);
      const tree = pending!.tree;
      const wanted = new Set(selected.map((f) => f.path));
      const entries = (await diffTrees(repoPath, row.baseCommit, tree)).filter((e) => wanted.has(e.path));
      await applyToCheckout(repoPath, row.baseCommit, tree, entries);
      const newBase = await rebaseline(repoPath, row.baseCommit, entries, `boocoder: ${entries.length} file(s) of chat ${chatId} applied to the checkout`);
      await updateRef(repoPath, refs.base(chatId), newBase);
      this.store.worktrees.update(chatId, { baseCommit: newBase }, this.now());
      await this.recordLocked({ ...row, baseCommit: newBase }, tree, new Set(), null);
      return { applied: entries.map((e) => e.path).sort() };
    });
  }

  discard(chatId: string, paths?: string[]): Promise<{ discarded: string[] }> {
    return this.lock.run(chatId, async () => {
      const row = await this.activeRow(chatId);
      const before = await this.syncLocked(row);
      const pending = this.store.pendingChanges.current(chatId);
      const selected = selectFiles(pending, paths);
      if (selected.length === 0) return { discarded: [] };
      const repoPath = this.repoPathOf(row);
      // Keep what is about to be reverted reachable: a discard is a decision, never a loss.
      const previous = (await revExists(repoPath, refs.discarded(chatId))) ? await resolve(repoPath, refs.discarded(chatId)) : null;
      const keep = await commitTree(repoPath, before, previous ? [previous] : [row.baseCommit], `boocoder: state of chat ${chatId} before discarding ${selected.length} file(s)`);
      await updateRef(repoPath, refs.discarded(chatId), keep);
      const targets = [...new Set(selected.flatMap((f) => (f.oldPath ? [f.oldPath, f.path] : [f.path])))];
      await writeTreeFiles(row.path, await treeOf(repoPath, row.baseCommit), targets);
      const tree = await this.snapshotOf(row);
      await this.recordLocked(row, tree, new Set(), null);
      return { discarded: selected.map((f) => f.path).sort() };
    });
  }

  /**
   * Runs `work` under the chat's lock on its active worktree, with edits made since the last
   * snapshot already folded into the pending change (as apply does). For the operations that
   * move the worktree's branch or base (commit, update from the main branch), which live in
   * their own files; `rebase` re-bases the pending change on a new base commit, attribution kept.
   */
  withWorktree<T>(chatId: string, work: (access: WorktreeAccess) => Promise<T>): Promise<T> {
    return this.lock.run(chatId, async () => {
      const row = await this.activeRow(chatId);
      const tree = await this.syncLocked(row);
      const repoPath = this.repoPathOf(row);
      return work({
        row,
        repoPath,
        tree,
        pending: this.store.pendingChanges.current(chatId),
        turnRunning: this.turnsRunning.has(chatId),
        rebase: async (newBase) => {
          await updateRef(repoPath, refs.base(chatId), newBase);
          this.store.worktrees.update(chatId, { baseCommit: newBase }, this.now());
          const moved = { ...row, baseCommit: newBase };
          return this.recordLocked(moved, await this.snapshotOf(moved), new Set(), null);
        },
      });
    });
  }

  risk(chatId: string): Promise<Risk> {
    return this.lock.run(chatId, () => this.riskLocked(chatId));
  }

  archive(chatId: string, options: { force?: boolean } = {}): Promise<void> {
    return this.lock.run(chatId, () => this.archiveLocked(chatId, options.force ?? false));
  }

  restore(chatId: string): Promise<void> {
    return this.lock.run(chatId, async () => {
      const row = this.store.worktrees.get(chatId);
      if (!row) throw new AppError('NotFound', `Chat ${chatId} has no worktree to restore.`);
      if (row.state !== 'archived') {
        await this.ensureLocked(chatId);
        return;
      }
      if (!row.archivedRef) throw new AppError('NotFound', `Chat ${chatId} was archived without a ref; nothing to restore from.`);
      const repoPath = this.repoPathOf(row);
      const archived = await resolve(repoPath, `${row.archivedRef}^{commit}`);
      await this.materialize(row, archived);
      this.store.worktrees.update(chatId, { state: 'active', flagReason: null }, this.now());
    });
  }

  /** One reaper pass; `scratch` names the worktrees that are not chats' (arena contestants'). */
  reap(scratch?: ScratchWorktrees): Promise<ReapReport> {
    return runReaper({
      ...(scratch ? { scratch } : {}),
      store: this.store,
      now: this.now(),
      graceMs: this.store.settings.get().reaperGraceMs,
      worktreesRoot: () => this.worktreesRoot(),
      risk: (chatId) => this.risk(chatId),
      archive: (chatId) => this.archive(chatId, { force: false }),
      withLock: (chatId, work) => this.lock.run(chatId, work),
      dropIndex: (chatId) => this.snapshots.forget(chatId),
    });
  }

  /** How many snapshots were reused because a watcher proved the worktree untouched, and how many ran git. */
  get snapshotCounts(): { reused: number; taken: number } {
    return { ...this.snapshots.counts };
  }

  /** Stops watching worktrees for changes (the app is shutting down). */
  close(): void {
    this.snapshots.close();
  }

  // ——— internals (callers hold the chat's lock) ———

  private async snapshotOf(row: WorktreeRow): Promise<string> {
    return (await this.snapshots.take(row.chatId, row.path)).tree;
  }

  private repoPathOf(row: WorktreeRow): string {
    const repo = this.store.repos.get(row.repoId);
    if (!repo) throw new AppError('NotFound', `Repository ${row.repoId} is not known.`);
    return repo.path;
  }

  /**
   * Whether the worktree's folder is still there. Checked on every turn: one stat of a local file
   * takes microseconds, less than a round trip through libuv's thread pool would.
   */
  private folderExists(row: WorktreeRow): boolean {
    return existsSync(path.join(row.path, '.git'));
  }

  private async activeRow(chatId: string): Promise<WorktreeRow> {
    const row = this.store.worktrees.get(chatId);
    if (!row) throw new AppError('NotFound', `Chat ${chatId} has no worktree yet.`);
    if (row.state === 'archived') throw new AppError('ChatArchived', `Chat ${chatId} is archived; restore it first.`);
    return this.ensureLocked(chatId);
  }

  private async lastTree(row: WorktreeRow): Promise<string> {
    return row.lastSnapshot ?? (await treeOf(this.repoPathOf(row), row.baseCommit));
  }

  private async ensureLocked(chatId: string): Promise<WorktreeRow> {
    assertSafeChatId(chatId);
    const chat = this.store.chats.get(chatId);
    if (!chat) throw new AppError('NotFound', `No chat ${chatId}.`);
    const existing = this.store.worktrees.get(chatId);
    if (existing) {
      if (existing.state === 'archived') throw new AppError('ChatArchived', `Chat ${chatId} is archived; restore it first.`);
      if (this.folderExists(existing)) {
        if (existing.state !== 'missing') return existing;
        this.store.worktrees.update(chatId, { state: 'active' }, this.now());
        return this.store.worktrees.get(chatId)!;
      }
      // The folder was deleted behind our back: rebuild it from the last snapshot we kept.
      const repoPath = this.repoPathOf(existing);
      const snap = (await revExists(repoPath, refs.snapshot(chatId))) ? await resolve(repoPath, refs.snapshot(chatId)) : null;
      await pruneWorktrees(repoPath);
      await this.materialize(existing, snap);
      this.store.worktrees.update(chatId, { state: 'active' }, this.now());
      return this.store.worktrees.get(chatId)!;
    }

    const repo = this.store.repos.get(chat.repoId);
    if (!repo) throw new AppError('NotFound', `Repository ${chat.repoId} is not known.`);
    const head = await headCommit(repo.path);
    if (!head) throw new AppError('Unsupported', `${repo.path} has no commit yet; a chat's worktree starts from HEAD.`);
    const { worktree, branch } = await this.pathsFor(chatId);
    let base = head;
    if (await branchExists(repo.path, branch)) {
      // A branch left from an earlier life of this chat id: reuse it rather than overwrite its commits.
      await git(repo.path, ['worktree', 'add', '--quiet', worktree, branch]);
      base = await resolve(repo.path, `refs/heads/${branch}`);
    } else {
      await git(repo.path, ['worktree', 'add', '--quiet', '-b', branch, worktree, head]);
    }
    await this.snapshots.forget(chatId);
    return this.store.worktrees.insert({ chatId, repoId: repo.id, path: worktree, branch, baseCommit: base, state: 'active' }, this.now());
  }

  /**
   * (Re)creates the chat's worktree folder at row.path on its branch, then makes its files equal
   * `state` (a commit of a full snapshot) when given. The worktree's index stays at HEAD, so what
   * was uncommitted or untracked is so again.
   */
  private async materialize(row: WorktreeRow, state: string | null): Promise<void> {
    const repoPath = this.repoPathOf(row);
    await mkdir(path.dirname(row.path), { recursive: true });
    const parent = state ? (await gitResult(repoPath, ['rev-parse', '--verify', '--quiet', `${state}^1`], { okCodes: [1, 128] })).stdout.trim() : '';
    if (await branchExists(repoPath, row.branch)) {
      await git(repoPath, ['worktree', 'add', '--quiet', row.path, row.branch]);
    } else {
      await git(repoPath, ['worktree', 'add', '--quiet', '-b', row.branch, row.path, parent || row.baseCommit]);
    }
    await this.snapshots.forget(row.chatId);
    if (state) await writeTreeFiles(row.path, await treeOf(repoPath, state));
  }

  /**
   * Folds edits made since the last snapshot into the pending change as the user's own (agent
   * null), unless a turn is running in this chat (then they are the agent's and endTurn will
   * claim them). Returns the current snapshot tree.
   */
  private async syncLocked(row: WorktreeRow, options: { watch?: boolean } = {}): Promise<string> {
    const tree = (await this.snapshots.take(row.chatId, row.path, options)).tree;
    if (this.turnsRunning.has(row.chatId)) return tree;
    const last = await this.lastTree(row);
    const current = this.store.pendingChanges.current(row.chatId);
    if (tree !== last || !current || current.baseCommit !== row.baseCommit) {
      await this.recordLocked(row, tree, await changedPaths(this.repoPathOf(row), last, tree), null);
    }
    return tree;
  }

  /** Records diff(base → tree) as the chat's pending change and `tree` as its last snapshot, atomically. */
  private async recordLocked(row: WorktreeRow, tree: string, touched: ReadonlySet<string>, actor: string | null, known?: DiffEntry[]): Promise<PendingChange> {
    const repoPath = this.repoPathOf(row);
    const entries: DiffEntry[] = known ?? (await diffTrees(repoPath, row.baseCommit, tree));
    const previous = this.store.pendingChanges.current(row.chatId);
    const files = attribute(entries, attributionMap(previous?.files), touched, actor);
    // Keep the snapshot reachable so gc never collects the pending change's tree.
    const snapCommit = await commitTree(repoPath, tree, [row.baseCommit], `boocoder: snapshot of chat ${row.chatId}`);
    await updateRef(repoPath, refs.snapshot(row.chatId), snapCommit);
    const now = this.now();
    let recorded: PendingChange | undefined;
    this.store.db.transaction(() => {
      recorded = this.store.pendingChanges.record(row.chatId, { baseCommit: row.baseCommit, tree, files }, now);
      this.store.worktrees.update(row.chatId, { lastSnapshot: tree }, now);
    })();
    return recorded!;
  }

  private async riskLocked(chatId: string): Promise<Risk> {
    const row = this.store.worktrees.get(chatId);
    if (!row) return { ...EMPTY_RISK };
    const pending = this.store.pendingChanges.current(chatId);
    const unappliedFiles = (pending?.files ?? []).map((f) => f.path).sort();
    if (row.state === 'archived' || !this.folderExists(row)) return { ...EMPTY_RISK, unappliedFiles };
    const repoPath = this.repoPathOf(row);
    const tree = await this.snapshotOf(row);
    const dirtyFiles = [...(await changedPaths(repoPath, await this.lastTree(row), tree))].sort();
    const head = await headCommit(row.path);
    const unpushed = head ? await unpushedCommits(repoPath, head, row.baseCommit) : [];
    return { unappliedFiles, dirtyFiles, unpushedCommits: unpushed };
  }

  private async archiveLocked(chatId: string, force: boolean): Promise<void> {
    const row = this.store.worktrees.get(chatId);
    if (!row || row.state === 'archived') return;
    const risk = await this.riskLocked(chatId);
    if (isAtRisk(risk) && !force) {
      throw new AppError('ChatAtRisk', `Archiving chat ${chatId} would put work at risk: ${describeRisk(risk)}. Apply or discard it, or archive with force (a ref keeps everything).`, risk);
    }
    const repoPath = this.repoPathOf(row);
    const archiveRef = refs.archive(chatId);
    if (!this.folderExists(row)) {
      // Nothing on disk any more: the last kept snapshot is the best record of the chat's state.
      if (await revExists(repoPath, refs.snapshot(chatId))) await updateRef(repoPath, archiveRef, await resolve(repoPath, refs.snapshot(chatId)));
      await pruneWorktrees(repoPath);
      this.store.worktrees.update(chatId, { state: 'archived', archivedRef: archiveRef }, this.now());
      return;
    }
    // Fold edits since the last turn into the pending change so a restore brings them back as pending.
    const tree = this.turnsRunning.has(chatId) ? await this.snapshotOf(row) : await this.syncLocked(row);
    const head = await headCommit(row.path);
    const commit = await commitTree(repoPath, tree, head ? [head] : [row.baseCommit], `boocoder: archive of chat ${chatId}`);
    await updateRef(repoPath, archiveRef, commit);
    this.store.worktrees.update(chatId, { state: 'archived', archivedRef: archiveRef, lastSnapshot: tree }, this.now());
    await git(repoPath, ['worktree', 'remove', '--force', '--force', row.path]);
    await pruneWorktrees(repoPath);
    await this.snapshots.forget(chatId);
    // The branch tip is the archive commit's parent, so dropping the branch loses nothing and keeps
    // the user's branch list clean; restore recreates it. A branch that moved elsewhere is kept.
    if (head && (await revExists(repoPath, `refs/heads/${row.branch}`)) && (await resolve(repoPath, `refs/heads/${row.branch}`)) === head) {
      await deleteRef(repoPath, `refs/heads/${row.branch}`);
    }
  }
}

/** The pending files a request names (all when none named); unknown names are an error, not a no-op. */
export function selectFiles(pending: PendingChange | undefined, paths: string[] | undefined): PendingFileRow[] {
  const files = pending?.files ?? [];
  if (!paths) return files;
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const f of files) if (f.oldPath && !byPath.has(f.oldPath)) byPath.set(f.oldPath, f);
  const unknown = paths.filter((p) => !byPath.has(p));
  if (unknown.length > 0) throw new AppError('NotFound', `Not in the pending change: ${unknown.join(', ')}`, { files: unknown });
  return [...new Set(paths.map((p) => byPath.get(p)!))];
}
