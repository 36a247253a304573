import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src-preload/contract';
import { AcpBackend, type AcpBackendOptions } from '../../src-main/core/agents/acp/acp-backend';
import type { AgentSessionHandle, AgentSpec } from '../../src-main/core/agents/agent-backend';
import { tempDir, type TempDir } from '../support/temp-dir';

/**
 * The ACP backend against a scripted fake agent: the fault cases (dies at start, never answers,
 * garbage on stdout, dies mid-turn) and the protocol paths, fast and deterministic.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fakeAgent = path.join(repoRoot, 'test', 'support', 'fake-acp-agent.ts');

const spec = (mode: string): AgentSpec => ({
  id: `fake-${mode}`,
  name: `Fake (${mode})`,
  kind: 'acp',
  command: process.execPath,
  args: ['--import', 'tsx', fakeAgent, mode],
  env: {},
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let dir: TempDir;
let cwd: string;
const backends: AcpBackend[] = [];
const wire: Array<{ dir: string; method?: string }> = [];

function backend(mode: string, options: AcpBackendOptions = {}): AcpBackend {
  const b = new AcpBackend(spec(mode), {
    cwd: repoRoot,
    initializeTimeoutMs: 20_000,
    onWireMessage: (d, m) => wire.push({ dir: d, method: (m as { method?: string }).method }),
    ...options,
  });
  backends.push(b);
  return b;
}

async function turn(session: AgentSessionHandle, prompt: string, onEvent?: (e: AgentEvent) => void) {
  const events: AgentEvent[] = [];
  const result = await session.prompt({
    prompt,
    onEvent: (e) => {
      events.push(e);
      onEvent?.(e);
    },
  });
  const text = events.flatMap((e) => (e.type === 'text.delta' ? [e.text] : [])).join('');
  return { result, events, text };
}

beforeAll(async () => {
  dir = await tempDir('acp-fake-');
  cwd = path.join(dir.path, 'work');
  await mkdir(cwd, { recursive: true });
});
afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.dispose()));
  wire.length = 0;
});
afterAll(async () => {
  await dir[Symbol.asyncDispose]();
  // Every fake agent started here (including the ones that failed to start) is gone.
  let leftovers = '';
  try {
    leftovers = execFileSync('pgrep', ['-f', fakeAgent], { encoding: 'utf8' }).trim();
  } catch {
    // pgrep exits 1 when nothing matches
  }
  expect(leftovers).toBe('');
});

describe('ACP backend: start failures', () => {
  it('an agent that exits at start gives AgentStartFailed with its stderr tail', async () => {
    const b = backend('exit-at-start');
    const err = await b.start().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'AgentStartFailed' });
    expect((err as Error).message).toContain('exited with code 3');
    expect((err as Error).message).toContain('cannot read config /nonexistent/agent.toml');
    expect(b.processState()).toEqual({ state: 'stopped' });
  });

  it('an agent that never answers initialize gives AgentStartFailed after the timeout, and is stopped', async () => {
    const b = backend('never-answer', { initializeTimeoutMs: 2500 });
    const started = Date.now();
    const err = await b.openSession({ cwd }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'AgentStartFailed' });
    expect((err as Error).message).toContain('no answer to initialize within 2500 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2400);
  });

  it('concurrent start() calls share one process and one initialize', async () => {
    const b = backend('normal');
    await Promise.all([b.start(), b.start(), b.openSession({ cwd })]);
    expect(wire.filter((w) => w.dir === 'out' && w.method === 'initialize')).toHaveLength(1);
    expect(b.processState().state).toBe('running');
  });
});

describe('ACP backend: turns against a scripted agent', () => {
  it('garbage on stdout does not break the connection', async () => {
    const b = backend('garbage');
    const session = await b.openSession({ cwd });
    const t = await turn(session, 'hello');
    expect(t.result).toEqual({ stopReason: 'end_turn' });
    expect(t.text).toBe('echo: hello');
    expect(await b.probe()).toBe(true);
    const again = await turn(session, 'again');
    expect(again.text).toBe('echo: again');
  });

  it('emits text and usage and exactly one turn.end; unknown agent requests get method-not-found', async () => {
    const b = backend('normal');
    const session = await b.openSession({ cwd });
    expect(session.origin).toBe('new');
    const t = await turn(session, 'hi');
    expect(t.events).toEqual([
      // The model the session runs with, as its session/new said, before the agent's output.
      { type: 'model', model: 'small' },
      { type: 'text.delta', text: 'echo: hi' },
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 2, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0 } },
      { type: 'turn.end', stopReason: 'end_turn' },
    ]);
    const ext = await turn(session, 'ext');
    expect(ext.text).toBe('ext: -32601');
    expect(ext.result.stopReason).toBe('end_turn');
  });

  it('a JSON-RPC error from session/prompt ends the turn with error and the message; the next turn works', async () => {
    const b = backend('normal');
    const session = await b.openSession({ cwd });
    const t = await turn(session, 'error');
    expect(t.result.stopReason).toBe('error');
    expect(t.result.error?.message).toContain('boom from fake agent');
    expect(t.events.filter((e) => e.type === 'turn.end')).toHaveLength(1);
    expect((await turn(session, 'next')).text).toBe('echo: next');
  });

  it('permission: request, reply, resolved; the agent receives the selected option', async () => {
    const b = backend('normal');
    const session = await b.openSession({ cwd });
    const t = await turn(session, 'perm', (e) => {
      if (e.type === 'permission.request') void session.replyPermission(e.requestId, 'proceed_once');
    });
    const req = t.events.find((e) => e.type === 'permission.request');
    expect(req).toMatchObject({
      toolCallId: 'tc1',
      title: 'Write x.txt',
      options: [
        { optionId: 'proceed_once', kind: 'allow_once' },
        { optionId: 'cancel', kind: 'reject_once' },
      ],
    });
    expect(t.events).toContainEqual({ type: 'permission.resolved', requestId: (req as { requestId: string }).requestId, optionId: 'proceed_once' });
    expect(t.text).toBe('outcome: {"outcome":{"outcome":"selected","optionId":"proceed_once"}}');
  });

  it('cancel while a permission is pending answers it cancelled and emits permission.resolved null', async () => {
    const b = backend('normal');
    const session = await b.openSession({ cwd });
    const t = await turn(session, 'perm', (e) => {
      if (e.type === 'permission.request') void session.cancel();
    });
    const req = t.events.find((e) => e.type === 'permission.request') as { requestId: string };
    expect(t.events).toContainEqual({ type: 'permission.resolved', requestId: req.requestId, optionId: null });
    expect(t.text).toBe('outcome: {"outcome":{"outcome":"cancelled"}}');
    expect(t.result.stopReason).toBe('cancelled');
    await expect(session.replyPermission(req.requestId, 'proceed_once')).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('cancel (and an aborted signal) ends a turn cancelled without killing the process; the next turn works', async () => {
    const b = backend('normal');
    const session = await b.openSession({ cwd });
    const pid = session.pid!;
    const running = turn(session, 'hang');
    await new Promise((r) => setTimeout(r, 100));
    await session.cancel();
    expect((await running).result.stopReason).toBe('cancelled');
    const controller = new AbortController();
    const aborted = session.prompt({ prompt: 'hang', onEvent: () => {}, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect((await aborted).stopReason).toBe('cancelled');
    expect(wire.filter((w) => w.method === 'session/cancel')).toHaveLength(2);
    expect((await turn(session, 'after')).text).toBe('echo: after');
    expect(session.pid).toBe(pid);
    expect(alive(pid)).toBe(true);
  });

  it('one turn at a time per session; sessions on one process are independent', async () => {
    const b = backend('normal');
    const [s1, s2] = await Promise.all([b.openSession({ cwd }), b.openSession({ cwd })]);
    expect(s1.externalSessionId).not.toBe(s2.externalSessionId);
    expect(s1.pid).toBe(s2.pid);
    const hanging = turn(s1, 'hang');
    await expect(s1.prompt({ prompt: 'x', onEvent: () => {} })).rejects.toMatchObject({ name: 'InvalidInput' });
    expect((await turn(s2, 'other')).text).toBe('echo: other');
    await s1.cancel();
    expect((await hanging).result.stopReason).toBe('cancelled');
  });

  it('model and mode are set through ACP only when given and different', async () => {
    const b = backend('normal');
    const session = await b.openSession({ cwd });
    expect(await session.listModels!()).toEqual([
      { id: 'small', name: 'Small' },
      { id: 'big', name: 'Big' },
    ]);
    expect(await session.listModes!()).toEqual([
      { id: 'ask', name: 'Ask' },
      { id: 'auto', name: 'Auto' },
    ]);
    expect(await b.listModels()).toHaveLength(2);
    await session.prompt({ prompt: 'a', model: 'big', mode: 'auto', onEvent: () => {} });
    await session.prompt({ prompt: 'b', model: 'big', mode: 'auto', onEvent: () => {} });
    await session.prompt({ prompt: 'c', model: 'small', onEvent: () => {} });
    const calls = wire.filter((w) => w.dir === 'out' && (w.method === 'session/set_model' || w.method === 'session/set_mode'));
    expect(calls.map((c) => c.method)).toEqual(['session/set_mode', 'session/set_model', 'session/set_model']);
  });

  it('fs requests are served inside the session cwd and refused outside it', async () => {
    const b = backend('normal');
    const session = await b.openSession({ cwd });
    await writeFile(path.join(cwd, 'in.txt'), 'inside');
    await writeFile(path.join(dir.path, 'out.txt'), 'outside');
    expect((await turn(session, `read:${path.join(cwd, 'in.txt')}`)).text).toBe('content: inside');
    const refused = await turn(session, `read:${path.join(dir.path, 'out.txt')}`);
    expect(refused.text).toContain('error:');
    expect(refused.text).toContain('PathOutsideWorktree');
    expect((await turn(session, `write:${path.join(cwd, 'sub', 'new.txt')}:made`)).text).toBe('written');
    expect(await readFile(path.join(cwd, 'sub', 'new.txt'), 'utf8')).toBe('made');
    expect((await turn(session, `write:${path.join(cwd, '..', 'escape.txt')}:x`)).text).toContain('PathOutsideWorktree');
  });
});

describe('ACP backend: crash and lifecycle', () => {
  it('a child that dies mid-turn: AgentCrashed with exit code and stderr, onCrash, respawn on next use', async () => {
    const b = backend('normal');
    const crashes: unknown[] = [];
    b.onCrash((s) => crashes.push(s));
    const session = await b.openSession({ cwd });
    const other = await b.openSession({ cwd });
    const pid = session.pid!;
    const t = await turn(session, 'die');
    expect(t.result.stopReason).toBe('error');
    expect(t.result.error?.name).toBe('AgentCrashed');
    expect(t.result.error?.message).toContain('exited with code 7');
    expect(t.result.error?.message).toContain('dying on purpose');
    expect(t.events.filter((e) => e.type === 'turn.end')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(crashes).toEqual([expect.objectContaining({ state: 'crashed', exitCode: 7 })]);
    expect(b.processState()).toMatchObject({ state: 'crashed', exitCode: 7 });
    expect(await b.probe()).toBe(false);
    // The other session on the dead process is crashed too.
    const o = await turn(other, 'hi');
    expect(o.result.error?.name).toBe('AgentCrashed');
    // The fake cannot restore sessions: the backend falls back to a new one on a new process.
    const restored = await b.openSession({ cwd, resumeSessionId: session.externalSessionId });
    expect(restored.origin).toBe('new');
    expect(restored.pid).not.toBe(pid);
    expect((await turn(restored, 'back')).text).toBe('echo: back');
  });

  it('without load/resume capabilities, a resume request makes a new session without trying', async () => {
    const b = backend('no-resume');
    const session = await b.openSession({ cwd, resumeSessionId: 'old-session' });
    expect(session.origin).toBe('new');
    expect(wire.some((w) => w.method === 'session/resume' || w.method === 'session/load')).toBe(false);
  });

  it('session/load: origin loaded, and the replayed history never reaches a turn', async () => {
    const b = backend('load-only');
    const session = await b.openSession({ cwd, resumeSessionId: 'stored-session-1' });
    expect(session.origin).toBe('loaded');
    expect(session.externalSessionId).toBe('stored-session-1');
    expect(wire.some((w) => w.method === 'session/resume')).toBe(false);
    const t = await turn(session, 'now');
    expect(t.text).toBe('echo: now');
    expect(t.events.some((e) => e.type === 'tool.start')).toBe(false);
    expect(await session.listModes!()).toEqual([{ id: 'ask', name: 'Ask' }]);
  });

  it('a command that cannot be spawned gives AgentStartFailed', async () => {
    const b = new AcpBackend({ ...spec('normal'), command: '/nonexistent/acp-agent', args: [] }, { initializeTimeoutMs: 5000 });
    backends.push(b);
    const err = await b.start().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'AgentStartFailed' });
    expect((err as Error).message).toContain('ENOENT');
  });

  it('probe answers while alive; dispose stops the process and ends a running turn', async () => {
    const b = backend('normal');
    const session = await b.openSession({ cwd });
    const pid = session.pid!;
    expect(await b.probe()).toBe(true);
    const running = turn(session, 'hang');
    await new Promise((r) => setTimeout(r, 100));
    await b.dispose();
    const t = await running;
    expect(t.result.stopReason).toBe('interrupted');
    expect(t.events.filter((e) => e.type === 'turn.end')).toHaveLength(1);
    expect(alive(pid)).toBe(false);
    expect(b.processState()).toEqual({ state: 'stopped' });
    expect(await b.probe()).toBe(false);
    await expect(b.openSession({ cwd })).rejects.toMatchObject({ name: 'ShuttingDown' });
  });
});
