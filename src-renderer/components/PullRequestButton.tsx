import { useState } from 'react';
import { pullRequest } from '../store/branch-store';
import { Popover } from './Popover';

/** Pushes the chat's branch and opens a pull request into the base branch, with an optional title and body (gh fills them from the commits otherwise). */
export function PullRequestButton({ chatId, remote, base, disabled, busy }: { chatId: string; remote: string; base: string; disabled: boolean; busy: boolean }) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  return (
    <Popover
      open={open}
      onClose={() => setOpen(false)}
      align="right"
      trigger={
        <button className="button small" aria-expanded={open} disabled={disabled} onClick={() => setOpen(!open)}>
          {busy ? 'Opening…' : 'Pull request'}
        </button>
      }
    >
      <form
        className="pr-form"
        aria-label="Pull request"
        onSubmit={(e) => {
          e.preventDefault();
          setOpen(false);
          void pullRequest(chatId, remote, title.trim() || undefined, body);
        }}
      >
        <div className="small muted">
          Into <strong>{base}</strong> on <strong>{remote}</strong>; the branch is pushed first.
        </div>
        <input className="input" aria-label="Pull request title" placeholder="Title (empty: from the commits)" value={title} onChange={(e) => setTitle(e.target.value)} />
        <textarea className="input" aria-label="Pull request description" placeholder="Description" rows={4} value={body} onChange={(e) => setBody(e.target.value)} />
        <button type="submit" className="button button--primary small">
          Open pull request
        </button>
      </form>
    </Popover>
  );
}
