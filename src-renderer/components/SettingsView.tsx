import { useEffect, useState } from 'react';
import { loadAgents, loadSettings, useAgents } from '../store/agents-store';
import { useWorkspace } from '../store/workspace-store';
import { AgentConfigForm } from './AgentConfigForm';
import { EditorSettingForm } from './EditorSettingForm';
import { RepoSetupForm } from './RepoSetupForm';
import { SandboxBadge, SandboxReason } from './SandboxBadge';
import { AgentOverviewRow } from './AgentOverviewRow';
import { SessionSettingsForm } from './SessionSettingsForm';
import { ShortcutList } from './ShortcutList';

/** Lifecycle and permission settings, the editor and the repository's setup script, and every agent: installed or not, signed in or not, sandboxed or not, its command, arguments and environment. */
export function SettingsView() {
  const settings = useAgents((s) => s.settings);
  const agents = useAgents((s) => s.agents);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const repoId = useWorkspace((s) => s.activeRepoId);
  const [signingIn, setSigningIn] = useState<string | null>(null);
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
          <AgentOverviewRow
            key={a.id}
            agent={a}
            signingIn={signingIn === a.id}
            onToggleSignIn={() => setSigningIn(signingIn === a.id ? null : a.id)}
            actions={
              <>
                {a.envKeys.length > 0 && (
                  <span className="badge badge--muted" title="Environment variables set (values hidden)">
                    {a.envKeys.join(', ')}
                  </span>
                )}
                {!a.builtIn && <span className="badge">custom</span>}
                <SandboxBadge sandbox={a.sandbox} />
                <button className="button small" onClick={() => setEditing(editing === a.id ? null : a.id)}>
                  {editing === a.id ? 'Close' : 'Configure'}
                </button>
              </>
            }
          >
            <div className="small muted mono agent-list__command">{[a.command, ...a.args].join(' ')}</div>
            <SandboxReason sandbox={a.sandbox} />
            {editing === a.id && <AgentConfigForm agent={a} onDone={() => setEditing(null)} />}
          </AgentOverviewRow>
        ))}
      </ul>
      {editing === 'new' ? (
        <AgentConfigForm agent={null} onDone={() => setEditing(null)} />
      ) : (
        <button className="button" onClick={() => setEditing('new')}>
          Add a custom ACP agent…
        </button>
      )}
      <h2 className="page__title">Keyboard shortcuts</h2>
      <ShortcutList />
    </section>
  );
}
