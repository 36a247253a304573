import type { ErrorView } from '../state/describe-error';

/** A named error in plain words: what happened, the core's message, its details (children), what to do, and what can be done about it at once (actions). */
export function ErrorCallout({ error, children, actions, onDismiss }: { error: ErrorView; children?: React.ReactNode; actions?: React.ReactNode; onDismiss?: () => void }) {
  return (
    <div className="error-callout" role="alert" data-error-name={error.name}>
      <div className="error-callout__head">
        <strong>{error.title}</strong>
        <code className="error-callout__name">{error.name}</code>
        {onDismiss && (
          <button className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </button>
        )}
      </div>
      <div className="error-callout__message">{error.message}</div>
      {children}
      {error.hint && <div className="error-callout__hint">{error.hint}</div>}
      {actions && <div className="error-callout__actions">{actions}</div>}
    </div>
  );
}
