import { dismissNotice, useUi } from '../store/ui-store';
import { ErrorCallout } from './ErrorCallout';

/** Errors that belong to no panel, newest last; each can be dismissed. */
export function NoticeStrip() {
  const notices = useUi((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <div className="notice-strip">
      {notices.map((n) => (
        <ErrorCallout key={n.id} error={n} onDismiss={() => dismissNotice(n.id)} />
      ))}
    </div>
  );
}
