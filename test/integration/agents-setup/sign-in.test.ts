import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentAuth, AgentInfo } from '../../../src-preload/contract';
import type { TerminalOpener } from '../../../src-main/core/agents/auth/agent-auth-service';
import { makeIsolatedDirs, binPath, type IsolatedDirs } from '../../support/agent-env/isolated-dirs';
import { driveCore, FAKE_ACP_AGENT, TSX_IMPORT, type DrivenCore } from '../../support/fault-tools';
import { makeRepo } from '../../support/git-repo';

/**
 * Sign-in states and actions. The interactive login is the scripted agent's own (`--login`, a
 * fake that writes a login file and exits), run by a fake terminal that executes the command line
 * instead of showing a window; everything else is the real core, and Claude Code's sign-in
 * methods come from the real claude-agent-acp.
 */
const open: Array<{ app: DrivenCore; dirs: IsolatedDirs }> = [];
afterEach(async () => {
  for (const { app, dirs } of open.splice(0)) {
    await app.core.shutdown();
    await dirs[Symbol.asyncDispose]();
  }
});

async function world(terminal?: TerminalOpener) {
  const dirs = await makeIsolatedDirs('boocoder-signin-');
  const app = await driveCore({ dataDir: await dirs.makeDir('data'), agentEnv: dirs.env, agentSearchDirs: [path.dirname(binPath('x'))], ...(terminal ? { terminal } : {}) });
  open.push({ app, dirs });
  await app.call('agents.configure', { id: 'fake', name: 'Fake agent', command: process.execPath, args: ['--import', TSX_IMPORT, FAKE_ACP_AGENT, 'needs-auth'] });
  const repoDir = await dirs.makeDir('repo');
  makeRepo(repoDir);
  const repo = await app.call<{ id: string }>('repos.open', { path: repoDir });
  const chat = await app.call<{ id: string }>('chats.create', { repoId: repo.id });
  const turn = async (prompt: string) => app.end(await app.send(chat.id, 'fake', prompt));
  return { dirs, app, turn };
}

/** A terminal that runs the command line to completion (no window): what a user who signs in does. */
const runningTerminal = (): TerminalOpener & { lines: string[] } => {
  const lines: string[] = [];
  return {
    lines,
    available: () => true,
    open: async (line, env) => {
      lines.push(line);
      await promisify(execFile)('/bin/sh', ['-c', line], { env });
      return true;
    },
  };
};

