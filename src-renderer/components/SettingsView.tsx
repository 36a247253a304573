import { useEffect, useState } from 'react';
import { loadAgents, loadSettings, useAgents } from '../store/agents-store';
import { useWorkspace } from '../store/workspace-store';
import { AgentConfigForm } from './AgentConfigForm';
import { EditorSettingForm } from './EditorSettingForm';
import { RepoSetupForm } from './RepoSetupForm';
import { SandboxBadge, SandboxReason } from './SandboxBadge';
import { SessionSettingsForm } from './SessionSettingsForm';

/** Lifecycle and permission settings, the editor and the repository's setup script, and every agent's command, arguments and environment. */
export function SettingsView() {
  const settings = useAgents((s) => s.settings);
  const agents = useAgents((s) => s.agents);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const repoId = useWorkspace((s) => s.activeRepoId);
  useEffect(() => {
    void loadSettings();
    void loadAgents();
  }, []);

  return (
    <section className="page" aria-label="Settings">
      <h2 className="page__title">Sessions</h2>
      {settings ? <SessionSettingsForm settings={settings} /> : <p className="muted">Loading…</p>}
      <h2 className="page__title">Worktrees</h2>
      {settings && <EditorSettingForm settings={settings} />}
      {repoId ? <RepoSetupForm repoId={repoId} /> : <p className="muted">Open a repository to set its setup script.</p>}
      <h2 className="page__title">Agents</h2>
      <ul className="agent-list">
        {agents.map((a) => (
          <li key={a.id} className="agent-list__item">
            <div className="agent-list__row">
              <span className={`status-dot ${a.available ? 'status-dot--completed' : 'status-dot--failed'}`} />
              <strong>{a.name}</strong>
              <span className="muted small mono">{[a.command, ...a.args].join(' ')}</span>
              {a.envKeys.length > 0 && <span className="badge badge--muted" title="Environment variables set (values hidden)">{a.envKeys.join(', ')}</span>}
              {!a.builtIn && <span className="badge">custom</span>}
              <SandboxBadge sandbox={a.sandbox} />
              <span className="composer__spacer" />
              <button className="button small" onClick={() => setEditing(editing === a.id ? null : a.id)}>
                {editing === a.id ? 'Close' : 'Configure'}
              </button>
            </div>
            {!a.available && <div className="small warn-text">{a.reason}</div>}
            <SandboxReason sandbox={a.sandbox} />
            {editing === a.id && <AgentConfigForm agent={a} onDone={() => setEditing(null)} />}
          </li>
        ))}
      </ul>
      {editing === 'new' ? (
        <AgentConfigForm agent={null} onDone={() => setEditing(null)} />
      ) : (
        <button className="button" onClick={() => setEditing('new')}>
          Add a custom ACP agent…
        </button>
      )}
    </section>
  );
}
