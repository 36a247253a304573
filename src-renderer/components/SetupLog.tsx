import { useEffect, useRef } from 'react';
import type { SetupChoice, SetupRun } from '../../src-preload/contract';

export interface SetupLogProps {
  run: Pick<SetupRun, 'status' | 'log' | 'exitCode' | 'timedOut'>;
  /** What the run holds up, said next to its title ("The turn waits for your choice."). */
  hint: string;
  /** Offered while a failed run waits: Retry, Continue without it, and cancel (labelled `cancelLabel`). */
  onChoice?: ((choice: SetupChoice) => void) | undefined;
  cancelLabel: string;
  /** A succeeded run folds away; this lets the user dismiss it. */
  onDismiss?: (() => void) | undefined;
}

/**
 * A repository's setup script run as it shows wherever it runs (a chat's new worktree, an arena
 * contestant's): its output as it comes, and on failure the log with the user's choice.
 */
export function SetupLog({ run, hint, onChoice, cancelLabel, onDismiss }: SetupLogProps) {
  const logRef = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (logRef.current) logRef.current.scrollTop = logRef.current.scrollHeight;
  }, [run.log]);
  if (run.status === 'succeeded') {
    return (
      <details className="setup setup--done" aria-label="Worktree setup" data-setup-status="succeeded">
        <summary className="small">
          Worktree set up by the repository’s setup script
          {onDismiss && (
            <button
              className="icon-button"
              aria-label="Dismiss"
              onClick={(e) => {
                e.preventDefault();
                onDismiss();
              }}
            >
              ×
            </button>
          )}
        </summary>
        <pre className="setup__log">{run.log || '(no output)'}</pre>
      </details>
    );
  }
  const failed = run.status === 'failed';
  return (
    <section className={`setup ${failed ? 'setup--failed' : ''}`} aria-label="Worktree setup" data-setup-status={run.status}>
      <div className="setup__head">
        <strong>{failed ? (run.timedOut ? 'Setup script timed out' : `Setup script failed (exit ${run.exitCode ?? '?'})`) : 'Setting up the worktree…'}</strong>
        <span className="muted small">{hint}</span>
      </div>
      <pre className="setup__log" ref={logRef}>
        {run.log || '(no output yet)'}
      </pre>
      {failed && onChoice && (
        <div className="setup__actions">
          <button className="button button--primary small" onClick={() => onChoice('retry')}>
            Retry
          </button>
          <button className="button small" onClick={() => onChoice('continue')}>
            Continue without it
          </button>
          <button className="button small button--danger-ghost" onClick={() => onChoice('cancel')}>
            {cancelLabel}
          </button>
        </div>
      )}
    </section>
  );
}
