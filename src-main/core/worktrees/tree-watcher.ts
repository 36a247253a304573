import { watch, type FSWatcher } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

export interface TreeWatcherOptions {
  /** A tree with more directories than this is not watched (start throws TreeWatchUnavailable). */
  maxDirs: number;
}

export class TreeWatchUnavailable extends Error {
  override readonly name = 'TreeWatchUnavailable';
}

const settleTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Tells whether anything under a folder may have changed between two moments: one fs.watch
 * (inotify on Linux) per directory, and a counter that every event moves. It answers "maybe
 * changed" or "certainly not", never what changed; a caller compares two readings of `mark`.
 *
 * Why not a library: chokidar stats every path before it reports it and @parcel/watcher batches
 * events for tens of milliseconds, so neither can promise that a write finished before a check is
 * seen by that check. Here an event reaches `mark` on the event loop's next poll after the
 * kernel queued it, which `settle()` waits for. Node's own recursive fs.watch on Linux watches
 * every file, not every directory.
 *
 * Whenever it cannot vouch for the tree it says so (`reliable` false) rather than guess: after a
 * watch error, while a new directory is still being attached, when the root folder is replaced,
 * when the tree holds a nested repository (its commits change the snapshot without touching a
 * watched directory) or more directories than `maxDirs`.
 */
export class TreeWatcher {
  private readonly dirs = new Map<string, FSWatcher>();
  private changes = 0;
  /** Directory bookkeeping still running after rename events; the tree is not vouched for meanwhile. */
  private readonly following = new Set<Promise<void>>();
  private failure: string | null = null;
  private closed = false;

  private constructor(
    private readonly root: string,
    private readonly rootIno: number,
    private readonly options: TreeWatcherOptions,
  ) {}

  /** Watches every directory under `root` (`.git` excluded); resolves once all are attached. */
  static async start(root: string, options: TreeWatcherOptions): Promise<TreeWatcher> {
    const rootStat = await lstat(root);
    if (!rootStat.isDirectory()) throw new TreeWatchUnavailable(`${root} is not a directory`);
    const watcher = new TreeWatcher(root, rootStat.ino, options);
    await watcher.attachTree(root);
    if (watcher.failure) {
      watcher.close();
      throw new TreeWatchUnavailable(watcher.failure);
    }
    return watcher;
  }

  /**
   * Moves on every change seen under the root. A caller that read it while `reliable` and reads
   * the same value, settled and still `reliable`, knows nothing changed in between: a folder not
   * yet watched can only exist while `reliable` is false or after an event that moved the mark.
   */
  get mark(): number {
    return this.changes;
  }

  /** True while every directory is watched and no watch failed: only then is an unmoved mark proof. */
  get reliable(): boolean {
    return !this.closed && this.failure === null && this.following.size === 0;
  }

  /** Why the watcher stopped vouching for the tree, if it did. */
  get failureReason(): string | null {
    return this.failure;
  }

  /**
   * Lets every event the kernel has queued so far reach `mark`, and the directory bookkeeping
   * those events started finish: the first tick may run right after a poll phase, the second is
   * then separated from the first by a full one. Under a constant stream of new folders it gives
   * up after a few rounds; `reliable` then says the tree cannot be vouched for.
   */
  async settle(): Promise<void> {
    for (let round = 0; round < 8; round++) {
      await settleTick();
      await settleTick();
      if (this.following.size === 0) return;
      await Promise.all(this.following);
    }
  }

  close(): void {
    this.closed = true;
    for (const w of this.dirs.values()) w.close();
    this.dirs.clear();
  }

  private fail(reason: string): void {
    if (this.failure) return;
    this.failure = reason;
    for (const w of this.dirs.values()) w.close();
    this.dirs.clear();
  }

  private async attachTree(dir: string): Promise<void> {
    if (this.closed || this.failure) return;
    const st = await lstat(dir).catch(() => null);
    if (!st?.isDirectory() || this.closed || this.failure) return;
    if (this.dirs.size >= this.options.maxDirs) return this.fail(`more than ${this.options.maxDirs} directories`);
    // Watch before listing, so an entry created while the listing runs still moves the mark.
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: false }, (type, name) => this.onEvent(dir, type, name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      return this.fail(`cannot watch ${dir}: ${(e as Error).message}`);
    }
    watcher.on('error', (e) => this.fail(`watch of ${dir} failed: ${e.message}`));
    this.dirs.get(dir)?.close();
    this.dirs.set(dir, watcher);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const subdirs: string[] = [];
    for (const entry of entries) {
      if (entry.name === '.git') {
        // The worktree's own `.git` is a file pointing into the repository; any other is a nested repository.
        if (dir !== this.root) return this.fail(`nested repository at ${path.join(dir, entry.name)}`);
        continue;
      }
      if (entry.isDirectory()) subdirs.push(path.join(dir, entry.name));
    }
    await Promise.all(subdirs.map((d) => this.attachTree(d)));
  }

  private onEvent(dir: string, type: string, name: string | null): void {
    this.changes++;
    if (this.closed || this.failure) return;
    if (name === null) return this.fail(`an event in ${dir} came without a file name`);
    if (type !== 'rename') return;
    // Something appeared, vanished or moved: (re)attach a directory, forget a gone one, and make
    // sure the root itself is still the folder we started on.
    const following: Promise<void> = this.reconcile(path.join(dir, name))
      .catch((e: unknown) => this.fail(`cannot follow a change under ${dir}: ${(e as Error).message}`))
      .finally(() => this.following.delete(following));
    this.following.add(following);
  }

  private async reconcile(target: string): Promise<void> {
    // Inode numbers are reused at once on most filesystems, so a folder removed and made again
    // can carry its predecessor's: identity is checked by events, not by inode alone.
    const rootNow = await lstat(this.root).catch(() => null);
    if (!rootNow?.isDirectory() || rootNow.ino !== this.rootIno) return this.fail(`${this.root} was removed or replaced`);
    const st = await lstat(target).catch(() => null);
    if (!st && path.dirname(target) === this.root && path.basename(target) === path.basename(this.root)) {
      // How inotify names the watched folder's own removal or move (the root's name is a chat id,
      // so a child of that name going away is near impossible; failing for it would be harmless).
      return this.fail(`${this.root} was removed or replaced`);
    }
    if (path.basename(target) === '.git') {
      if (path.dirname(target) !== this.root) this.fail(`nested repository at ${target}`);
      return;
    }
    // A rename event means this name now points elsewhere (or nowhere): whatever was watched
    // under it goes, and a directory there now is watched afresh.
    this.detachTree(target);
    if (st?.isDirectory()) await this.attachTree(target);
  }

  private detachTree(dir: string): void {
    const prefix = dir + path.sep;
    for (const [p, w] of this.dirs) {
      if (p === dir || p.startsWith(prefix)) {
        w.close();
        this.dirs.delete(p);
      }
    }
  }
}
