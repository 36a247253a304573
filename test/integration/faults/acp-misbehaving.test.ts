import { realpathSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcpBackend } from '../../../src-main/core/agents/acp/acp-backend';
import type { AgentBackend, AgentSpec } from '../../../src-main/core/agents/agent-backend';
import { driveCore, FAKE_ACP_AGENT, TSX_IMPORT, groupMembers, killGroup, until, writeFaultAgent, type DrivenCore } from '../../support/fault-tools';
import { makeRepo } from '../../support/git-repo';
import { isolatedEnv } from '../host/serve-process';
import { tempDir, type TempDir } from '../../support/temp-dir';

/**
 * ACP agents that misbehave, run by a whole Core as custom agents (agents.configure): garbage on
 * stdout, stdout closed mid-turn, no answer to initialize, SIGTERM ignored. Every turn ends with
 * a named error in bounded time, no process of theirs is left, and the chat goes on working.
 */

const INIT_TIMEOUT_MS = 3000;

describe('misbehaving ACP agents under a whole Core', () => {
  let dir: TempDir;
  let app: DrivenCore;
  let chatId: string;
  let faultAgent: { command: string; args: string[] };
  const groups = new Set<number>();
  const backends: AgentBackend[] = [];

  beforeAll(async () => {
    dir = await tempDir('faults-acp-');
    const env = isolatedEnv(dir.path);
    faultAgent = await writeFaultAgent(path.join(dir.path, 'agents'), 'normal');
    app = await driveCore({
      dataDir: path.join(dir.path, 'data'),
      agentEnv: env,
      // The real ACP backend, with a short initialize timeout so a silent agent fails fast.
      backendFactory: (spec: AgentSpec) => {
        const b = new AcpBackend(spec, { baseEnv: env, initializeTimeoutMs: INIT_TIMEOUT_MS });
        backends.push(b);
        return b;
      },
    });
    const repoDir = realpathSync(makeRepo(path.join(dir.path, 'repo')));
    const repo = await app.call<{ id: string }>('repos.open', { path: repoDir });
    chatId = (await app.call<{ id: string }>('chats.create', { repoId: repo.id })).id;
    const add = (id: string, args: string[]) => app.call('agents.configure', { id, name: id, command: faultAgent.command, args });
    await add('garbage-only', [faultAgent.args[0]!, 'garbage-only']);
    await add('closer', [faultAgent.args[0]!, 'normal']);
    await add('stubborn', [faultAgent.args[0]!, 'ignore-sigterm']);
    await app.call('agents.configure', { id: 'mixed-garbage', name: 'mixed', command: process.execPath, args: ['--import', TSX_IMPORT, FAKE_ACP_AGENT, 'garbage'] });
    await app.call('agents.configure', { id: 'silent', name: 'silent', command: process.execPath, args: ['--import', TSX_IMPORT, FAKE_ACP_AGENT, 'never-answer'] });
  });

  afterAll(async () => {
    await app?.core.shutdown();
    for (const g of groups) killGroup(g);
    await dir?.[Symbol.asyncDispose]();
  });

  /** Every process group whose leader's command line names this agent's script and mode. */
  const pidsOf = async (agent: string) => {
    const pid = await app.agentPid(agent);
    if (pid) groups.add(pid);
    return pid;
  };

  it('garbage mixed into a valid stream: the turn completes and the agent stays up', async () => {
    const t = await app.send(chatId, 'mixed-garbage', 'hello through the noise');
    const end = await app.end(t, 30_000);
    expect(end.stopReason).toBe('end_turn');
    expect((await app.call<Array<{ id: string; text: string }>>('turns.list', { chatId })).find((r) => r.id === t)!.text).toContain('echo: hello through the noise');
    const pid = await pidsOf('mixed-garbage');
    const t2 = await app.send(chatId, 'mixed-garbage', 'again');
    expect((await app.end(t2, 30_000)).stopReason).toBe('end_turn');
    expect(await pidsOf('mixed-garbage')).toBe(pid);
  });

  it('only garbage on stdout: AgentStartFailed within the initialize timeout, no process left', async () => {
    const t0 = Date.now();
    const t = await app.send(chatId, 'garbage-only', 'anything');
    const end = await app.end(t, INIT_TIMEOUT_MS + 10_000);
    expect(end.stopReason).toBe('error');
    expect(end.error?.name).toBe('AgentStartFailed');
    expect(end.error?.message).toMatch(/initialize/);
    expect(Date.now() - t0).toBeLessThan(INIT_TIMEOUT_MS + 8000);
    // The stderr tail names the pid it had: that group must be empty.
    const pid = Number(/fault-agent pid (\d+)/.exec(end.error!.message)?.[1]);
    expect(pid).toBeGreaterThan(0);
    await until(() => groupMembers(pid).length === 0, 'the garbage agent to be stopped', 5000);
  });

  it('never answers initialize: AgentStartFailed naming the timeout, no process left', async () => {
    const before = new Set(groupMembersOfAll());
    const t = await app.send(chatId, 'silent', 'anything');
    const end = await app.end(t, INIT_TIMEOUT_MS + 15_000);
    expect(end.error?.name).toBe('AgentStartFailed');
    expect(end.error?.message).toContain(`no answer to initialize within ${INIT_TIMEOUT_MS} ms`);
    // No new fake-agent process in 'never-answer' mode is left anywhere.
    await until(() => groupMembersOfAll().filter((p) => !before.has(p)).length === 0, 'the silent agent to be stopped', 5000);
  });

  it('closes stdout mid-turn: the turn fails with a named error, the process is stopped, the next turn works', async () => {
    const first = await app.send(chatId, 'closer', 'warm up');
    expect(await app.end(first, 30_000)).toEqual({ type: 'turn.end', stopReason: 'end_turn' });
    const pid = (await pidsOf('closer'))!;
    const t0 = Date.now();
    const t = await app.send(chatId, 'closer', 'please close-stdout now');
    const end = await app.end(t, 15_000);
    console.info(`[faults] close-stdout turn ended after ${Date.now() - t0} ms: ${JSON.stringify(end)}`);
    expect(end.stopReason).toBe('error');
    expect(['AgentCrashed', 'AgentProtocolError']).toContain(end.error?.name);
    expect(Date.now() - t0).toBeLessThan(10_000);
    // The process kept running with a closed stdout; the backend must have stopped it.
    await until(() => groupMembers(pid).length === 0, 'the agent with the closed stdout to be stopped', 10_000);
    const rows = await app.call<Array<{ id: string; status: string; text: string }>>('turns.list', { chatId });
    expect(rows.find((r) => r.id === t)).toMatchObject({ status: 'failed' });
    expect(rows.find((r) => r.id === t)!.text).toContain('partial answer');
    const next = await app.send(chatId, 'closer', 'are you back');
    expect(await app.end(next, 30_000)).toEqual({ type: 'turn.end', stopReason: 'end_turn' });
    expect(await pidsOf('closer')).not.toBe(pid);
  });

  it('ignores SIGTERM: the backend escalates to SIGKILL on dispose and returns', async () => {
    const t = await app.send(chatId, 'stubborn', 'hi');
    expect(await app.end(t, 30_000)).toEqual({ type: 'turn.end', stopReason: 'end_turn' });
    const pid = (await pidsOf('stubborn'))!;
    expect(groupMembers(pid).length).toBe(1);
    const t0 = Date.now();
    await app.call('sessions.restart', { agent: 'stubborn' });
    const ms = Date.now() - t0;
    // ManagedChild.stop's grace is 3 s, then SIGKILL.
    expect(ms).toBeLessThan(8000);
    await until(() => groupMembers(pid).length === 0, 'the stubborn agent to be killed', 5000);
    console.info(`[faults] SIGTERM-ignoring agent stopped in ${ms} ms`);
  });

  /** pids of every live fault/fake agent process started in never-answer mode. */
  function groupMembersOfAll(): number[] {
    return allFakeAgents('never-answer');
  }
});

import { readFileSync } from 'node:fs';
import { allProcesses } from '../../support/fault-tools';

function allFakeAgents(mode: string): number[] {
  return allProcesses()
    .filter((p) => p.state !== 'Z')
    .filter((p) => {
      try {
        const cmd = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0');
        return cmd.includes(FAKE_ACP_AGENT) && cmd.includes(mode);
      } catch {
        return false;
      }
    })
    .map((p) => p.pid);
}
