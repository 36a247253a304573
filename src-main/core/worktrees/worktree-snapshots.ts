import path from 'node:path';
import { assertSafeChatId } from './refs';
import { dropSnapshotIndex, stageWorktree, writeSnapshotTree } from './snapshot';
import { diffIndex, type DiffEntry } from './tree-diff';
import { TreeWatcher } from './tree-watcher';

export interface WorktreeSnapshotsOptions {
  /** Where the private snapshot indexes live, one file per chat. */
  indexRoot: string;
  /** A worktree with more directories is not watched: every snapshot then runs git. */
  maxWatchedDirs?: number;
  /** After a watcher could not start, how long before trying again. */
  watchRetryMs?: number;
  now?: () => number;
}

export interface Snapshot {
  tree: string;
  /** diff(diffFrom → tree), when asked for and git had to run; otherwise the caller computes it if needed. */
  entries?: DiffEntry[];
}

interface ChatSnapshots {
  watcher: TreeWatcher | null;
  watchedPath: string | null;
  watchFailedAt: number | null;
  /** The last tree taken, valid while the watcher's mark still reads `mark`. */
  last: { tree: string; mark: number } | null;
}

/**
 * Snapshots of chats' worktrees (see snapshot.ts), reused while nothing changed: each chat's
 * worktree has a TreeWatcher, and a snapshot taken when its mark read M is still the worktree's
 * tree as long as the mark reads M, settled, with the watcher reliable throughout. Then no git
 * process runs at all; this is what keeps the snapshot before a turn off a warm turn's latency
 * when nobody touched the worktree between turns. When a watcher is unavailable (too many
 * directories, a filesystem without change events, a watch error) every snapshot runs git, as
 * if there were no cache.
 */
export class WorktreeSnapshots {
  private readonly chats = new Map<string, ChatSnapshots>();
  private readonly maxWatchedDirs: number;
  private readonly watchRetryMs: number;
  private readonly now: () => number;
  private closed = false;
  /** Snapshots answered from the cache and by git, for tests and diagnostics. */
  readonly counts = { reused: 0, taken: 0 };

  constructor(private readonly options: WorktreeSnapshotsOptions) {
    this.maxWatchedDirs = options.maxWatchedDirs ?? 10_000;
    this.watchRetryMs = options.watchRetryMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  indexFile(chatId: string): string {
    assertSafeChatId(chatId);
    return path.join(this.options.indexRoot, `${chatId}.index`);
  }

  /**
   * The tree of the worktree's files now. With `diffFrom`, also diff(diffFrom → tree), read from
   * the staged index while write-tree runs (two processes side by side) when git has to run.
   * With `watch`, starts watching the worktree if it is not yet watched (turns do; a risk check
   * of a chat nobody works in should not leave watches behind on its folders).
   */
  async take(chatId: string, worktreePath: string, options: { diffFrom?: string; watch?: boolean } = {}): Promise<Snapshot> {
    const chat = await this.prepare(chatId, worktreePath, options.watch ?? false);
    const watcher = chat.watcher;
    if (watcher) {
      await watcher.settle();
      if (watcher.reliable && chat.last?.mark === watcher.mark) {
        this.counts.reused++;
        return { tree: chat.last.tree };
      }
    }
    chat.last = null;
    // Read before git looks at any file: an event from here on, even one for a write made
    // earlier, moves the mark and voids this snapshot.
    const mark = watcher?.reliable ? watcher.mark : null;
    const indexFile = this.indexFile(chatId);
    await stageWorktree(worktreePath, indexFile);
    const [tree, entries] = await Promise.all([
      writeSnapshotTree(worktreePath, indexFile),
      options.diffFrom === undefined ? undefined : diffIndex(worktreePath, indexFile, options.diffFrom),
    ]);
    this.counts.taken++;
    if (watcher && mark !== null && watcher.reliable && chat.watcher === watcher) chat.last = { tree, mark };
    return entries ? { tree, entries } : { tree };
  }

  /** Forgets a chat's cache, watcher and private index: its worktree was removed or recreated. */
  async forget(chatId: string): Promise<void> {
    this.chats.get(chatId)?.watcher?.close();
    this.chats.delete(chatId);
    await dropSnapshotIndex(this.indexFile(chatId));
  }

  /** Stops every watcher (the service is shutting down); later snapshots run git. */
  close(): void {
    this.closed = true;
    for (const chat of this.chats.values()) chat.watcher?.close();
    this.chats.clear();
  }

  /** The chat's state, with a watcher that can vouch for the tree when one runs or is to be started. */
  private async prepare(chatId: string, worktreePath: string, startWatching: boolean): Promise<ChatSnapshots> {
    let chat = this.chats.get(chatId);
    if (!chat) {
      chat = { watcher: null, watchedPath: null, watchFailedAt: null, last: null };
      this.chats.set(chatId, chat);
    }
    if (chat.watcher && (chat.watcher.failureReason !== null || chat.watchedPath !== worktreePath)) {
      // It stopped vouching for good (root replaced, watch error, nested repository) or watches
      // another folder: start over.
      chat.watcher.close();
      chat.watcher = null;
      chat.last = null;
    }
    const retryDue = chat.watchFailedAt === null || this.now() - chat.watchFailedAt >= this.watchRetryMs;
    if (!chat.watcher && startWatching && retryDue && !this.closed) {
      try {
        chat.watcher = await TreeWatcher.start(worktreePath, { maxDirs: this.maxWatchedDirs });
        chat.watchedPath = worktreePath;
        chat.watchFailedAt = null;
      } catch {
        chat.watchFailedAt = this.now();
      }
      if (this.chats.get(chatId) !== chat || this.closed) {
        // forget() or close() ran while the watcher was starting.
        chat.watcher?.close();
        chat.watcher = null;
      }
    }
    return chat;
  }
}
