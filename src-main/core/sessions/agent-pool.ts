import type { AgentOptions, AgentsStatus } from '../../../src-preload/contract';
import type { AgentBackend, AgentSessionHandle, AgentSpec } from '../agents/agent-backend';
import { profileKeepsDirectoryInstances } from '../agents/profiles/profiles';
import { AppError } from '../errors';
import type { Store } from '../store/store';
import { decideEvictions, type Eviction } from './lifecycle-policy';
import type { MemoryInput, ProcessMemory } from './memory-policy';
import { readProcessGroupRss, RssSampler } from './process-group-rss';
import { parseSessionKey, sessionKey } from './session-key';

/**
 * Starts an agent's process. `worktree` is set for an agent that runs one process per worktree
 * (see `ProcessScope`): that process is confined to that worktree alone.
 */
export type BackendFactory = (spec: AgentSpec, worktree?: string) => AgentBackend;

/**
 * How many processes an agent runs: one for every chat (`agent`, the warm default), or one per
 * worktree (`worktree`), for an agent whose own file edits and command sandbox are set per
 * process, so that only a process of its own keeps it out of the other chats' worktrees.
 */
export type ProcessScope = 'agent' | 'worktree';

export interface LiveSession {
  key: string;
  chatId: string;
  agent: string;
  handle: AgentSessionHandle;
  /** The process that hosts it (see `processKey`). */
  process: string;
  busy: boolean;
  lastUsedAt: number;
  /** Last time a busy turn on this session produced an event (for stuck-turn detection). */
  lastActivityAt: number;
  /** Stops listening to the session's option changes. */
  unsubscribeOptions: () => void;
  /** What was last stored of what the session reports of itself (to skip writing it again unchanged). */
  reportedKey?: string;
  /** Opened by a pre-warm and not yet used by a turn: the first to go when room is needed. */
  prewarmed: boolean;
  /** The stored session id it was opened to resume (null: none), so its first turn knows whether memory was lost. */
  storedSessionId: string | null;
  /**
   * Its memory was lost and the chat's history is still to be told: the turn that should have
   * told it was a slash command, which is sent as typed (the next prompt tells it).
   */
  historyOwed?: boolean;
  /**
   * Not the chat's own (chat, agent) session but a scratch one (an arena contestant's): it counts
   * toward the cap and is never evicted while busy, but has no agent_sessions row to keep up.
   */
  ephemeral?: boolean;
}

export type OptionsListener = (chatId: string, agent: string, options: AgentOptions) => void;

interface BackendEntry {
  agent: string;
  /** The worktree the process is confined to, for an agent with one process per worktree. */
  worktree?: string;
  backend: AgentBackend;
  specJson: string;
  unsubscribeCrash: () => void;
  /** Directories the running process has served, with their last use (for agents that keep an instance per directory). */
  directories: Map<string, number>;
  /** The process's memory before it served any directory, and which process that was. */
  baseline?: { pid: number; bytes: number };
}

/** An open in flight: who asked for it decides what it becomes. */
interface Opening {
  promise: Promise<LiveSession>;
  /** The process it opens on (see `processKey`). */
  process: string;
  /** Opened by a pre-warm (and not yet wanted by a turn). */
  prewarm: boolean;
  /** A turn is waiting for it: it is no longer a pre-warm and no cancel may drop it. */
  claimed: boolean;
  /** The pre-warm was cancelled while it opened: drop the session when it arrives (unless claimed). */
  cancelled: boolean;
}

export interface PoolLimits {
  idleTtlMs: number;
  maxLiveSessions: number;
}

/** Which process hosts an agent's session in `cwd`: the agent's one process, or the worktree's own. */
export const processKey = (agent: string, scope: ProcessScope, cwd: string): string => (scope === 'worktree' ? `${agent}\u0000${cwd}` : agent);

export interface GetOrCreateOptions {
  /** A pre-warm: the session counts as idle and unused until a turn claims it. */
  prewarm?: boolean;
}

/**
 * The live (chat, agent) sessions and the agent processes that host them: lazy get-or-create,
 * eviction by the lifecycle policy, crash bookkeeping. One backend (one warm process) per agent,
 * or per worktree for an agent whose scope says so.
 */
