import { useEffect, useRef } from 'react';
import { clearSetup, loadSetup, replySetup, useSetup } from '../store/setup-store';

/** The repository's setup script running in this chat's new worktree: its output, and on failure the user's choice. */
export function SetupPanel({ chatId }: { chatId: string }) {
  const state = useSetup((s) => s.byChat[chatId]);
  const logRef = useRef<HTMLPreElement>(null);
  useEffect(() => {
    void loadSetup(chatId);
  }, [chatId]);
  useEffect(() => {
    if (logRef.current) logRef.current.scrollTop = logRef.current.scrollHeight;
  }, [state?.log]);
  if (!state) return null;
  if (state.status === 'succeeded') {
    return (
      <details className="setup setup--done" aria-label="Worktree setup" data-setup-status="succeeded">
        <summary className="small">
          Worktree set up by the repository’s setup script
          <button
            className="icon-button"
            aria-label="Dismiss"
            onClick={(e) => {
              e.preventDefault();
              clearSetup(chatId);
            }}
          >
            ×
          </button>
        </summary>
        <pre className="setup__log">{state.log || '(no output)'}</pre>
      </details>
    );
  }
  const failed = state.status === 'failed';
  return (
    <section className={`setup ${failed ? 'setup--failed' : ''}`} aria-label="Worktree setup" data-setup-status={state.status}>
      <div className="setup__head">
        <strong>{failed ? (state.timedOut ? 'Setup script timed out' : `Setup script failed (exit ${state.exitCode ?? '?'})`) : 'Setting up the worktree…'}</strong>
        <span className="muted small">{failed ? 'The turn waits for your choice.' : 'The repository’s setup script runs before the first turn.'}</span>
      </div>
      <pre className="setup__log" ref={logRef}>
        {state.log || '(no output yet)'}
      </pre>
      {failed && (
        <div className="setup__actions">
          <button className="button button--primary small" onClick={() => void replySetup(chatId, 'retry')}>
            Retry
          </button>
          <button className="button small" onClick={() => void replySetup(chatId, 'continue')}>
            Continue without it
          </button>
          <button className="button small button--danger-ghost" onClick={() => void replySetup(chatId, 'cancel')}>
            Cancel the turn
          </button>
        </div>
      )}
    </section>
  );
}
