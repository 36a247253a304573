import { useState } from 'react';
import type { Settings } from '../../src-preload/contract';
import { updateSettings } from '../store/agents-store';

/** The editor "Open in" starts: a command line, or empty to use the first editor found. */
export function EditorSettingForm({ settings }: { settings: Settings }) {
  const [command, setCommand] = useState(settings.editorCommand);
  const [saved, setSaved] = useState(false);
  return (
    <form
      className="settings-form"
      onSubmit={(e) => {
        e.preventDefault();
        void updateSettings({ editorCommand: command.trim() }).then(setSaved);
      }}
    >
      <label className="field field--inline" title="{path} stands for the worktree's folder; without it the folder goes last.">
        <span>Editor command (empty: detect VS Code, Cursor, Zed, JetBrains)</span>
        <input className="input input--narrow mono" aria-label="Editor command" placeholder="code -n {path}" value={command} onChange={(e) => setCommand(e.target.value)} />
      </label>
      <div className="settings-form__actions">
        <button type="submit" className="button">
          Save editor
        </button>
        {saved && <span className="muted small">Saved.</span>}
      </div>
    </form>
  );
}
