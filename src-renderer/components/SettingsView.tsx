import { useEffect, useState } from 'react';
import type { Settings } from '../../src-preload/contract';
import { loadAgents, loadSettings, updateSettings, useAgents } from '../store/agents-store';
import { AgentConfigForm } from './AgentConfigForm';

const MIN = 60_000;

/** Lifecycle and permission settings, and every agent's command, arguments and environment. */
export function SettingsView() {
  const settings = useAgents((s) => s.settings);
  const agents = useAgents((s) => s.agents);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  useEffect(() => {
    void loadSettings();
    void loadAgents();
  }, []);

  return (
    <section className="page" aria-label="Settings">
      <h2 className="page__title">Sessions</h2>
      {settings ? <SettingsForm settings={settings} /> : <p className="muted">Loading…</p>}
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
              <span className="composer__spacer" />
              <button className="button small" onClick={() => setEditing(editing === a.id ? null : a.id)}>
                {editing === a.id ? 'Close' : 'Configure'}
              </button>
            </div>
            {!a.available && <div className="small warn-text">{a.reason}</div>}
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

function SettingsForm({ settings }: { settings: Settings }) {
  const [ttl, setTtl] = useState(String(Math.round(settings.idleTtlMs / MIN)));
  const [cap, setCap] = useState(String(settings.maxLiveSessions));
  const [saved, setSaved] = useState(false);
  const save = async (patch: Partial<Settings>) => {
    setSaved(await updateSettings(patch));
  };
  return (
    <form
      className="settings-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save({ idleTtlMs: Math.max(1, Number(ttl)) * MIN, maxLiveSessions: Math.max(1, Math.round(Number(cap))) });
      }}
    >
      <label className="field field--inline">
        <span>Stop idle sessions after (minutes)</span>
        <input className="input input--narrow" type="number" min={1} value={ttl} onChange={(e) => setTtl(e.target.value)} />
      </label>
      <label className="field field--inline">
        <span>Live sessions at most</span>
        <input className="input input--narrow" type="number" min={1} max={100} value={cap} onChange={(e) => setCap(e.target.value)} />
      </label>
      <label className="field field--inline">
        <span>When an agent asks for permission</span>
        <select className="select" value={settings.permissionPolicy} onChange={(e) => void save({ permissionPolicy: e.target.value as Settings['permissionPolicy'] })}>
          <option value="ask">Ask me</option>
          <option value="allow_edits">Allow file edits, ask for the rest</option>
          <option value="allow_all">Allow everything</option>
        </select>
      </label>
      <div className="settings-form__actions">
        <button type="submit" className="button button--primary">
          Save
        </button>
        {saved && <span className="muted small">Saved.</span>}
      </div>
    </form>
  );
}
