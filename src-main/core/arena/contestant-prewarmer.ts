import { readFile, readdir, rm, rmdir, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PrewarmStatus, Settings } from '../../../src-preload/contract';
import type { AgentSpec } from '../agents/agent-backend';
import type { AgentCatalog } from '../agents/catalog/agent-catalog';
import { requireLiveChat } from '../chats/chat-view';
import { AppError } from '../errors';
import type { EventBus } from '../events/event-bus';
import type { AgentPool, LiveSession } from '../sessions/agent-pool';
import { decidePrewarm, prewarmInput } from '../sessions/prewarm-policy';
import { sessionKey } from '../sessions/session-key';
import { newId } from '../store/ids';
import type { Store } from '../store/store';
import { prewarmRefusal } from './arena-policy';
import { arenaFolder, contestantIndexFile, forkScratch, removeScratch, scratchPath } from './scratch-worktrees';

/** Where an arena forks from: the chat worktree's snapshot tree and HEAD, in its repository. */
export interface ForkPoint {
  tree: string;
  head: string;
  repoPath: string;
}

/** One agent prepared ahead of the chat's next arena. */
export interface PreparedContestant {
  agent: string;
  worktree: string;
  /** Resolves true once its scratch worktree is on disk, false when it never came to be. */
  forked: Promise<boolean>;
  /** Resolves once its preparation has stopped (ready, failed or cancelled). */
  done: Promise<void>;
  cancelled: boolean;
  session: LiveSession | null;
}

/**
 * The chat's next arena, prepared while the user picks its agents: the arena's id (reserved, so
 * its contestants' folders and sessions are the ones the arena will use), the fork point, and a
 * scratch worktree with an open session for every agent picked so far.
 */
export interface Preparation {
  id: string;
  chatId: string;
  root: string;
  fork: Promise<ForkPoint>;
  contestants: Map<string, PreparedContestant>;
  /** Agents let go whose worktree is still being removed (a new fork there waits for it). */
  leaving: Map<string, Promise<void>>;
}

/** What the arena's pre-warm needs of the rest of the core. */
export interface ContestantPrewarmDeps {
  store: Store;
  events: EventBus;
  pool: AgentPool;
  catalog: AgentCatalog;
  settings: () => Settings;
  worktreesRoot: () => Promise<string>;
  /** The chat's worktree as an arena would fork it now (creating the worktree when needed). */
  forkPoint: (chatId: string) => Promise<ForkPoint>;
  /** Whether the chat has a turn queued or running, or is held (its worktree is about to move). */
  isChatBusy: (chatId: string) => boolean;
  /** Whether the chat's repository has a setup script (contestants then set up when the arena starts). */
  hasSetupScript: (chatId: string) => boolean;
}

/** Marks an arena folder made by a preparation that no arena has adopted (yet). */
const PREPARED_MARKER = '.boocoder-prepared.json';

/**
 * Prepares the contestants of a chat's next arena while the user picks them in the Arena
 * launcher: for each agent picked, a scratch worktree forked from the chat's worktree as it is,
 * and that agent's session opened (and warmed) in it, so `arena.start` finds its contestants
 * ready instead of forking and starting them all at once. Each state goes out as the
 * `arena.prewarm` event (shown next to the agent in the launcher, a failure before the user
 * starts). An agent unpicked is let go, and so is everything when the launcher closes or the chat
 * does. `arena.start` claims the preparation; it uses what still matches the chat's worktree and
 * forks the rest anew. A preparation holds no work of anyone's (no prompt has been sent), so one
 * a crash left behind is removed at the next start.
 */
export class ContestantPrewarmer {
  private readonly preparations = new Map<string, Preparation>();
  private readonly states = new Map<string, PrewarmStatus>();
  /** Clean-ups running in the background; quitting waits for them. */
  private readonly cleanups = new Set<Promise<void>>();
  private readonly unsubscribePool: () => void;

  constructor(private readonly deps: ContestantPrewarmDeps) {
    // A prepared session the supervisor let go (idle, or to make room) is ready no more.
    this.unsubscribePool = deps.pool.onChange(() => this.forgetGone());
  }

