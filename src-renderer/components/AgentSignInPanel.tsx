import { useEffect, useState } from 'react';
import type { AgentInfo, AuthMethodView } from '../../src-preload/contract';
import { authenticateAgent, checkAuth, recheckAgent, setAgentKey, signInAgent, useAgentSetup } from '../store/agent-setup-store';

/** A key field: the value goes to the core and never comes back; only whether it is set is shown. */
function ApiKeyField({ agentId, envVar, label, keySet }: { agentId: string; envVar: string; label: string; keySet: boolean }) {
  const [value, setValue] = useState('');
  return (
    <form
      className="signin__key"
      onSubmit={(e) => {
        e.preventDefault();
        if (value) void setAgentKey(agentId, envVar, value).then((ok) => ok && setValue(''));
      }}
    >
      <input
        className="input mono"
        type="password"
        autoComplete="off"
        aria-label={label}
        placeholder={keySet ? `${envVar} is set — enter a new key to replace it` : envVar}
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit" className="button small" disabled={!value}>
        Save key
      </button>
      {keySet && (
        <button type="button" className="button small button--ghost" onClick={() => void setAgentKey(agentId, envVar, null)}>
          Remove
        </button>
      )}
    </form>
  );
}

const keyLabel = (method: AuthMethodView) => (method.name.includes(method.envVar!) ? method.name : `${method.name} (${method.envVar})`);

/**
 * How an agent signs in: its methods by name, a key field for API-key methods, and its
 * interactive login, opened in a terminal (desktop) or shown as the command to run (browser).
 */
export function AgentSignInPanel({ agent }: { agent: AgentInfo }) {
  const auth = useAgentSetup((s) => s.auth[agent.id]);
  const checking = useAgentSetup((s) => s.checking[agent.id] ?? false);
  const command = useAgentSetup((s) => s.signInCommand[agent.id]);
  const authenticating = useAgentSetup((s) => s.authenticating[agent.id]);
  useEffect(() => {
    void checkAuth(agent.id);
  }, [agent.id]);

  const summary = auth?.summary ?? agent.auth;
  // The login runs in a terminal, outside the window: coming back to the window is the moment to look again.
  const waitingForLogin = summary.state === 'signed-out';
  useEffect(() => {
    if (!waitingForLogin) return;
    const onFocus = () => void recheckAgent(agent.id);
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [agent.id, waitingForLogin]);
  return (
    <div className="signin" aria-label={`Sign in to ${agent.name}`}>
      <div className={`small ${summary.state === 'signed-out' ? 'warn-text' : 'muted'}`}>{summary.detail}</div>
      {auth?.probeError && <div className="small warn-text">It could not be asked how it signs in: {auth.probeError.split('\n')[0]}</div>}
      {auth && auth.methods.length > 0 && (
        <ul className="signin__methods">
          {auth.methods.map((m) => (
            <li key={m.id}>
              <div>
                <strong>{m.name}</strong>
                {m.kind === 'api-key' && m.keySet && <span className="badge badge--muted">key set</span>}
                {m.description && <span className="small muted"> — {m.description}</span>}
              </div>
              {m.kind === 'agent' && (
                <div className="signin__agent-method">
                  <button className="button small" disabled={authenticating !== undefined} onClick={() => void authenticateAgent(agent.id, m.id)}>
                    {authenticating === m.id ? 'Waiting for the sign-in…' : 'Sign in this way'}
                  </button>
                  <span className="small muted">{agent.name} signs you in itself, usually in a browser on the machine BooCoder runs on.</span>
                </div>
              )}
              {m.kind === 'api-key' && m.envVar && <ApiKeyField agentId={agent.id} envVar={m.envVar} label={keyLabel(m)} keySet={m.keySet} />}
            </li>
          ))}
        </ul>
      )}
      {auth?.providers && (
        <table className="table signin__providers">
          <thead>
            <tr>
              <th>Provider</th>
              <th>Credentials</th>
              <th>API key</th>
            </tr>
          </thead>
          <tbody>
            {auth.providers.map((p) => (
              <tr key={p.id}>
                <td>{p.id}</td>
                <td className={p.signedIn ? '' : 'muted'}>
                  <span className={`status-dot ${p.signedIn ? 'status-dot--completed' : ''}`} /> {p.via}
                </td>
                <td>{p.envVar && <ApiKeyField agentId={agent.id} envVar={p.envVar} label={`${p.id} API key (${p.envVar})`} keySet={agent.envKeys.includes(p.envVar)} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {auth?.signIn && (
        <div className="signin__login">
          {auth.signIn.canOpenTerminal ? (
            <button className="button small button--primary" onClick={() => void signInAgent(agent.id)} title={auth.signIn.display}>
              Sign in (opens a terminal)
            </button>
          ) : (
            <span className="small muted">Sign in by running this in a terminal:</span>
          )}
          {(!auth.signIn.canOpenTerminal || command) && <code className="signin__command">{command ?? auth.signIn.display}</code>}
          {auth.signIn.note && <span className="small muted">{auth.signIn.note}</span>}
        </div>
      )}
      <div>
        <button className="button small" disabled={checking} onClick={() => void recheckAgent(agent.id)}>
          {checking ? 'Checking…' : 'Check again'}
        </button>
      </div>
    </div>
  );
}
