import { useState } from 'react';
import { baseName } from '../state/format';
import { selectRepo, useWorkspace } from '../store/workspace-store';
import { OpenRepoForm } from './OpenRepoForm';
import { Popover } from './Popover';

/** The active repository, a switcher between opened ones, and "Open…" for another. */
export function RepoSwitcher() {
  const repos = useWorkspace((s) => s.repos);
  const activeRepoId = useWorkspace((s) => s.activeRepoId);
  const [opening, setOpening] = useState(false);
  const active = repos.find((r) => r.id === activeRepoId);
  return (
    <div className="repo-switcher">
      <select
        className="select repo-switcher__select"
        aria-label="Repository"
        value={activeRepoId ?? ''}
        title={active?.path}
        onChange={(e) => void selectRepo(e.target.value)}
      >
        {repos.map((r) => (
          <option key={r.id} value={r.id} title={r.path}>
            {baseName(r.path)}
          </option>
        ))}
      </select>
      <Popover
        open={opening}
        onClose={() => setOpening(false)}
        trigger={
          <button className="button button--ghost" onClick={() => setOpening((o) => !o)} aria-expanded={opening}>
            Open repo…
          </button>
        }
      >
        <OpenRepoForm autoFocus onOpened={() => setOpening(false)} />
      </Popover>
    </div>
  );
}
