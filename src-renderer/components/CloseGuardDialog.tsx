import { useEffect, useRef } from 'react';
import { riskLines } from '../state/changes-select';
import { useUi } from '../store/ui-store';
import { archiveChat } from '../store/workspace-store';

/** The work-loss guard: closing a chat with unapplied or uncommitted work says what would be lost. */
export function CloseGuardDialog() {
  const guard = useUi((s) => s.closeGuard);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (guard && !d.open) d.showModal();
    if (!guard && d.open) d.close();
  }, [guard]);
  const cancel = () => useUi.setState({ closeGuard: null });
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="guard-title" onCancel={cancel}>
      {guard && (
        <>
          <h2 id="guard-title" className="dialog__title">
            Close “{guard.title}”?
          </h2>
          <p>Closing archives the chat and removes its worktree. This work is not in your checkout:</p>
          <ul className="dialog__list">
            {riskLines(guard.risk).map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          <p className="muted small">Apply or discard it first. Archived anyway, it stays in the archived chat until you restore it.</p>
          <div className="dialog__actions">
            <button className="button" autoFocus onClick={cancel}>
              Keep open
            </button>
            <button className="button button--danger" onClick={() => void archiveChat(guard.chatId, true)}>
              Archive anyway
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
