import { useEffect, useMemo } from 'react';
import type { Usage } from '../../src-preload/contract';
import { formatCost, formatTokens } from '../state/format';
import { chatUsage, sumUsage } from '../state/usage-select';
import { loadUsage, useUsage } from '../store/usage-store';
import { useWorkspace } from '../store/workspace-store';

function UsageCells({ u }: { u: Usage }) {
  return (
    <>
      <td>{formatTokens(u.inputTokens)}</td>
      <td>{formatTokens(u.outputTokens)}</td>
      <td>{formatTokens(u.reasoningTokens)}</td>
      <td title={`read ${u.cacheReadTokens} · write ${u.cacheWriteTokens}`}>
        {formatTokens(u.cacheReadTokens)} / {formatTokens(u.cacheWriteTokens)}
      </td>
      <td>{formatCost(u.cost)}</td>
    </>
  );
}

/** Tokens and cost: this chat per agent (live), the repository and today. */
export function UsagePanel({ chatId }: { chatId: string }) {
  const live = useUsage((s) => s.live);
  const summary = useUsage((s) => s.summary);
  const repoId = useWorkspace((s) => s.activeRepoId);
  useEffect(() => {
    void loadUsage(repoId);
  }, [repoId]);
  const rows = useMemo(() => chatUsage(live, chatId), [live, chatId]);
  const chatTotal = useMemo(() => sumUsage(rows.map((r) => r.usage)), [rows]);
  return (
    <section className="usage" aria-label="Usage">
      <header className="panel-head">
        <div className="panel-head__title">Usage</div>
      </header>
      <table className="usage__table">
        <thead>
          <tr>
            <th />
            <th>Input</th>
            <th>Output</th>
            <th>Reasoning</th>
            <th>Cache r/w</th>
            <th>Cost</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                Nothing used in this chat yet.
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.agent} data-agent={r.agent}>
              <th>
                <span className="agent-badge" data-agent={r.agent}>
                  {r.agent}
                </span>
              </th>
              <UsageCells u={r.usage} />
            </tr>
          ))}
          {rows.length > 1 && (
            <tr className="usage__total">
              <th>This chat</th>
              <UsageCells u={chatTotal} />
            </tr>
          )}
        </tbody>
        {summary && (
          <tfoot>
            <tr className="usage__total">
              <th>This repo</th>
              <UsageCells u={summary.repoTotal} />
            </tr>
            <tr className="usage__total">
              <th>Today</th>
              <UsageCells u={summary.today} />
            </tr>
          </tfoot>
        )}
      </table>
    </section>
  );
}
