import { useState } from 'react';
import type { AgentInfo } from '../../src-preload/contract';
import { configureAgent } from '../store/agents-store';

/** One `KEY=value` per line; blank lines and lines without `=` are ignored. */
function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) env[line.slice(0, i).trim()] = line.slice(i + 1);
  }
  return env;
}

/** Arguments one per line, so an argument with spaces needs no quoting. */
const parseArgs = (text: string): string[] => text.split('\n').map((a) => a.trim()).filter(Boolean);

/**
 * Command, arguments and environment of an agent (or a new custom ACP agent). Environment
 * values are write-only: the core only says which keys are set, so the field starts empty and
 * saving it replaces the variables.
 */
export function AgentConfigForm({ agent, onDone }: { agent: AgentInfo | null; onDone: () => void }) {
  const [id, setId] = useState(agent?.id ?? '');
  const [name, setName] = useState(agent?.name ?? '');
  const [command, setCommand] = useState(agent?.command ?? '');
  const [args, setArgs] = useState((agent?.args ?? []).join('\n'));
  const [env, setEnv] = useState('');
  const [sandboxed, setSandboxed] = useState(agent?.sandbox.state !== 'off');
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setSaving(true);
    const envValues = parseEnv(env);
    const ok = await configureAgent({
      id: id.trim(),
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(command.trim() ? { command: command.trim() } : {}),
      args: parseArgs(args),
      ...(Object.keys(envValues).length ? { env: envValues } : {}),
      sandbox: sandboxed,
    });
    setSaving(false);
    if (ok) onDone();
  };

  return (
    <form
      className="agent-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {!agent && (
        <label className="field">
          <span>Id</span>
          <input className="input" value={id} onChange={(e) => setId(e.target.value)} placeholder="my-agent" pattern="[a-z0-9][a-z0-9._-]*" required />
        </label>
      )}
      <label className="field">
        <span>Name</span>
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>Command</span>
        <input className="input mono" value={command} onChange={(e) => setCommand(e.target.value)} placeholder="/usr/local/bin/my-acp-agent" required={!agent} />
      </label>
      <label className="field">
        <span>Arguments (one per line)</span>
        <textarea className="input mono" rows={2} value={args} onChange={(e) => setArgs(e.target.value)} />
      </label>
      <label className="field">
        <span>Environment (KEY=value per line)</span>
        <textarea className="input mono" rows={2} value={env} onChange={(e) => setEnv(e.target.value)} placeholder={agent?.envKeys.length ? `Set: ${agent.envKeys.join(', ')} — values are never shown` : 'API_KEY=…'} />
      </label>
      <label className="field field--check">
        <input type="checkbox" checked={sandboxed} onChange={(e) => setSandboxed(e.target.checked)} />
        <span>Run in BooCoder's write sandbox (it can write only its chat's worktree and its own state folders)</span>
      </label>
      {!sandboxed && (
        <p className="small warn-text sandbox-warning" role="alert">
          Without the sandbox this agent can write anywhere your user account can: your checkout, your home folder, other chats' worktrees, your
          repository's git hooks. Only its own permission prompts stand in the way, and its auto-approve modes skip them.
        </p>
      )}
      {agent?.sandbox.state === 'unavailable' && sandboxed && <p className="small warn-text sandbox-warning">{agent.sandbox.reason}</p>}
      <div className="agent-form__actions">
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={saving || !id.trim()}>
          Save
        </button>
      </div>
    </form>
  );
}
