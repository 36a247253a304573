/**
 * What to do about an agent process after a health probe, decided with no I/O. A dead or
 * unresponsive process is restarted, but not under a running turn unless that turn has been
 * silent past the grace period (then it is stuck, and its turn is failed with the reason).
 */
export interface ProcessHealthSnapshot {
  agent: string;
  running: boolean;
  probeOk: boolean;
  /** Time of the most recent event of any busy turn on this process, or null when none is busy. */
  lastBusyActivityAt: number | null;
}

export type HealthAction =
  | { agent: string; action: 'ok' }
  | { agent: string; action: 'wait'; reason: string }
  | { agent: string; action: 'restart'; reason: string };

export function decideHealth(p: ProcessHealthSnapshot, now: number, staleGraceMs: number): HealthAction {
  if (!p.running || p.probeOk) return { agent: p.agent, action: 'ok' };
  if (p.lastBusyActivityAt !== null && now - p.lastBusyActivityAt < staleGraceMs) {
    return { agent: p.agent, action: 'wait', reason: 'not answering, but a turn is running and still recent' };
  }
  return {
    agent: p.agent,
    action: 'restart',
    reason: p.lastBusyActivityAt === null ? 'not answering its health check' : `not answering, and its turn has been silent for over ${Math.round(staleGraceMs / 1000)} s`,
  };
}