  /**
   * Prepares exactly `agents` for the chat's next arena (the others prepared before are let go);
   * returns each one's state at once, the work goes on in the background. Idempotent.
   */
  async prepare(chatId: string, agents: string[]): Promise<PrewarmStatus[]> {
    const { store, catalog } = this.deps;
    requireLiveChat(store, chatId);
    const specs = agents.map((a) => catalog.require(a));
    // The one wait, before anything is read: two calls side by side then share one preparation.
    const root = await this.deps.worktreesRoot();
    const current = this.preparations.get(chatId);
    if (current) {
      for (const c of [...current.contestants.values()]) if (!agents.includes(c.agent)) this.letGo(current, c);
      if (current.contestants.size === 0) this.drop(current);
    }
    if (specs.length === 0) return [];
    const refusal = prewarmRefusal({ hasSetupScript: this.deps.hasSetupScript(chatId), chatBusy: this.deps.isChatBusy(chatId) });
    return specs.map((spec) => {
      const prepared = this.preparations.get(chatId)?.contestants.has(spec.id);
      if (prepared) return this.states.get(sessionKey(chatId, spec.id)) ?? this.set({ chatId, agent: spec.id, state: 'warming' });
      if (refusal) return this.set({ chatId, agent: spec.id, state: 'skipped', reason: refusal });
      const decision = decidePrewarm(prewarmInput(this.deps.pool, this.deps.settings()));
      if (decision.action === 'skip') return this.set({ chatId, agent: spec.id, state: 'skipped', reason: decision.reason });
      this.startContestant(this.preparations.get(chatId) ?? this.begin(chatId, root), spec);
      return this.set({ chatId, agent: spec.id, state: 'warming' });
    });
  }

  /**
   * The arena starting in the chat takes its preparation (null when there is none): from now on
   * its contestants are the arena's to use or let go (`release`).
   */
  claim(chatId: string): Preparation | null {
    const prep = this.preparations.get(chatId);
    if (!prep) return null;
    this.preparations.delete(chatId);
    for (const agent of prep.contestants.keys()) this.states.delete(sessionKey(chatId, agent));
    return prep;
  }

  /**
   * Lets one prepared contestant go and waits until it is gone: its session closed, its scratch
   * worktree removed (a fork at the same place may follow).
   */
  async release(prep: Preparation, c: PreparedContestant): Promise<void> {
    c.cancelled = true;
    prep.contestants.delete(c.agent);
    await c.done;
    if (c.session) await this.deps.pool.close(c.session);
    if (await c.forked) {
      const fork = await prep.fork;
      await removeScratch(fork.repoPath, c.worktree, contestantIndexFile(c.worktree, c.agent));
    }
  }

  /** The arena adopted the preparation's folder: it is an arena's now, not a leftover. */
  async adopted(prep: Preparation): Promise<void> {
    await rm(path.join(arenaFolder(prep.root, prep.id), PREPARED_MARKER), { force: true });
  }

  /** The user closed the launcher, or the chat is closing: everything prepared for it goes. */
  async releaseChat(chatId: string): Promise<void> {
    const prep = this.preparations.get(chatId);
    if (!prep) return;
    for (const c of [...prep.contestants.values()]) this.letGo(prep, c);
    this.drop(prep);
    await this.settled();
  }

  /** Every prepared worktree, for the reaper (never to be touched while prepared). */
  worktrees(): Array<{ path: string; arenaId: string; agent: string }> {
    return [...this.preparations.values()].flatMap((p) => [...p.contestants.values()].map((c) => ({ path: c.worktree, arenaId: p.id, agent: c.agent })));
  }

  /** Quit: everything prepared goes, and the pool is no longer watched. */
  async drain(): Promise<void> {
    this.unsubscribePool();
    for (const chatId of [...this.preparations.keys()]) await this.releaseChat(chatId);
    await this.settled();
  }

  /**
   * At start: preparations a crash left behind (their folder still marked, no arena made of
   * them) are removed. They hold no one's work: no prompt was ever sent in them.
   */
  async sweepLeftovers(): Promise<string[]> {
    const root = await this.deps.worktreesRoot();
    const removed: string[] = [];
    let entries: string[];
    try {
      entries = await readdir(root);
    } catch {
      return removed;
    }
    for (const name of entries) {
      const folder = path.join(root, name);
      let marker: { repoPath?: unknown };
      try {
        marker = JSON.parse(await readFile(path.join(folder, PREPARED_MARKER), 'utf8')) as { repoPath?: unknown };
      } catch {
        continue;
      }
      const live = [...this.preparations.values()].some((p) => p.id === name);
      if (live || this.deps.store.arenas.get(name) || typeof marker.repoPath !== 'string') continue;
      try {
        for (const agent of await readdir(folder, { withFileTypes: true })) {
          if (agent.isDirectory()) await removeScratch(marker.repoPath, path.join(folder, agent.name), contestantIndexFile(path.join(folder, agent.name), agent.name));
        }
        await rm(path.join(folder, PREPARED_MARKER), { force: true });
        await rmdir(folder).catch(() => {});
        removed.push(folder);
      } catch {
        // Left for the next start; the reaper reports what it does not know.
      }
    }
    return removed;
  }

  // ——— internals ———

