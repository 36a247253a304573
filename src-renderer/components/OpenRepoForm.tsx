import { useState } from 'react';
import { openRepo, pickDirectory, useWorkspace } from '../store/workspace-store';
import { ErrorCallout } from './ErrorCallout';

/**
 * Opening a repository: "Browse…" asks the desktop shell for its folder dialog; where there is
 * none (the browser) the path field is the way, and the button says so once it learns that.
 */
export function OpenRepoForm({ onOpened, autoFocus }: { onOpened?: () => void; autoFocus?: boolean }) {
  const [path, setPath] = useState('');
  const [noDialog, setNoDialog] = useState(false);
  const opening = useWorkspace((s) => s.opening);
  const error = useWorkspace((s) => s.openError);

  const submit = async (p: string) => {
    if (!p.trim()) return;
    if (await openRepo(p)) {
      setPath('');
      onOpened?.();
    }
  };
  const browse = async () => {
    const picked = await pickDirectory();
    if (picked === 'unsupported') setNoDialog(true);
    else if (picked) {
      setPath(picked);
      await submit(picked);
    }
  };

  return (
    <form
      className="open-repo"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(path);
      }}
    >
      <label className="open-repo__label" htmlFor="repo-path">
        Repository folder
      </label>
      <div className="open-repo__row">
        <input
          id="repo-path"
          className="input open-repo__path"
          placeholder="/path/to/your/repo"
          value={path}
          autoFocus={autoFocus}
          spellCheck={false}
          onChange={(e) => setPath(e.target.value)}
        />
        <button type="button" className="button" onClick={() => void browse()} disabled={noDialog} title={noDialog ? 'No folder dialog here: type the path' : 'Choose a folder'}>
          Browse…
        </button>
        <button type="submit" className="button button--primary" disabled={opening || !path.trim()}>
          {opening ? 'Opening…' : 'Open'}
        </button>
      </div>
      {noDialog && <div className="muted small">This window has no folder dialog: type or paste the path.</div>}
      {error && <ErrorCallout error={error} />}
    </form>
  );
}
