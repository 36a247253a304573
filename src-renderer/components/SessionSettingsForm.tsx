import { useState } from 'react';
import type { Settings } from '../../src-preload/contract';
import { updateSettings } from '../store/agents-store';

const MIN = 60_000;
const MB = 1024 * 1024;

/** Idle TTL, the live-session cap, the reaper's grace and the memory budget (saved together), and the default permission policy (saved at once). */
export function SessionSettingsForm({ settings }: { settings: Settings }) {
  const [ttl, setTtl] = useState(String(Math.round(settings.idleTtlMs / MIN)));
  const [cap, setCap] = useState(String(settings.maxLiveSessions));
  const [grace, setGrace] = useState(String(Math.round(settings.reaperGraceMs / MIN)));
  const [budget, setBudget] = useState(String(Math.round(settings.memoryBudgetBytes / MB)));
  const [saved, setSaved] = useState(false);
  const save = async (patch: Partial<Settings>) => {
    setSaved(await updateSettings(patch));
  };
  return (
    <form
      className="settings-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save({
          idleTtlMs: Math.max(1, Number(ttl)) * MIN,
          maxLiveSessions: Math.max(1, Math.round(Number(cap))),
          reaperGraceMs: Math.max(0, Number(grace)) * MIN,
          memoryBudgetBytes: Math.max(0, Math.round(Number(budget))) * MB,
        });
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
      <label className="field field--inline" title="A closed chat's worktree is tidied away after this long, and only when nothing in it is at risk.">
        <span>Tidy closed chats' worktrees after (minutes)</span>
        <input className="input input--narrow" type="number" min={0} value={grace} onChange={(e) => setGrace(e.target.value)} />
      </label>
      <label className="field field--inline" title="All agent processes together. Over it, idle sessions are let go (least recently used first, never a busy one) and nothing is pre-warmed. 0 = no budget.">
        <span>Memory budget for agents (MB, 0 = none)</span>
        <input className="input input--narrow" type="number" min={0} step={256} value={budget} onChange={(e) => setBudget(e.target.value)} aria-label="Memory budget for agents in MB" />
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
