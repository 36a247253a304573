import { dismissEnvironmentNotice, useAgentSetup } from '../store/agent-setup-store';

/** Why the agents may lack the user's PATH and keys: the login shell's environment could not be read at start. */
export function EnvironmentNotice() {
  const environment = useAgentSetup((s) => s.environment);
  const dismissed = useAgentSetup((s) => s.environmentDismissed);
  if (!environment?.notice || dismissed) return null;
  return (
    <div className="notice-strip">
      <div className="error-callout error-callout--warn" role="status" data-error-name="ShellEnvironment">
        <div className="error-callout__head">
          <strong>Your shell environment was not read</strong>
          <button className="icon-button" aria-label="Dismiss" onClick={dismissEnvironmentNotice}>
            ×
          </button>
        </div>
        <div className="error-callout__message">{environment.notice}</div>
      </div>
    </div>
  );
}
