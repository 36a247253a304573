/**
 * What to do when the agents use too much memory, decided over a snapshot with no I/O.
 *
 * - A process that keeps an instance per directory it served (opencode) is recycled when no turn
 *   runs on it and most of its memory is directories nobody is using: its sessions resume by id on
 *   their next turn. Evicting such a session frees nothing (its directory stays booted), so this
 *   is the only way that memory comes back — and it applies with or without a budget.
 * - Over the budget (0 = none), idle sessions are evicted least recently used first (pre-warmed
 *   ones before any other), never a busy one, until the estimate is back under it; a process left
 *   with no session at all is then stopped (it starts again on its next turn).
 */

export interface DirectoryInstance {
  directory: string;
  /** A session in this directory is live on the process now. */
  live: boolean;
  busy: boolean;
  lastUsedAt: number;
}

export interface ProcessMemory {
  agent: string;
  rssBytes: number;
  /** Its memory before it served any directory (undefined: not measured). */
  baselineBytes?: number;
  /** Directory instances it has booted since it started, when it keeps them (else undefined). */
  instances?: DirectoryInstance[];
}

export interface SessionMemorySnapshot {
  key: string;
  agent: string;
  busy: boolean;
  lastUsedAt: number;
  prewarmed: boolean;
}

export interface MemoryInput {
  now: number;
  budgetBytes: number;
  /** A directory untouched this long counts as idle. */
  instanceIdleMs: number;
  processes: ProcessMemory[];
  sessions: SessionMemorySnapshot[];
}

export type MemoryAction =
  | { type: 'recycle'; agent: string; reason: string }
  | { type: 'evict'; key: string; reason: string };

const MB = 1024 * 1024;
const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;

export const totalRss = (processes: readonly ProcessMemory[]): number => processes.reduce((sum, p) => sum + p.rssBytes, 0);

/** True when the agents use more than `share` of the budget (never with no budget). */
export function underPressure(usedBytes: number, budgetBytes: number, share = 1): boolean {
  return budgetBytes > 0 && usedBytes > budgetBytes * share;
}

function idleInstances(p: ProcessMemory, now: number, instanceIdleMs: number): DirectoryInstance[] {
  return (p.instances ?? []).filter((i) => !i.busy && (!i.live || now - i.lastUsedAt >= instanceIdleMs));
}

/** Memory the process's directory instances hold (everything above its baseline). */
function instanceBytes(p: ProcessMemory): number {
  return p.baselineBytes === undefined ? 0 : Math.max(0, p.rssBytes - p.baselineBytes);
}

export function decideMemory(input: MemoryInput): MemoryAction[] {
  const actions: MemoryAction[] = [];
  const recycled = new Set<string>();
  let used = totalRss(input.processes);

  for (const p of input.processes) {
    if (!p.instances || p.instances.length === 0 || p.instances.some((i) => i.busy)) continue;
    const idle = idleInstances(p, input.now, input.instanceIdleMs);
    if (idle.length === 0) continue;
    const held = instanceBytes(p);
    const idleBytes = (held * idle.length) / p.instances.length;
    const mostlyIdle = idleBytes > p.rssBytes / 2;
    if (!mostlyIdle && !underPressure(used, input.budgetBytes)) continue;
    recycled.add(p.agent);
    used -= held;
    actions.push({
      type: 'recycle',
      agent: p.agent,
      reason: mostlyIdle
        ? `${idle.length} of its ${p.instances.length} directories are idle and hold about ${mb(idleBytes)} of its ${mb(p.rssBytes)}`
        : `over the memory budget, with ${idle.length} idle ${idle.length === 1 ? 'directory' : 'directories'}`,
    });
  }

  if (!underPressure(used, input.budgetBytes)) return actions;

  // Sessions whose process keeps directory instances free nothing when evicted alone.
  const byProcess = new Map(input.processes.map((p) => [p.agent, p]));
  const liveOn = new Map<string, number>();
  for (const s of input.sessions) liveOn.set(s.agent, (liveOn.get(s.agent) ?? 0) + 1);
  const candidates = input.sessions
    .filter((s) => !s.busy && !recycled.has(s.agent) && !byProcess.get(s.agent)?.instances)
    .sort((a, b) => Number(b.prewarmed) - Number(a.prewarmed) || a.lastUsedAt - b.lastUsedAt || a.key.localeCompare(b.key));
  for (const s of candidates) {
    if (!underPressure(used, input.budgetBytes)) break;
    const p = byProcess.get(s.agent);
    const remaining = liveOn.get(s.agent) ?? 1;
    // What one session costs its process, estimated as its share of what the process grew by.
    const share = p ? (p.baselineBytes === undefined ? p.rssBytes / (remaining + 1) : instanceBytes(p) / remaining) : 0;
    actions.push({ type: 'evict', key: s.key, reason: `over the memory budget (${mb(used)} of ${mb(input.budgetBytes)})` });
    used -= share;
    liveOn.set(s.agent, remaining - 1);
    if (p && remaining - 1 === 0) {
      actions.push({ type: 'recycle', agent: s.agent, reason: 'over the memory budget, with no session left' });
      recycled.add(s.agent);
      used -= p.rssBytes - share;
    }
  }
  // Processes with no session at all cost memory for nothing while the budget is exceeded.
  for (const p of input.processes) {
    if (!underPressure(used, input.budgetBytes)) break;
    if (recycled.has(p.agent) || (liveOn.get(p.agent) ?? 0) > 0 || p.instances?.some((i) => i.busy)) continue;
    actions.push({ type: 'recycle', agent: p.agent, reason: 'over the memory budget, with no session left' });
    recycled.add(p.agent);
    used -= p.rssBytes;
  }
  return actions;
}
