import type { AgentsStatus } from '../../src-preload/contract';
import { formatBytes } from '../state/format';

/** What every agent process uses together, against the memory budget the supervisor keeps. */
export function MemoryMeter({ memory }: { memory: AgentsStatus['memory'] }) {
  if (!memory) return null;
  const { usedBytes, budgetBytes } = memory;
  if (budgetBytes === 0) {
    return (
      <p className="memory-meter muted" data-testid="memory-meter">
        Agents use {formatBytes(usedBytes)} · no memory budget (set one in Settings)
      </p>
    );
  }
  const share = usedBytes / budgetBytes;
  const level = share > 1 ? ' memory-meter--over' : share > 0.9 ? ' memory-meter--high' : '';
  return (
    <div className={`memory-meter${level}`} data-testid="memory-meter" title="Over the budget, idle sessions are let go, least recently used first; a busy one never is">
      <div className="memory-meter__bar" role="meter" aria-label="Agent memory" aria-valuemin={0} aria-valuemax={budgetBytes} aria-valuenow={usedBytes}>
        <div className="memory-meter__fill" style={{ width: `${Math.min(100, share * 100).toFixed(1)}%` }} />
      </div>
      <span className="small">
        {formatBytes(usedBytes)} of {formatBytes(budgetBytes)} budget
      </span>
    </div>
  );
}
