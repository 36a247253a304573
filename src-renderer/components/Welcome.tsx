import { OpenRepoForm } from './OpenRepoForm';

/** The first screen: nothing is open yet. */
export function Welcome() {
  return (
    <div className="welcome">
      <div className="welcome__card">
        <h1 className="welcome__title">BooCoder</h1>
        <p className="muted">Open a git repository to chat with coding agents about it. Each chat gets its own worktree; you review and apply what the agents change.</p>
        <OpenRepoForm autoFocus />
      </div>
    </div>
  );
}
