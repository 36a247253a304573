import { useEffect, useState } from 'react';
import { bridge } from '../bridge/bridge';
import { notifyError } from '../store/ui-store';

/** The open repository's setup script (run in each new worktree before its first turn) and its timeout. */
export function RepoSetupForm({ repoId }: { repoId: string }) {
  const [script, setScript] = useState('');
  const [minutes, setMinutes] = useState('10');
  const [saved, setSaved] = useState(false);
  // Editable once the stored script is in: a late answer must not overwrite what the user typed.
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    setLoaded(false);
    void bridge.invoke('repos.setup', { repoId }).then(
      (s) => {
        setScript(s.setupScript ?? '');
        setMinutes(String(Math.round(s.setupTimeoutMs / 60_000)));
        setLoaded(true);
      },
      (e: unknown) => notifyError(e),
    );
  }, [repoId]);
  return (
    <form
      className="settings-form"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        void bridge
          .invoke('repos.configure', { repoId, setupScript: script, setupTimeoutMs: Math.max(1, Number(minutes) || 10) * 60_000 })
          .then(() => setSaved(true), (err: unknown) => notifyError(err));
      }}
    >
      <label className="field">
        <span>Setup script (sh, runs in each new worktree before its first turn; $BOOCODER_REPO is your checkout)</span>
        <textarea className="input mono" aria-label="Setup script" rows={4} disabled={!loaded} placeholder={'cp "$BOOCODER_REPO/.env" .\nnpm install'} value={script} onChange={(e) => setScript(e.target.value)} />
      </label>
      <label className="field field--inline">
        <span>Stop it after (minutes)</span>
        <input className="input input--narrow" type="number" min={1} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
      </label>
      <div className="settings-form__actions">
        <button type="submit" className="button button--primary" disabled={!loaded}>
          Save setup
        </button>
        {saved && <span className="muted small">Saved.</span>}
      </div>
    </form>
  );
}
