import { useMemo, useState } from 'react';
import { baseName } from '../state/format';
import { unifiedDiff } from '../state/line-diff';
import { exitLabel, outputSize, shellView } from '../state/shell-tool';
import { shortenToolTitle } from '../state/tool-title';
import type { ToolPart } from '../state/transcript-reducer';
import { DiffView } from './DiffView';

const STATUS_LABEL: Record<string, string> = { pending: 'pending', in_progress: 'running', completed: 'done', failed: 'failed' };

/**
 * A tool call: its title, kind and status, and (folded) the diff it made and its output. A
 * shell/exec call also shows its command line and exit code; a failed one opens its output.
 */
export function ToolCallView({ tool }: { tool: ToolPart }) {
  const shell = shellView(tool);
  const [userOpen, setUserOpen] = useState<boolean | null>(null);
  const open = userOpen ?? shell?.failed ?? false;
  const diff = useMemo(() => (open ? tool.diffs.map((d) => unifiedDiff(d.path, d.oldText, d.newText)).join('') : ''), [open, tool.diffs]);
  const hasDetail = tool.diffs.length > 0 || !!tool.output;
  // Agents report absolute worktree paths; the file name says enough when the title lacks it.
  const title = shortenToolTitle(shell?.title ?? tool.title, tool.diffs.map((d) => d.path));
  const names = tool.diffs.map((d) => baseName(d.path)).filter((n) => !title.includes(n));
  const files = names.join(', ');
  return (
    <div className={`tool tool--${tool.status}${shell ? ' tool--shell' : ''}`} data-tool-status={tool.status}>
      <button className="tool__head" onClick={() => setUserOpen(!open)} disabled={!hasDetail} aria-expanded={hasDetail ? open : undefined}>
        <span className={`status-dot status-dot--${tool.status}`} />
        <span className="tool__title" title={tool.title}>
          {title}
        </span>
        {tool.toolKind && <span className="badge badge--muted">{tool.toolKind}</span>}
        {shell?.exitCode != null && (
          <span className={`badge ${shell.failed ? 'badge--exit-failed' : 'badge--exit-ok'}`} data-testid="exit-code" data-exit-code={shell.exitCode}>
            {exitLabel(shell.exitCode)}
          </span>
        )}
        {files && (
          <span className="muted small" title={tool.diffs.map((d) => d.path).join('\n')}>
            {files}
          </span>
        )}
        <span className="tool__status small">
          {shell && tool.output ? `${outputSize(tool.output)} · ` : ''}
          {STATUS_LABEL[tool.status] ?? tool.status}
          {hasDetail && <span className="tool__chevron" aria-hidden>{open ? '▾' : '▸'}</span>}
        </span>
      </button>
      {shell?.command && (
        <pre className="tool__command" data-testid="tool-command">
          <span className="tool__prompt" aria-hidden>
            ${' '}
          </span>
          {shell.command}
        </pre>
      )}
      {open && (
        <div className="tool__body">
          {diff && <DiffView diff={diff} />}
          {tool.output && <pre className="tool__output">{tool.output}</pre>}
        </div>
      )}
    </div>
  );
}
