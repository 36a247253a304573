import { useEffect, useMemo } from 'react';
import type { Usage } from '../../src-preload/contract';
import { latestContextByAgent } from '../state/chat-transcript';
import { NO_COST, formatCost, formatTokens, joinNames } from '../state/format';
import { agentUsageRows, sumUsage, totalsCostReported, type AgentUsageRow } from '../state/usage-select';
import { selectSessions, useAgents } from '../store/agents-store';
import { selectTranscript, useTranscripts } from '../store/transcript-store';
import { loadUsage, useUsage } from '../store/usage-store';
import { useWorkspace } from '../store/workspace-store';
import { ContextMeter } from './ContextMeter';

const NO_ROWS: never[] = [];

/** A total that leaves out agents without a reported cost says whose cost it lacks. */
function partialCostNote(rows: readonly AgentUsageRow[]): string | undefined {
  const missing = rows.filter((r) => !r.costReported).map((r) => r.agent);
  return missing.length && missing.length < rows.length ? `Without ${joinNames(missing)}: no cost reported` : undefined;
}

function UsageCells({ u, costReported, costNote }: { u: Usage; costReported: boolean; costNote?: string }) {
  return (
    <>
      <td>{formatTokens(u.inputTokens)}</td>
      <td>{formatTokens(u.outputTokens)}</td>
      <td>{formatTokens(u.reasoningTokens)}</td>
      <td title={`read ${u.cacheReadTokens} · write ${u.cacheWriteTokens}`}>
        {formatTokens(u.cacheReadTokens)} / {formatTokens(u.cacheWriteTokens)}
      </td>
      {costReported ? (
        <td data-cost-reported="1" title={costNote}>
          {formatCost(u.cost)}
          {costNote && <span className="usage__partial">*</span>}
        </td>
      ) : (
        <td className="usage__no-cost" data-cost-reported="0" title="This agent does not say what its turns cost">
          {NO_COST}
        </td>
      )}
    </>
  );
}

/** Tokens, cost and context fill: this chat per agent (live), the repository and today. */
export function UsagePanel({ chatId }: { chatId: string }) {
  const live = useUsage((s) => s.live);
  const summary = useUsage((s) => s.summary);
  const repoId = useWorkspace((s) => s.activeRepoId);
  const sessions = useAgents(selectSessions(chatId));
  const transcript = useTranscripts(selectTranscript(chatId));
  useEffect(() => {
    void loadUsage(repoId);
  }, [repoId]);
  const liveContext = useMemo(() => latestContextByAgent(transcript), [transcript]);
  const rows = useMemo(() => agentUsageRows(live, chatId, sessions, summary?.rows ?? NO_ROWS, liveContext), [live, chatId, sessions, summary, liveContext]);
  const chatTotal = useMemo(() => sumUsage(rows.map((r) => r.usage)), [rows]);
  const totalsReported = summary ? totalsCostReported(summary) : null;
  const hasContext = rows.some((r) => r.context);
  return (
    <section className="usage" aria-label="Usage">
      <header className="panel-head">
        <div className="panel-head__title">Usage</div>
      </header>
      <div className="usage__scroll">
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
                <UsageCells u={r.usage} costReported={r.costReported} />
              </tr>
            ))}
            {rows.length > 1 && (
              <tr className="usage__total">
                <th>This chat</th>
                <UsageCells u={chatTotal} costReported={rows.some((r) => r.costReported)} costNote={partialCostNote(rows)} />
              </tr>
            )}
          </tbody>
          {summary && totalsReported && (
            <tfoot>
              <tr className="usage__total">
                <th>This repo</th>
                <UsageCells u={summary.repoTotal} costReported={totalsReported.repo} />
              </tr>
              <tr className="usage__total">
                <th>Today</th>
                <UsageCells u={summary.today} costReported={totalsReported.today} />
              </tr>
            </tfoot>
          )}
        </table>
      </div>
      {hasContext && (
        <>
          <header className="panel-head panel-head--sub">
            <div className="panel-head__title">Context window</div>
            <span className="muted small">per agent session in this chat</span>
          </header>
          <ul className="usage__context">
            {rows.map((r) => (
              <li key={r.agent} className="usage__context-row" data-agent={r.agent}>
                <span className="agent-badge" data-agent={r.agent}>
                  {r.agent}
                </span>
                {r.context ? <ContextMeter context={r.context} /> : <span className="muted small">not reported</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
