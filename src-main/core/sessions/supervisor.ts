import type { AgentPool } from './agent-pool';
import { decideHealth } from './health-policy';
import { decideMemory } from './memory-policy';
import { parseSessionKey } from './session-key';

export interface SupervisorOptions {
  pool: AgentPool;
  intervalMs: number;
  /** How long a busy turn may be silent on an unresponsive process before it is given up. */
  staleGraceMs: number;
  probeTimeoutMs?: number;
  now?: () => number;
  /** Told about each restart, to fail the affected turns with a clear reason and to log. */
  onRestart?: (agent: string, reason: string) => void;
  /** The memory budget of all agent processes together, in bytes (0 = none); read every tick. */
  memoryBudgetBytes?: () => number;
  /** A directory of an agent that keeps one instance per directory counts as idle after this long (default 10 min). */
  directoryIdleMs?: number;
  /** Told about each process recycled to give memory back, and each session evicted for the budget. */
  onMemoryAction?: (action: { type: 'recycle'; agent: string; reason: string } | { type: 'evict'; chatId: string; agent: string; reason: string }) => void;
  /** After a recycle: the chats whose sessions on it were in use (not idle), to prepare again at once. */
  onRecycled?: (agent: string, activeChatIds: string[]) => void;
}

/** How long a directory an agent keeps booted may go unused before it counts as idle memory. */
export const DEFAULT_DIRECTORY_IDLE_MS = 10 * 60_000;

/**
 * The loop that keeps the machine clean: applies the eviction policy, keeps the agents within
 * the memory budget (evicting idle sessions, recycling a process whose memory is mostly idle
 * directories), and probes each agent process, restarting the ones that stopped answering. Decisions come from pure policies; this
 * only gathers the snapshot and carries out the actions. One tick at a time.
 */
export class Supervisor {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;

  constructor(private readonly options: SupervisorOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  /** One pass; concurrent callers share it. */
  tick(): Promise<void> {
    this.ticking ??= this.runTick().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async runTick(): Promise<void> {
    const { pool } = this.options;
    const now = this.options.now ?? Date.now;
    await pool.applyEvictions(pool.decide());
    await this.keepMemory();
    for (const { process, agent, backend } of pool.processes()) {
      const state = backend.processState();
      const running = state.state === 'running';
      const probeOk = running ? await withTimeout(backend.probe(), this.options.probeTimeoutMs ?? 5000).catch(() => false) : true;
      const busy = pool.list().filter((s) => s.process === process && s.busy);
      const lastBusyActivityAt = busy.length ? Math.max(...busy.map((s) => s.lastActivityAt)) : null;
      const action = decideHealth({ agent, running, probeOk, lastBusyActivityAt }, now(), this.options.staleGraceMs);
      if (action.action === 'restart') {
        this.options.onRestart?.(agent, action.reason);
        // Disposing stops the whole process group (freeing its port); busy turns end with AgentCrashed.
        await pool.disposeProcess(process);
      }
    }
  }

  /** Applies the memory policy once (the pool re-checks that nothing it touches is busy). */
  private async keepMemory(): Promise<void> {
    const { pool } = this.options;
    const idleMs = this.options.directoryIdleMs ?? DEFAULT_DIRECTORY_IDLE_MS;
    const snapshot = pool.memorySnapshot(this.options.memoryBudgetBytes?.() ?? 0, idleMs);
    for (const action of decideMemory(snapshot)) {
      if (action.type === 'recycle') {
        // The few chats still in use lose their warm session with the process: they are prepared again.
        const active = pool.list().filter((s) => s.agent === action.agent && snapshot.now - s.lastUsedAt < idleMs).map((s) => s.chatId);
        if (!(await pool.recycleBackend(action.agent))) continue;
        this.options.onMemoryAction?.(action);
        if (active.length > 0) this.options.onRecycled?.(action.agent, active);
      } else {
        const { chatId, agent } = parseSessionKey(action.key);
        if (await pool.evict(chatId, agent)) this.options.onMemoryAction?.({ type: 'evict', chatId, agent, reason: action.reason });
      }
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('probe timed out')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
