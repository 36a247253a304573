import { useEffect, useMemo, useState } from 'react';
import { contributors, totals, unseenEditors } from '../state/changes-select';
import { joinNames } from '../state/format';
import { choiceFor, selectSessions, useAgents } from '../store/agents-store';
import { applyChanges, discardChanges, dismissChangesError, selectChanges, setAllSelected, toggleFile, useChanges } from '../store/changes-store';
import { BranchBar } from './BranchBar';
import { ChangeRow } from './ChangeRow';
import { CommitBox } from './CommitBox';
import { DiffView, type DiffLayout } from './DiffView';
import { ErrorCallout } from './ErrorCallout';

/** The chat's branch and pending change: files by agent, a diff, apply / discard / commit of the selected files, push and update. */
export function ChangesPanel({ chatId }: { chatId: string }) {
  const changes = useChanges(selectChanges(chatId));
  const sessions = useAgents(selectSessions(chatId));
  const agent = useAgents((s) => choiceFor(s, chatId).agent);
  const [layout, setLayout] = useState<DiffLayout>('line-by-line');
  const [shown, setShown] = useState<string | null>(null);
  const { files, selected } = changes;

  useEffect(() => {
    if (!shown || !files.some((f) => f.path === shown)) setShown(files[0]?.path ?? null);
  }, [files, shown]);

  const who = useMemo(() => contributors(files), [files]);
  const sum = useMemo(() => totals(files), [files]);
  const unseen = agent ? unseenEditors(agent, sessions, files) : [];
  const file = files.find((f) => f.path === shown);
  const allSelected = files.length > 0 && selected.size === files.length;

  return (
    <section className="changes" aria-label="Changes">
      <header className="panel-head">
        <div className="panel-head__title">
          {files.length === 0 ? 'No pending changes' : who.length > 1 ? `Changes from ${joinNames(who)}` : `Changes from ${who[0]}`}
        </div>
        {files.length > 0 && (
          <div className="small muted">
            {files.length} file{files.length === 1 ? '' : 's'} · <span className="plus">+{sum.additions}</span> <span className="minus">−{sum.deletions}</span>
          </div>
        )}
      </header>
      <BranchBar chatId={chatId} />
      {unseen.length > 0 && agent && (
        <div className="hint small" data-testid="handoff-hint">
          {agent} has not seen {joinNames(unseen)}’s unapplied edits yet; its next prompt tells it.
        </div>
      )}
      {changes.error && <ErrorCallout error={changes.error} />}
      {changes.actionError && (
        <ErrorCallout error={changes.actionError} onDismiss={() => dismissChangesError(chatId)}>
          {changes.conflicts.length > 0 && (
            <ul className="conflict-list">
              {changes.conflicts.map((p) => (
                <li key={p}>
                  <code>{p}</code>
                </li>
              ))}
            </ul>
          )}
        </ErrorCallout>
      )}
      {changes.done && <div className="done small">{changes.done}</div>}
      {files.length === 0 ? (
        <div className="panel-empty muted">{changes.loaded ? 'When an agent edits files in this chat’s worktree, they show up here for review.' : 'Loading…'}</div>
      ) : (
        <>
          <div className="changes__toolbar">
            <label className="small">
              <input type="checkbox" checked={allSelected} onChange={() => setAllSelected(chatId, !allSelected)} /> All
            </label>
            <span className="composer__spacer" />
            <button className="button button--primary" disabled={selected.size === 0 || changes.busy} onClick={() => void applyChanges(chatId)}>
              Apply {selected.size > 0 ? selected.size : ''}
            </button>
            <button className="button button--danger-ghost" disabled={selected.size === 0 || changes.busy} onClick={() => void discardChanges(chatId)}>
              Discard
            </button>
          </div>
          <CommitBox chatId={chatId} selected={selected.size} />
          <ul className="changes__list">
            {files.map((f) => (
              <ChangeRow key={f.path} file={f} checked={selected.has(f.path)} current={f.path === shown} onToggle={() => toggleFile(chatId, f.path)} onShow={() => setShown(f.path)} />
            ))}
          </ul>
          {file && (
            <div className="changes__diff">
              <div className="changes__diff-bar small">
                <span className="changes__diff-path">{file.path}</span>
                <span className="segmented" role="group" aria-label="Diff layout">
                  <button className={layout === 'line-by-line' ? 'active' : ''} onClick={() => setLayout('line-by-line')}>
                    Unified
                  </button>
                  <button className={layout === 'side-by-side' ? 'active' : ''} onClick={() => setLayout('side-by-side')}>
                    Split
                  </button>
                </span>
              </div>
              {file.binary ? (
                <div className="panel-empty muted">Binary file: no text diff.</div>
              ) : (
                <>
                  <DiffView diff={file.diff} layout={layout} />
                  {file.truncated && <div className="muted small">The diff is truncated; apply works on the whole file.</div>}
                </>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