export class AgentPool {
  private readonly backends = new Map<string, BackendEntry>();
  private readonly sessions = new Map<string, LiveSession>();
  /** Opening sessions, so two callers for one key share one open (never two sessions for one key). */
  private readonly opening = new Map<string, Opening>();
  /** Memory of each agent's process group, sampled at most every 2 s (status goes out far more often). */
  private readonly rss: RssSampler;
  private readonly changeListeners = new Set<() => void>();
  private readonly optionsListeners = new Set<OptionsListener>();
  private disposed = false;

  constructor(
    private readonly store: Store,
    private readonly createBackend: BackendFactory,
    private readonly limits: () => PoolLimits,
    private readonly now: () => number = Date.now,
    private readonly scopeOf: (spec: AgentSpec) => ProcessScope = () => 'agent',
  ) {
    this.rss = new RssSampler(2000, now);
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.changeListeners) l();
  }

  /** Hears a live session report new options (commands, current mode or model). */
  onOptions(listener: OptionsListener): () => void {
    this.optionsListeners.add(listener);
    return () => this.optionsListeners.delete(listener);
  }

  /**
   * What a session offers is remembered per agent, so the next chat can offer it before its first
   * turn; whoever listens (the renderer) hears of it at once.
   */
  private optionsChanged(chatId: string, agent: string, options: AgentOptions): void {
    this.rememberOptions(agent, options);
    for (const l of this.optionsListeners) l(chatId, agent, options);
  }

  private rememberOptions(agent: string, options: AgentOptions): void {
    try {
      this.store.agentOptions.save(agent, options);
    } catch {
      // Only the memory for the next chat is lost; the live session still answers.
    }
  }

  get(chatId: string, agent: string): LiveSession | undefined {
    return this.sessions.get(sessionKey(chatId, agent));
  }

  list(): LiveSession[] {
    return [...this.sessions.values()];
  }

  /**
   * The warm session for (chat, agent), reattaching to the stored one or opening a new one. Two
   * callers for one key share one open, whoever came first: a turn that finds a pre-warm opening
   * (or opened) claims it, so there is never a second session.
   */
  async getOrCreate(chatId: string, spec: AgentSpec, cwd: string, options: GetOrCreateOptions = {}): Promise<LiveSession> {
    if (this.disposed) throw new AppError('ShuttingDown', 'The agent pool is shut down.');
    const key = sessionKey(chatId, spec.id);
    const live = this.sessions.get(key);
    if (live) {
      if (!options.prewarm && live.prewarmed) {
        live.prewarmed = false;
        this.changed();
      }
      return live;
    }
    const pending = this.opening.get(key);
    if (pending) {
      if (!options.prewarm) pending.claimed = true;
      return pending.promise;
    }
    const entry: Opening = { promise: undefined as unknown as Promise<LiveSession>, process: this.processOf(spec, cwd), prewarm: !!options.prewarm, claimed: !options.prewarm, cancelled: false };
    entry.promise = this.open(key, chatId, spec, cwd, entry).finally(() => {
      if (this.opening.get(key) === entry) this.opening.delete(key);
    });
    this.opening.set(key, entry);
    return entry.promise;
  }

  /**
   * A new session of `spec` in `cwd` under its own key (`owner` instead of the chat id), for work
   * that must not share the chat's session: an arena contestant in its scratch worktree.
   */
  async openEphemeral(owner: string, chatId: string, spec: AgentSpec, cwd: string): Promise<LiveSession> {
    if (this.disposed) throw new Error('The agent pool is shut down.');
    const key = sessionKey(owner, spec.id);
    const existing = this.sessions.get(key) ?? (await this.opening.get(key)?.promise);
    if (existing) return existing;
    const entry: Opening = { promise: undefined as unknown as Promise<LiveSession>, process: this.processOf(spec, cwd), prewarm: false, claimed: true, cancelled: false };
    entry.promise = this.open(key, chatId, spec, cwd, entry, { ephemeral: true }).finally(() => {
      if (this.opening.get(key) === entry) this.opening.delete(key);
    });
    this.opening.set(key, entry);
    return entry.promise;
  }

  /** Lets an ephemeral session go (its work is over). */
  async close(session: LiveSession): Promise<void> {
    if (this.sessions.get(session.key) === session) this.sessions.delete(session.key);
    session.unsubscribeOptions();
    await session.handle.dispose().catch(() => {});
    await this.stopIfWorktreeDone(session.process);
    this.changed();
  }

  /**
   * Rebinds a stored session of the agent to another folder (an arena winner's, from its scratch
   * worktree to the chat's), on the process that serves that folder. False when the agent cannot.
   */
  async moveSession(spec: AgentSpec, externalSessionId: string, toCwd: string): Promise<boolean> {
    const backend = this.backendFor(spec, this.processOf(spec, toCwd), toCwd);
    if (!backend.moveSession) return false;
    await backend.moveSession(externalSessionId, toCwd);
    return true;
  }

  /** How many processes the agent runs (one for every chat, or one per worktree). */
  processScopeOf(spec: AgentSpec): ProcessScope {
    return this.scopeOf(spec);
  }

  private processOf(spec: AgentSpec, cwd: string): string {
    return processKey(spec.id, this.scopeOf(spec), cwd);
  }

  private async open(key: string, chatId: string, spec: AgentSpec, cwd: string, entry: Opening, options: { ephemeral?: boolean } = {}): Promise<LiveSession> {
    // Make room first, so the cap holds once this one is live.
    await this.applyEvictions(this.decide(1));
    const backend = this.backendFor(spec, entry.process, cwd);
    await backend.start();
    this.noteBaseline(entry.process);
    const stored = options.ephemeral ? undefined : this.store.sessions.get(chatId, spec.id);
    const handle = await backend.openSession({
      cwd,
      ...(stored?.externalSessionId ? { resumeSessionId: stored.externalSessionId, reportedCost: stored.reportedCost } : {}),
    });
    if (entry.cancelled && !entry.claimed) {
      this.opening.delete(key);
      await handle.dispose().catch(() => {});
      await this.stopIfUnused(entry.process);
      throw new PrewarmCancelled();
    }
    const now = this.now();
    // A contestant's options (its mode, its commands) are not the chat's session's: nobody is told.
    const unsubscribeOptions = options.ephemeral ? () => {} : handle.onOptionsChange((o) => this.optionsChanged(chatId, spec.id, o));
    const session: LiveSession = {
      key,
      chatId,
      agent: spec.id,
      handle,
      process: entry.process,
      busy: false,
      lastUsedAt: now,
      lastActivityAt: now,
      unsubscribeOptions,
      prewarmed: entry.prewarm && !entry.claimed,
      storedSessionId: stored?.externalSessionId ?? null,
    };
    if (options.ephemeral) session.ephemeral = true;
    this.sessions.set(key, session);
    this.backends.get(entry.process)?.directories.set(cwd, now);
    if (!options.ephemeral) this.store.sessions.upsert(chatId, spec.id, { externalSessionId: handle.externalSessionId, status: 'idle', lastUsedAt: now });
    // A contestant's new session is remembered too (before its mode is set: what the agent offers
    // by default), so its model's name and the next chat's pickers know what it has on offer.
    if (handle.origin === 'new') void handle.options().then((o) => (options.ephemeral ? this.rememberOptions(spec.id, o) : this.optionsChanged(chatId, spec.id, o)), () => {});
    this.changed();
    return session;
  }

  /** The agent's memory before it serves its first directory: what its directories cost is measured against it. */
  private noteBaseline(process: string): void {
    const entry = this.backends.get(process);
    const state = entry?.backend.processState();
    if (!entry || state?.state !== 'running' || entry.baseline?.pid === state.pid) return;
    if (entry.directories.size > 0) return;
    const bytes = readProcessGroupRss(state.pid);
    if (bytes !== undefined) entry.baseline = { pid: state.pid, bytes };
  }

  /**
   * The user moved on from a pre-warm: an open in flight for it is dropped when it arrives, and a
   * pre-warmed session no turn has used is let go. A turn that claimed it keeps it. A process
   * left with no session and nothing opening is stopped, so a pre-warm leaves nothing running.
   */
  async cancelPrewarm(chatId: string, agent: string): Promise<void> {
    const key = sessionKey(chatId, agent);
    const pending = this.opening.get(key);
    if (pending?.prewarm && !pending.claimed) {
      // Not waited for: an agent can take seconds to start, and closing a chat must not. The open
      // lets its session go when it arrives and stops a process nothing else uses (see `open`).
      pending.cancelled = true;
      return;
    }
    const live = this.sessions.get(key);
    if (!live?.prewarmed || live.busy) return;
    await this.evict(chatId, agent, 'closed');
    await this.stopIfUnused(live.process);
  }

  /** Stops a process that hosts no session and has none opening. */
  private async stopIfUnused(process: string): Promise<void> {
    if (this.list().some((s) => s.process === process)) return;
    if ([...this.opening.values()].some((o) => o.process === process)) return;
    await this.disposeProcess(process);
  }

  /** A process confined to one worktree has no reason to run once that worktree has no session. */
  private async stopIfWorktreeDone(process: string): Promise<void> {
    if (this.backends.get(process)?.worktree !== undefined) await this.stopIfUnused(process);
  }

  private backendFor(spec: AgentSpec, process: string, cwd: string): AgentBackend {
    const specJson = JSON.stringify(spec);
    const existing = this.backends.get(process);
    if (existing && existing.specJson === specJson) return existing.backend;
    if (existing) {
      // The user changed the agent's command or env: the old process serves its sessions until they end.
      void this.disposeProcess(process);
    }
    const worktree = process === spec.id ? undefined : cwd;
    const backend = this.createBackend(spec, worktree);
    const unsubscribeCrash = backend.onCrash(() => this.forgetSessionsOf(process, 'crashed'));
    this.backends.set(process, { agent: spec.id, ...(worktree !== undefined ? { worktree } : {}), backend, specJson, unsubscribeCrash, directories: new Map() });
    return backend;
  }

  /** After a process died, its sessions are gone: they reattach (or start anew) on their next turn. */
  private forgetSessionsOf(process: string, status: 'crashed' | 'evicted'): void {
    const entry = this.backends.get(process);
    entry?.directories.clear();
    if (entry) delete entry.baseline;
    for (const s of [...this.sessions.values()]) {
      if (s.process !== process) continue;
      this.sessions.delete(s.key);
      s.unsubscribeOptions();
      if (!s.ephemeral) this.store.sessions.setStatus(s.chatId, s.agent, status);
      void s.handle.dispose().catch(() => {});
    }
    this.changed();
  }

  markBusy(session: LiveSession, busy: boolean): void {
    const now = this.now();
    session.busy = busy;
    session.lastUsedAt = now;
    session.lastActivityAt = now;
    if (busy) session.prewarmed = false;
    const directories = this.backends.get(session.process)?.directories;
    if (directories?.has(session.handle.cwd)) directories.set(session.handle.cwd, now);
    if (this.sessions.get(session.key) === session && !session.ephemeral) {
      try {
        this.store.sessions.upsert(session.chatId, session.agent, { status: busy ? 'busy' : 'idle', lastUsedAt: now });
      } catch {
        // The database is locked or full: the live state above is what counts while the app runs,
        // and a restart marks every session not live anyway. A turn must not fail over this.
      }
    }
    this.changed();
  }

  touch(session: LiveSession): void {
    session.lastActivityAt = this.now();
  }

  decide(reserve = 0): Eviction[] {
    const limits = this.limits();
    return decideEvictions({
      now: this.now(),
      idleTtlMs: limits.idleTtlMs,
      maxLiveSessions: limits.maxLiveSessions,
      reserve,
      sessions: this.list().map((s) => ({ key: s.key, busy: s.busy, lastUsedAt: s.lastUsedAt, prewarmed: s.prewarmed })),
    });
  }

  /** Live sessions and how many are busy, for the pre-warm policy. */
  occupancy(): { live: number; busy: number } {
    const list = this.list();
    return { live: list.length + this.opening.size, busy: list.filter((s) => s.busy).length };
  }

  /** Resident memory of every running agent process group together (fresh within 2 s). */
  usedBytes(): number {
    let total = 0;
    for (const { backend } of this.backends.values()) {
      const state = backend.processState();
      if (state.state === 'running') total += this.rss.rss(state.pid) ?? 0;
    }
    return total;
  }

  /** What the memory policy decides over: each process's memory and, where it keeps them, its directories. */
  memorySnapshot(budgetBytes: number, instanceIdleMs: number): MemoryInput {
    const sessions = this.list();
    const processes: ProcessMemory[] = [];
    for (const [process, entry] of this.backends) {
      const state = entry.backend.processState();
      if (state.state !== 'running') continue;
      const rssBytes = this.rss.rss(state.pid);
      if (rssBytes === undefined) continue;
      const baselineBytes = entry.baseline?.pid === state.pid ? entry.baseline.bytes : undefined;
      const agent = entry.agent;
      const mine = sessions.filter((s) => s.process === process);
      const instances = profileKeepsDirectoryInstances(entry.backend.profileId())
        ? [...entry.directories].map(([directory, lastUsedAt]) => {
            const here = mine.filter((s) => s.handle.cwd === directory);
            return { directory, live: here.length > 0, busy: here.some((s) => s.busy), lastUsedAt };
          })
        : undefined;
      processes.push({ agent, rssBytes, ...(baselineBytes !== undefined ? { baselineBytes } : {}), ...(instances ? { instances } : {}) });
    }
    return {
      now: this.now(),
      budgetBytes,
      instanceIdleMs,
      processes,
      sessions: sessions.map((s) => ({ key: s.key, agent: s.agent, busy: s.busy, lastUsedAt: s.lastUsedAt, prewarmed: s.prewarmed })),
    };
  }

  /**
   * Restarts an agent's process to give back its memory, only while none of its sessions runs a
   * turn or is opening: its sessions are let go and resume by id on their next turn. The new
   * process starts lazily, with the next turn or pre-warm.
   */
  async recycleBackend(agent: string): Promise<boolean> {
    if (this.list().some((s) => s.agent === agent && s.busy)) return false;
    if ([...this.opening.keys()].some((k) => parseSessionKey(k).agent === agent)) return false;
    if (this.processesOf(agent).length === 0) return false;
    await this.disposeBackend(agent);
    return true;
  }

  async applyEvictions(evictions: Eviction[]): Promise<void> {
    for (const e of evictions) {
      const s = this.sessions.get(e.key);
      if (s?.ephemeral) {
        if (!s.busy) await this.close(s);
        continue;
      }
      const { chatId, agent } = parseSessionKey(e.key);
      await this.evict(chatId, agent);
    }
  }

  /** Lets a session go (it reattaches on its next turn). A busy one is left alone. */
  async evict(chatId: string, agent: string, status: 'evicted' | 'closed' = 'evicted'): Promise<boolean> {
    const key = sessionKey(chatId, agent);
    const s = this.sessions.get(key);
    if (!s || s.busy) return false;
    this.sessions.delete(key);
    s.unsubscribeOptions();
    this.store.sessions.setStatus(chatId, agent, status);
    await s.handle.dispose().catch(() => {});
    await this.stopIfWorktreeDone(s.process);
    this.changed();
    return true;
  }

  /**
   * Drops a session the agent can no longer be trusted with (it answered out of step) and
   * forgets its id, so the next open starts a new one and the chat's history is handed over.
   */
  async discard(session: LiveSession): Promise<void> {
    if (this.sessions.get(session.key) === session) this.sessions.delete(session.key);
    session.unsubscribeOptions();
    this.store.sessions.clearExternalSession(session.chatId, session.agent);
    await session.handle.dispose().catch(() => {});
    await this.stopIfWorktreeDone(session.process);
    this.changed();
  }

  async evictChat(chatId: string, status: 'evicted' | 'closed' = 'closed'): Promise<void> {
    for (const [key, pending] of [...this.opening]) {
      const { chatId: of, agent } = parseSessionKey(key);
      if (of === chatId && pending.prewarm && !pending.claimed) await this.cancelPrewarm(chatId, agent);
    }
    for (const s of this.list()) {
      if (s.chatId !== chatId || s.ephemeral) continue;
      const wasPrewarm = s.prewarmed;
      await this.evict(chatId, s.agent, status);
      // A process that only a never-used pre-warm of this chat started has no reason to run on.
      if (wasPrewarm) await this.stopIfUnused(s.process);
    }
  }

  /**
   * The agent's warm shared process, started if needed (for questions asked outside a chat's
   * session, like its models or a commit message draft): even an agent that runs one process per
   * worktree answers those from one process of its own, in the sandbox over every worktree.
   */
  async startBackend(spec: AgentSpec): Promise<AgentBackend> {
    const backend = this.backendFor(spec, spec.id, '');
    await backend.start();
    return backend;
  }

  /** One of the agent's processes (they are alike but for the worktree they are confined to). */
  backend(agent: string): AgentBackend | undefined {
    return this.processesOf(agent)[0]?.backend;
  }

  /** The agents with a process. */
  backendIds(): string[] {
    return [...new Set([...this.backends.values()].map((e) => e.agent))];
  }

  /** Every process, for the health checks: its key (for `disposeProcess`), agent and backend. */
  processes(): { process: string; agent: string; backend: AgentBackend }[] {
    return [...this.backends].map(([process, e]) => ({ process, agent: e.agent, backend: e.backend }));
  }

  private processesOf(agent: string): BackendEntry[] {
    return [...this.backends.values()].filter((e) => e.agent === agent);
  }

  /** Whether any session of the agent is in a turn right now. */
  isBusy(agent: string): boolean {
    return [...this.sessions.values()].some((s) => s.agent === agent && s.busy);
  }

  /** Stops an agent's processes (each with its whole process group); its sessions reattach on their next turn. */
  async disposeBackend(agent: string): Promise<void> {
    const keys = [...this.backends].filter(([, e]) => e.agent === agent).map(([k]) => k);
    await Promise.all(keys.map((k) => this.disposeProcess(k)));
  }

  /** Stops one process (and its process group); its sessions reattach on their next turn. */
  async disposeProcess(process: string): Promise<void> {
    const entry = this.backends.get(process);
    if (!entry) return;
    this.backends.delete(process);
    entry.unsubscribeCrash();
    this.forgetSessionsOf(process, 'evicted');
    await entry.backend.dispose().catch(() => {});
    this.changed();
  }

  status(chatTitle: (chatId: string) => string, budgetBytes = 0): AgentsStatus {
    const now = this.now();
    const sessions = this.list().map((s) => ({
      chatId: s.chatId,
      chatTitle: chatTitle(s.chatId),
      agent: s.agent,
      busy: s.busy,
      idleMs: s.busy ? 0 : now - s.lastUsedAt,
      ...(s.handle.pid !== undefined ? { pid: s.handle.pid } : {}),
      externalSessionId: s.handle.externalSessionId,
      ...(s.prewarmed ? { prewarmed: true } : {}),
    }));
    const processes: AgentsStatus['processes'] = [];
    for (const [process, { agent, backend }] of this.backends) {
      const state = backend.processState();
      if (state.state !== 'running') continue;
      const rss = this.rss.rss(state.pid);
      processes.push({
        agent,
        pid: state.pid,
        ...(rss !== undefined ? { rssBytes: rss } : {}),
        sessions: this.list().filter((s) => s.process === process).length,
        startedAt: state.startedAt,
      });
    }
    this.rss.retain(new Set(processes.map((p) => p.pid)));
    const busyChats = [...new Set(sessions.filter((s) => s.busy).map((s) => s.chatId))];
    const usedBytes = processes.reduce((sum, p) => sum + (p.rssBytes ?? 0), 0);
    return { sessions, processes, busyChats, memory: { usedBytes, budgetBytes } };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.allSettled([...this.opening.values()].map((o) => o.promise));
    for (const s of this.list()) {
      s.unsubscribeOptions();
      if (!s.ephemeral) this.store.sessions.setStatus(s.chatId, s.agent, 'evicted');
      await s.handle.dispose().catch(() => {});
    }
    this.sessions.clear();
    await Promise.allSettled([...this.backends.keys()].map((k) => this.disposeProcess(k)));
  }
}

/** A pre-warm's open that was cancelled before it arrived: nothing went live. */
export class PrewarmCancelled extends AppError {
  constructor() {
    super('PrewarmCancelled', 'The pre-warm was cancelled before its session was ready.');
  }
}
