import { useEffect, useState } from 'react';
import { dismissBranchOutcome, loadBranch, push, selectBranch, updateFromBase, useBranch } from '../store/branch-store';
import { ErrorCallout } from './ErrorCallout';
import { OpenInMenu } from './OpenInMenu';
import { PullRequestButton } from './PullRequestButton';

/** The chat's own branch: how far the base branch moved on, push and pull request, open the worktree, and the last action's outcome. */
export function BranchBar({ chatId }: { chatId: string }) {
  const branch = useBranch(selectBranch(chatId));
  const [remote, setRemote] = useState('origin');
  const [strategy, setStrategy] = useState<'merge' | 'rebase'>('merge');
  useEffect(() => {
    void loadBranch(chatId);
    // The base branch moves outside BooCoder (a commit in the user's terminal): look again on return.
    const onFocus = () => void loadBranch(chatId);
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [chatId]);
  const { status, busy } = branch;
  const remotes = status?.remotes ?? [];
  useEffect(() => {
    if (remotes.length > 0 && !remotes.some((r) => r.name === remote)) setRemote(remotes[0]!.name);
  }, [remotes, remote]);

  return (
    <div className="branch" aria-label="Branch">
      <div className="branch__row">
        <span className="branch__name mono small" title={status?.worktreePath ?? undefined}>
          {status?.branch ?? 'No branch yet'}
        </span>
        {status && status.unpushed > 0 && (
          <span className="badge" data-testid="unpushed">
            {status.unpushed} unpushed
          </span>
        )}
        {status?.upstream && status.unpushed === 0 && (
          <span className="badge badge--muted" title={`Tracks ${status.upstream}`}>
            pushed to {status.upstream.split('/')[0]}
          </span>
        )}
        <span className="composer__spacer" />
        <OpenInMenu chatId={chatId} />
      </div>
      {status?.base && status.base.behind > 0 && (
        <div className="branch__row">
          <span className="small">
            <strong>{status.base.branch}</strong> has {status.base.behind} new commit{status.base.behind === 1 ? '' : 's'}
          </span>
          <span className="composer__spacer" />
          <select className="select select--small" aria-label="Update strategy" value={strategy} onChange={(e) => setStrategy(e.target.value as 'merge' | 'rebase')}>
            <option value="merge">merge</option>
            <option value="rebase">rebase</option>
          </select>
          <button className="button small" disabled={busy !== null} onClick={() => void updateFromBase(chatId, strategy)}>
            {busy === 'update' ? 'Updating…' : `Update from ${status.base.branch}`}
          </button>
        </div>
      )}
      {status?.branch && (
        <div className="branch__row">
          {remotes.length === 0 ? (
            <span className="muted small">No remote to push to (git remote add origin …).</span>
          ) : (
            <>
              {remotes.length > 1 ? (
                <select className="select select--small" aria-label="Remote" value={remote} onChange={(e) => setRemote(e.target.value)}>
                  {remotes.map((r) => (
                    <option key={r.name} value={r.name}>
                      {r.name}
                    </option>
                  ))}
                </select>
              ) : (
                <span className="small muted" title={remotes[0]!.url}>
                  {remotes[0]!.name}
                </span>
              )}
              <span className="composer__spacer" />
              <button className="button small" disabled={busy !== null} onClick={() => void push(chatId, remote)}>
                {busy === 'push' ? 'Pushing…' : 'Push'}
              </button>
              <PullRequestButton
                chatId={chatId}
                remote={remote}
                base={status.base?.branch ?? ''}
                disabled={busy !== null || !status.base || status.base.branch === 'HEAD'}
                busy={busy === 'pullRequest'}
              />
            </>
          )}
        </div>
      )}
      {branch.done && <div className="done small">{branch.done}</div>}
      {branch.link && (
        <div className="branch__link small">
          <a href={branch.link.url} target="_blank" rel="noreferrer">
            {branch.link.label}
          </a>
        </div>
      )}
      {branch.error && (
        <ErrorCallout error={branch.error} onDismiss={() => dismissBranchOutcome(chatId)}>
          {branch.conflicts.length > 0 && (
            <ul className="conflict-list">
              {branch.conflicts.map((p) => (
                <li key={p}>
                  <code>{p}</code>
                </li>
              ))}
            </ul>
          )}
          {branch.pushRejected && (
            <button className="button small button--danger-ghost" onClick={() => void push(chatId, remote, true)}>
              Push with force (--force-with-lease)
            </button>
          )}
        </ErrorCallout>
      )}
    </div>
  );
}