describe('sign-in', () => {
  it('an agent that requires sign-in: its methods by name, a named error in words, then the terminal login and a re-check', async () => {
    const terminal = runningTerminal();
    const { app, dirs, turn } = await world(terminal);

    const end = await turn('hello');
    expect(end.stopReason).toBe('error');
    expect(end.error?.name).toBe('AuthRequired');
    expect(end.error?.message).toMatch(/Fake agent needs you to sign in before it can start .*Settings → Agents/);

    const auth = await app.call<AgentAuth>('agents.auth', { id: 'fake' });
    expect(auth.methods).toEqual([
      { id: 'fake-login', name: 'Log in with Fake', description: 'Opens the fake login', kind: 'terminal', envVar: null, keySet: false },
      { id: 'fake-api-key', name: 'Use a Fake API key', description: 'Set FAKE_API_KEY', kind: 'api-key', envVar: 'FAKE_API_KEY', keySet: false },
      { id: 'fake-browser-login', name: 'Log in with the browser', description: 'The agent signs you in', kind: 'agent', envVar: null, keySet: false },
    ]);
    expect(auth.signIn).toEqual({ display: expect.stringMatching(/fake-acp-agent\.ts needs-auth --login$/), canOpenTerminal: true, note: 'Opens the fake login' });
    expect(auth.probeError).toBeNull();

    expect(await app.call('agents.signIn', { id: 'fake' })).toEqual({ opened: true, display: auth.signIn!.display });
    expect(terminal.lines).toEqual([auth.signIn!.display]);
    expect(existsSync(path.join(dirs.home, '.fake-agent-login'))).toBe(true);
    expect((await turn('after login')).stopReason).toBe('end_turn');
  });

  it('an API key set for the agent stays in the core and is what the agent gets', async () => {
    const { app, turn } = await world();
    expect((await turn('hello')).error?.name).toBe('AuthRequired');
    const secret = 'fake-key-0123456789-secret';
    const info = await app.call<AgentInfo>('agents.setKey', { id: 'fake', envVar: 'FAKE_API_KEY', value: secret });
    expect(info.envKeys).toEqual(['FAKE_API_KEY']);
    expect(JSON.stringify(info)).not.toContain(secret);
    expect(JSON.stringify(await app.call('agents.list'))).not.toContain(secret);
    const auth = await app.call<AgentAuth>('agents.auth', { id: 'fake' });
    expect(auth.methods.find((m) => m.id === 'fake-api-key')).toMatchObject({ keySet: true });
    expect(JSON.stringify(auth)).not.toContain(secret);
    expect((await turn('env:FAKE_API_KEY')).stopReason).toBe('end_turn');
    // Removing it keeps the other variables and signs the agent out again.
    await app.call('agents.setKey', { id: 'fake', envVar: 'FAKE_API_KEY', value: null });
    expect((await app.call<AgentInfo[]>('agents.list')).find((a) => a.id === 'fake')!.envKeys).toEqual([]);
    expect((await turn('hello again')).error?.name).toBe('AuthRequired');
  });

  it("the agent's own sign-in (ACP authenticate): signs in, and a failure is named in the agent's words", async () => {
    const { app, dirs, turn } = await world();
    expect((await app.callError('agents.authenticate', { id: 'fake', methodId: 'fake-login' })).name).toBe('InvalidInput');
    await app.call('agents.configure', { id: 'fake', env: { FAKE_LOGIN_FAILS: '1' } });
    const failed = await app.callError('agents.authenticate', { id: 'fake', methodId: 'fake-browser-login' });
    expect(failed).toMatchObject({ name: 'AuthFailed', message: expect.stringContaining('the browser login was closed') });
    await app.call('agents.setKey', { id: 'fake', envVar: 'FAKE_LOGIN_FAILS', value: null });
    expect(await app.call('agents.authenticate', { id: 'fake', methodId: 'fake-browser-login' })).toEqual({});
    expect(existsSync(path.join(dirs.home, '.fake-agent-login'))).toBe(true);
    expect((await turn('signed in now')).stopReason).toBe('end_turn');
    // Nothing started for the sign-in is left running: only the session's own agent process.
    const fakes = () =>
      readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .filter((pid) => {
          try {
            const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
            return cmd.includes('fake-acp-agent.ts') && cmd.includes('needs-auth') && readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`HOME=${dirs.home}\0`);
          } catch {
            return false;
          }
        });
    // The agent's process group (in the write sandbox that is bwrap and the agent under it).
    const group = (pid: string) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]);
    const agentPid = await app.agentPid('fake');
    expect(fakes().length).toBeGreaterThan(0);
    expect(fakes().filter((pid) => group(pid) !== agentPid)).toEqual([]);
  });

  it('without a terminal (the headless host) the exact command is given instead', async () => {
    const { app } = await world();
    const auth = await app.call<AgentAuth>('agents.auth', { id: 'fake' });
    expect(auth.signIn?.canOpenTerminal).toBe(false);
    expect(await app.call('agents.signIn', { id: 'fake' })).toEqual({ opened: false, display: auth.signIn!.display });
  });

  it('Claude Code without a key: signed out, its own terminal login and a key field, from the real claude-agent-acp', async () => {
    const { app } = await world();
    const claude = (await app.call<AgentInfo[]>('agents.list')).find((a) => a.id === 'claude-code')!;
    expect(claude.auth).toEqual({ state: 'signed-out', detail: 'Not signed in: sign in, or set ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN.' });
    const auth = await app.call<AgentAuth>('agents.auth', { id: 'claude-code' });
    expect(auth.probeError).toBeNull();
    expect(auth.methods).toContainEqual({ id: 'claude-login', name: 'Log in with Claude', description: 'Run `claude /login` in the terminal', kind: 'terminal', envVar: null, keySet: false });
    expect(auth.methods).toContainEqual({ id: 'env:ANTHROPIC_API_KEY', name: 'API key (ANTHROPIC_API_KEY)', description: null, kind: 'api-key', envVar: 'ANTHROPIC_API_KEY', keySet: false });
    expect(auth.signIn).toEqual({ display: `${binPath('claude-agent-acp')} --cli /login`, canOpenTerminal: false, note: null });
  });

  it('opencode: its providers and which have credentials (auth.json, a key variable)', async () => {
    const { app, dirs } = await world();
    const { mkdir, writeFile } = await import('node:fs/promises');
    const authFile = path.join(dirs.env.XDG_DATA_HOME!, 'opencode', 'auth.json');
    await mkdir(path.dirname(authFile), { recursive: true });
    await writeFile(authFile, JSON.stringify({ anthropic: { type: 'oauth', refresh: 'r', access: 'a', expires: 0 } }));
    const auth = await app.call<AgentAuth>('agents.auth', { id: 'opencode' });
    expect(auth.summary.state).toBe('signed-in');
    expect(auth.providers).toContainEqual({ id: 'anthropic', signedIn: true, via: 'auth.json (login)', envVar: 'ANTHROPIC_API_KEY' });
    expect(auth.providers).toContainEqual({ id: 'openai', signedIn: false, via: 'no login, OPENAI_API_KEY not set', envVar: 'OPENAI_API_KEY' });
    // Keys go in per provider, not in one field for the agent.
    expect(auth.methods.filter((m) => m.kind === 'api-key')).toEqual([]);
    const info = await app.call<AgentInfo>('agents.setKey', { id: 'opencode', envVar: 'OPENAI_API_KEY', value: 'sk-openai-for-opencode' });
    expect(info.envKeys).toEqual(['OPENAI_API_KEY']);
    const after = await app.call<AgentAuth>('agents.auth', { id: 'opencode' });
    expect(after.providers).toContainEqual({ id: 'openai', signedIn: true, via: 'OPENAI_API_KEY', envVar: 'OPENAI_API_KEY' });
    expect(JSON.stringify(after)).not.toContain('sk-openai-for-opencode');
    expect(auth.signIn?.display).toBe(`${binPath('opencode')} auth login`);
  });
});
