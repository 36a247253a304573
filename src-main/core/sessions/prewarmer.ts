import type { PrewarmStatus, Settings } from '../../../src-preload/contract';
import type { AgentCatalog } from '../agents/catalog/agent-catalog';
import { requireLiveChat } from '../chats/chat-view';
import { AppError } from '../errors';
import type { EventBus } from '../events/event-bus';
import type { Store } from '../store/store';
import type { AgentPool } from './agent-pool';
import { decidePrewarm, prewarmInput } from './prewarm-policy';
import { sessionKey } from './session-key';

/** What a pre-warm needs of the chat's worktree (the WorktreeService provides it). */
export interface PrewarmWorkspace {
  /** Creates the chat's worktree if needed and takes its first snapshot; resolves to where it is. */
  prepare(chatId: string): Promise<{ path: string }>;
}

interface Task {
  chatId: string;
  agent: string;
  cancelled: boolean;
  done: Promise<void>;
}

/** A failed pre-warm is not tried again for this long (the composer keeps showing why). */
const RETRY_FAILED_AFTER_MS = 15_000;

/**
 * Prepares a (chat, agent) while the user types, so the first turn finds everything warm: the
 * chat's worktree, the agent's process, its session, and whatever the agent would otherwise boot
 * on that first turn (`handle.warm`). It runs in the background (the call returns at once),
 * yields to real work (the pre-warm policy), can be cancelled at every step, and reports each
 * state as the `sessions.prewarm` event — a failure shows in the composer before the user sends.
 * A turn sent meanwhile shares the same open through the pool, so there is only ever one session.
 */
export class Prewarmer {
  private readonly tasks = new Map<string, Task>();
  private readonly states = new Map<string, { status: PrewarmStatus; at: number }>();
  private readonly unsubscribePool: () => void;

  constructor(
    private readonly deps: {
      store: Store;
      events: EventBus;
      pool: AgentPool;
      catalog: AgentCatalog;
      workspace: PrewarmWorkspace;
      settings: () => Settings;
      now?: () => number;
    },
  ) {
    // A ready session the supervisor has since let go is ready no more: the composer stops saying so.
    this.unsubscribePool = deps.pool.onChange(() => this.forgetGone());
  }

  private forgetGone(): void {
    for (const { status } of [...this.states.values()]) {
      if (status.state !== 'ready' || this.deps.pool.get(status.chatId, status.agent)) continue;
      if (this.tasks.has(sessionKey(status.chatId, status.agent))) continue;
      this.set({ chatId: status.chatId, agent: status.agent, state: 'cancelled', reason: 'its session was let go (idle, or to make room)' });
    }
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Starts a pre-warm unless one is running, done or failed just now; returns the state at once. */
  prewarm(chatId: string, agent: string): PrewarmStatus {
    requireLiveChat(this.deps.store, chatId);
    const spec = this.deps.catalog.require(agent);
    const key = sessionKey(chatId, agent);
    const running = this.tasks.get(key);
    if (running && !running.cancelled) return this.states.get(key)!.status;
    if (running) {
      // Asked again while the last one is still being cancelled (the user came straight back): start anew once it has stopped.
      void running.done.then(() => {
        try {
          this.prewarm(chatId, agent);
        } catch {
          // The chat was closed meanwhile: nothing to prepare.
        }
      });
      return { chatId, agent, state: 'warming' };
    }
    if (this.deps.pool.get(chatId, agent)) return this.set({ chatId, agent, state: 'ready' });
    const last = this.states.get(key);
    if (last?.status.state === 'failed' && this.now() - last.at < RETRY_FAILED_AFTER_MS) return last.status;

    const decision = decidePrewarm(prewarmInput(this.deps.pool, this.deps.settings()));
    if (decision.action === 'skip') return this.set({ chatId, agent, state: 'skipped', reason: decision.reason });

    const task: Task = { chatId, agent, cancelled: false, done: Promise.resolve() };
    const status = this.set({ chatId, agent, state: 'warming' });
    this.tasks.set(key, task);
    task.done = this.run(task, spec).finally(() => this.tasks.delete(key));
    return status;
  }

  private async run(task: Task, spec: ReturnType<AgentCatalog['require']>): Promise<void> {
    const { chatId, agent } = task;
    try {
      const { path } = await this.deps.workspace.prepare(chatId);
      if (task.cancelled) throw new CancelledHere();
      const session = await this.deps.pool.getOrCreate(chatId, spec, path, { prewarm: true });
      if (task.cancelled) throw new CancelledHere();
      await session.handle.warm?.();
      if (task.cancelled) throw new CancelledHere();
      this.set({ chatId, agent, state: 'ready' });
    } catch (e) {
      if (task.cancelled || e instanceof CancelledHere || (e instanceof AppError && e.name === 'PrewarmCancelled')) {
        // The open may have arrived after the cancel reached the pool: let it go now (a turn's claim keeps it).
        await this.deps.pool.cancelPrewarm(chatId, agent).catch(() => {});
        this.set({ chatId, agent, state: 'cancelled' });
        return;
      }
      const name = e instanceof AppError ? e.name : 'Internal';
      const message = e instanceof Error ? e.message : String(e);
      this.set({ chatId, agent, state: 'failed', error: { name, message } });
    }
  }

  /**
   * The user moved on (another chat or agent): pre-warms in flight for the chat (or that agent)
   * stop, and what they started but no turn claimed is let go. A pre-warm already ready stays:
   * its session is idle and the first to go when room is needed.
   */
  async cancel(chatId: string, agent?: string): Promise<void> {
    const running = [...this.tasks.values()].filter((t) => t.chatId === chatId && (agent === undefined || t.agent === agent));
    for (const task of running) task.cancelled = true;
    await Promise.all(running.map((t) => this.deps.pool.cancelPrewarm(t.chatId, t.agent)));
    await Promise.all(running.map((t) => t.done));
  }

  /**
   * Closing the chat: every pre-warm of it is told to stop, without waiting for an agent still
   * starting (the pool lets what arrives go), so the tab closes at once; its states are forgotten
   * once the last of them has stopped.
   */
  async cancelChat(chatId: string): Promise<void> {
    const running = [...this.tasks.values()].filter((t) => t.chatId === chatId);
    for (const task of running) task.cancelled = true;
    await Promise.all(running.map((t) => this.deps.pool.cancelPrewarm(t.chatId, t.agent)));
    const forget = () => {
      for (const key of [...this.states.keys()]) if (this.states.get(key)!.status.chatId === chatId) this.states.delete(key);
    };
    forget();
    void Promise.allSettled(running.map((t) => t.done)).then(forget);
  }

  /** Quit: every pre-warm in flight stops, and the pool is no longer watched. */
  async drain(): Promise<void> {
    this.unsubscribePool();
    for (const t of this.tasks.values()) t.cancelled = true;
    await Promise.allSettled([...this.tasks.values()].map((t) => this.deps.pool.cancelPrewarm(t.chatId, t.agent).then(() => t.done)));
  }

  private set(status: PrewarmStatus): PrewarmStatus {
    const key = sessionKey(status.chatId, status.agent);
    const last = this.states.get(key)?.status;
    this.states.set(key, { status, at: this.now() });
    if (!last || JSON.stringify(last) !== JSON.stringify(status)) this.deps.events.emit('sessions.prewarm', status);
    return status;
  }
}

/** Stopped between two steps because the pre-warm was cancelled. */
class CancelledHere extends Error {}
