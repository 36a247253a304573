import type { AgentOptions, AgentsStatus } from '../../../src-preload/contract';
import type { AgentBackend, AgentSessionHandle, AgentSpec } from '../agents/agent-backend';
import type { Store } from '../store/store';
import { decideEvictions, type Eviction } from './lifecycle-policy';
import { RssSampler } from './process-group-rss';
import { parseSessionKey, sessionKey } from './session-key';

export type BackendFactory = (spec: AgentSpec) => AgentBackend;

export interface LiveSession {
  key: string;
  chatId: string;
  agent: string;
  handle: AgentSessionHandle;
  busy: boolean;
  lastUsedAt: number;
  /** Last time a busy turn on this session produced an event (for stuck-turn detection). */
  lastActivityAt: number;
  /** Stops listening to the session's option changes. */
  unsubscribeOptions: () => void;
  /** What was last stored of what the session reports of itself (to skip writing it again unchanged). */
  reportedKey?: string;
  /**
   * Not the chat's own (chat, agent) session but a scratch one (an arena contestant's): it counts
   * toward the cap and is never evicted while busy, but has no agent_sessions row to keep up.
   */
  ephemeral?: boolean;
}

export type OptionsListener = (chatId: string, agent: string, options: AgentOptions) => void;

interface BackendEntry {
  backend: AgentBackend;
  specJson: string;
  unsubscribeCrash: () => void;
}

export interface PoolLimits {
  idleTtlMs: number;
  maxLiveSessions: number;
}

/**
 * The live (chat, agent) sessions and the agent processes that host them: lazy get-or-create,
 * eviction by the lifecycle policy, crash bookkeeping. One backend (one warm process) per agent.
 */