  private begin(chatId: string, root: string): Preparation {
    const id = newId('arena');
    const fork = (async () => {
      const point = await this.deps.forkPoint(chatId);
      const folder = arenaFolder(root, id);
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, PREPARED_MARKER), JSON.stringify({ chatId, repoPath: point.repoPath }));
      return point;
    })();
    fork.catch(() => {});
    const prep: Preparation = { id, chatId, root, fork, contestants: new Map(), leaving: new Map() };
    this.preparations.set(chatId, prep);
    return prep;
  }

  private startContestant(prep: Preparation, spec: AgentSpec): void {
    let markForked!: (onDisk: boolean) => void;
    const c: PreparedContestant = {
      agent: spec.id,
      worktree: scratchPath(prep.root, prep.id, spec.id),
      forked: new Promise<boolean>((r) => (markForked = r)),
      done: Promise.resolve(),
      cancelled: false,
      session: null,
    };
    prep.contestants.set(spec.id, c);
    c.done = (async () => {
      let onDisk = false;
      try {
        await prep.leaving.get(spec.id);
        const fork = await prep.fork;
        if (c.cancelled) throw new Stopped();
        await forkScratch(fork.repoPath, fork.head, fork.tree, c.worktree);
        onDisk = true;
        markForked(true);
        if (c.cancelled) throw new Stopped();
        c.session = await this.deps.pool.openEphemeral(prep.id, prep.chatId, spec, c.worktree);
        if (c.cancelled) throw new Stopped();
        await c.session.handle.warm?.();
        if (c.cancelled) throw new Stopped();
        this.setIfPrepared(prep, c, { chatId: prep.chatId, agent: spec.id, state: 'ready' });
      } catch (e) {
        markForked(onDisk);
        if (c.cancelled || e instanceof Stopped) return;
        const error = { name: e instanceof AppError ? e.name : 'Internal', message: e instanceof Error ? e.message : String(e) };
        this.setIfPrepared(prep, c, { chatId: prep.chatId, agent: spec.id, state: 'failed', error });
      }
    })();
  }

  /** Lets a contestant go in the background (the launcher never waits for an agent to stop). */
  private letGo(prep: Preparation, c: PreparedContestant): void {
    const gone = this.release(prep, c)
      .catch(() => {})
      .finally(() => {
        if (prep.leaving.get(c.agent) === gone) prep.leaving.delete(c.agent);
      });
    prep.leaving.set(c.agent, gone);
    this.track(gone);
    this.set({ chatId: prep.chatId, agent: c.agent, state: 'cancelled' });
  }

  /** A preparation with no contestant left: forgotten, its folder removed once the last one has left. */
  private drop(prep: Preparation): void {
    if (this.preparations.get(prep.chatId) === prep) this.preparations.delete(prep.chatId);
    const leaving = [...prep.leaving.values()];
    this.track(
      (async () => {
        await Promise.allSettled([...leaving, prep.fork]);
        const folder = arenaFolder(prep.root, prep.id);
        await rm(path.join(folder, PREPARED_MARKER), { force: true });
        await rmdir(folder).catch(() => {});
      })(),
    );
  }

  private track(work: Promise<void>): void {
    const owned = work.catch(() => {}).finally(() => this.cleanups.delete(owned));
    this.cleanups.add(owned);
  }

  private async settled(): Promise<void> {
    while (this.cleanups.size > 0) await Promise.allSettled([...this.cleanups]);
  }

  private forgetGone(): void {
    for (const prep of this.preparations.values()) {
      for (const c of prep.contestants.values()) {
        const key = sessionKey(prep.chatId, c.agent);
        if (this.states.get(key)?.state !== 'ready' || this.deps.pool.get(prep.id, c.agent)) continue;
        this.set({ chatId: prep.chatId, agent: c.agent, state: 'cancelled', reason: 'its session was let go (idle, or to make room)' });
      }
    }
  }

  /** States of a preparation the arena has claimed are the arena's business, not the launcher's. */
  private setIfPrepared(prep: Preparation, c: PreparedContestant, status: PrewarmStatus): void {
    if (this.preparations.get(prep.chatId) === prep && prep.contestants.get(c.agent) === c) this.set(status);
  }

  private set(status: PrewarmStatus): PrewarmStatus {
    const key = sessionKey(status.chatId, status.agent);
    const last = this.states.get(key);
    if (status.state === 'cancelled') this.states.delete(key);
    else this.states.set(key, status);
    if (!last || JSON.stringify(last) !== JSON.stringify(status)) this.deps.events.emit('arena.prewarm', status);
    return status;
  }
}

/** Stopped between two steps because the contestant was let go. */
class Stopped extends Error {}