export class AgentPool {
  private readonly backends = new Map<string, BackendEntry>();
  private readonly sessions = new Map<string, LiveSession>();
  /** Opening sessions, so two callers for one key share one open (never two sessions for one key). */
  private readonly opening = new Map<string, Promise<LiveSession>>();
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
    try {
      this.store.agentOptions.save(agent, options);
    } catch {
      // Only the memory for the next chat is lost; the live session still answers.
    }
    for (const l of this.optionsListeners) l(chatId, agent, options);
  }

  get(chatId: string, agent: string): LiveSession | undefined {
    return this.sessions.get(sessionKey(chatId, agent));
  }

  list(): LiveSession[] {
    return [...this.sessions.values()];
  }

  /** The warm session for (chat, agent), reattaching to the stored one or opening a new one. */
  async getOrCreate(chatId: string, spec: AgentSpec, cwd: string): Promise<LiveSession> {
    if (this.disposed) throw new Error('The agent pool is shut down.');
    const key = sessionKey(chatId, spec.id);
    const live = this.sessions.get(key);
    if (live) return live;
    const pending = this.opening.get(key);
    if (pending) return pending;
    const open = this.open(key, chatId, spec, cwd).finally(() => this.opening.delete(key));
    this.opening.set(key, open);
    return open;
  }

  /**
   * A new session of `spec` in `cwd` under its own key (`owner` instead of the chat id), for work
   * that must not share the chat's session: an arena contestant in its scratch worktree.
   */
  async openEphemeral(owner: string, chatId: string, spec: AgentSpec, cwd: string): Promise<LiveSession> {
    if (this.disposed) throw new Error('The agent pool is shut down.');
    const key = sessionKey(owner, spec.id);
    const existing = this.sessions.get(key) ?? (await this.opening.get(key));
    if (existing) return existing;
    const open = this.open(key, chatId, spec, cwd, { ephemeral: true }).finally(() => this.opening.delete(key));
    this.opening.set(key, open);
    return open;
  }

  /** Lets an ephemeral session go (its work is over). */
  async close(session: LiveSession): Promise<void> {
    if (this.sessions.get(session.key) === session) this.sessions.delete(session.key);
    session.unsubscribeOptions();
    await session.handle.dispose().catch(() => {});
    this.changed();
  }

  private async open(key: string, chatId: string, spec: AgentSpec, cwd: string, options: { ephemeral?: boolean } = {}): Promise<LiveSession> {
    // Make room first, so the cap holds once this one is live.
    await this.applyEvictions(this.decide(1));
    const backend = this.backendFor(spec);
    await backend.start();
    const stored = options.ephemeral ? undefined : this.store.sessions.get(chatId, spec.id);
    const handle = await backend.openSession({
      cwd,
      ...(stored?.externalSessionId ? { resumeSessionId: stored.externalSessionId, reportedCost: stored.reportedCost } : {}),
    });
    const now = this.now();
    // A contestant's options (its mode, its commands) are not the chat's session's: nobody is told.
    const unsubscribeOptions = options.ephemeral ? () => {} : handle.onOptionsChange((o) => this.optionsChanged(chatId, spec.id, o));
    const session: LiveSession = { key, chatId, agent: spec.id, handle, busy: false, lastUsedAt: now, lastActivityAt: now, unsubscribeOptions };
    if (options.ephemeral) session.ephemeral = true;
    this.sessions.set(key, session);
    if (!options.ephemeral) this.store.sessions.upsert(chatId, spec.id, { externalSessionId: handle.externalSessionId, status: 'idle', lastUsedAt: now });
    if (handle.origin === 'new' && !options.ephemeral) void handle.options().then((o) => this.optionsChanged(chatId, spec.id, o), () => {});
    this.changed();
    return session;
  }

  private backendFor(spec: AgentSpec): AgentBackend {
    const specJson = JSON.stringify(spec);
    const existing = this.backends.get(spec.id);
    if (existing && existing.specJson === specJson) return existing.backend;
    if (existing) {
      // The user changed the agent's command or env: the old process serves its sessions until they end.
      void this.disposeBackend(spec.id);
    }
    const backend = this.createBackend(spec);
    const unsubscribeCrash = backend.onCrash(() => this.forgetSessionsOf(spec.id, 'crashed'));
    this.backends.set(spec.id, { backend, specJson, unsubscribeCrash });
    return backend;
  }

  /** After a process died, its sessions are gone: they reattach (or start anew) on their next turn. */
  private forgetSessionsOf(agent: string, status: 'crashed' | 'evicted'): void {
    for (const s of [...this.sessions.values()]) {
      if (s.agent !== agent) continue;
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
      sessions: this.list().map((s) => ({ key: s.key, busy: s.busy, lastUsedAt: s.lastUsedAt })),
    });
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
    this.changed();
  }

  async evictChat(chatId: string, status: 'evicted' | 'closed' = 'closed'): Promise<void> {
    for (const s of this.list()) if (s.chatId === chatId && !s.ephemeral) await this.evict(chatId, s.agent, status);
  }

  /** The agent's warm process, started if needed (for questions asked outside a session, like its models). */
  async startBackend(spec: AgentSpec): Promise<AgentBackend> {
    const backend = this.backendFor(spec);
    await backend.start();
    return backend;
  }

  backend(agent: string): AgentBackend | undefined {
    return this.backends.get(agent)?.backend;
  }

  backendIds(): string[] {
    return [...this.backends.keys()];
  }

  /** Stops an agent's process (and its whole process group); its sessions reattach on their next turn. */
  async disposeBackend(agent: string): Promise<void> {
    const entry = this.backends.get(agent);
    if (!entry) return;
    this.backends.delete(agent);
    entry.unsubscribeCrash();
    this.forgetSessionsOf(agent, 'evicted');
    await entry.backend.dispose().catch(() => {});
    this.changed();
  }

  status(chatTitle: (chatId: string) => string): AgentsStatus {
    const now = this.now();
    const sessions = this.list().map((s) => ({
      chatId: s.chatId,
      chatTitle: chatTitle(s.chatId),
      agent: s.agent,
      busy: s.busy,
      idleMs: s.busy ? 0 : now - s.lastUsedAt,
      ...(s.handle.pid !== undefined ? { pid: s.handle.pid } : {}),
      externalSessionId: s.handle.externalSessionId,
    }));
    const processes: AgentsStatus['processes'] = [];
    for (const [agent, { backend }] of this.backends) {
      const state = backend.processState();
      if (state.state !== 'running') continue;
      const rss = this.rss.rss(state.pid);
      processes.push({
        agent,
        pid: state.pid,
        ...(rss !== undefined ? { rssBytes: rss } : {}),
        sessions: sessions.filter((s) => s.agent === agent).length,
        startedAt: state.startedAt,
      });
    }
    this.rss.retain(new Set(processes.map((p) => p.pid)));
    const busyChats = [...new Set(sessions.filter((s) => s.busy).map((s) => s.chatId))];
    return { sessions, processes, busyChats };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.allSettled([...this.opening.values()]);
    for (const s of this.list()) {
      s.unsubscribeOptions();
      if (!s.ephemeral) this.store.sessions.setStatus(s.chatId, s.agent, 'evicted');
      await s.handle.dispose().catch(() => {});
    }
    this.sessions.clear();
    await Promise.allSettled([...this.backends.keys()].map((a) => this.disposeBackend(a)));
  }
}
