import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src-preload/contract';
import type { BackendProcessState, PromptResult } from '../../src-main/core/agents/agent-backend';
import { OpencodeBackend } from '../../src-main/core/agents/opencode/opencode-backend';
import type { OpencodeSession } from '../../src-main/core/agents/opencode/opencode-session';
import { makeRepo } from '../support/git-repo';
import { startMockLlm, type MockLlm } from '../support/mock-llm';
import { createOpencodeTestEnv, MOCK_MODEL, mockProviderConfig, type OpencodeTestEnv } from '../support/opencode-env';
import { processRunning } from '../support/process-alive';

/**
 * The opencode backend against the real `opencode serve` and the scripted mock LLM. One mock,
 * one isolated HOME and one warm backend are shared by the file (a cold start costs seconds);
 * tests that need another configuration or kill the server get their own backend.
 */

let mock: MockLlm;
let env: OpencodeTestEnv;
let backend: OpencodeBackend;
const backends: OpencodeBackend[] = [];
const pids = new Set<number>();

function track(b: OpencodeBackend): OpencodeBackend {
  backends.push(b);
  return b;
}

function pidOf(b: OpencodeBackend): number {
  const state = b.processState();
  if (state.state !== 'running') throw new Error(`backend not running: ${state.state}`);
  pids.add(state.pid);
  return state.pid;
}

interface Collected {
  events: AgentEvent[];
  result: Promise<PromptResult>;
  text: () => string;
  /** Resolves with the first event matching the predicate. */
  next: (pred: (e: AgentEvent) => boolean) => Promise<AgentEvent>;
}

function run(session: OpencodeSession, prompt: string, model: string | undefined = MOCK_MODEL): Collected {
  const events: AgentEvent[] = [];
  const waiters: Array<{ pred: (e: AgentEvent) => boolean; resolve: (e: AgentEvent) => void }> = [];
  const result = session.prompt({
    prompt,
    model,
    onEvent: (e) => {
      events.push(e);
      for (const w of [...waiters]) {
        if (w.pred(e)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(e);
        }
      }
    },
  });
  return {
    events,
    result,
    text: () => events.flatMap((e) => (e.type === 'text.delta' ? [e.text] : [])).join(''),
    next: (pred) => {
      const found = events.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
  };
}

const turnEnds = (events: AgentEvent[]) => events.filter((e) => e.type === 'turn.end');


beforeAll(async () => {
  mock = await startMockLlm();
  env = await createOpencodeTestEnv({ llmUrl: mock.url });
  backend = track(new OpencodeBackend(env.spec, { baseEnv: env.env }));
  await backend.start();
  pidOf(backend);
});

afterAll(async () => {
  await Promise.allSettled(backends.map((b) => b.dispose()));
  for (const pid of pids) expect(!processRunning(pid), `opencode pid ${pid} still alive`).toBe(true);
  await mock?.close();
  await env?.dispose();
});

describe('OpencodeBackend (real opencode serve)', () => {
  it('answers an authenticated probe, lists the configured models, and rejects unauthenticated calls', async () => {
    expect(await backend.probe()).toBe(true);
    const models = await backend.listModels();
    expect(models.map((m) => m.id)).toContain(MOCK_MODEL);
    expect(backend.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${backend.url}/global/health`);
    expect(res.status).toBe(401);
  });

  it('runs two turns on one warm session: same pid, same session, the second much faster', async () => {
    const dir = await env.makeDir('warm');
    const session = await backend.openSession({ cwd: dir });
    expect(session.origin).toBe('new');
    const pid = pidOf(backend);

    const t1 = performance.now();
    const first = run(session, 'First. [[mock:reply:first answer]]');
    expect(await first.result).toEqual({ stopReason: 'end_turn' });
    const firstMs = performance.now() - t1;

    // Two warm turns; the faster one is compared, so one scheduling hiccup on a busy machine
    // does not decide the test.
    let warmMs = Infinity;
    let second!: Collected;
    for (const n of [1, 2]) {
      const t = performance.now();
      second = run(session, `Again ${n}. [[mock:reply:second answer]]`);
      expect(await second.result).toEqual({ stopReason: 'end_turn' });
      warmMs = Math.min(warmMs, performance.now() - t);
    }

    expect(first.text()).toBe('first answer');
    expect(second.text()).toBe('second answer');
    expect(turnEnds(first.events)).toHaveLength(1);
    expect(turnEnds(second.events)).toHaveLength(1);
    expect(first.events.at(-1)).toEqual({ type: 'turn.end', stopReason: 'end_turn' });
    expect(second.events.some((e) => e.type === 'usage' && e.usage.inputTokens === 120 && e.usage.outputTokens === 30)).toBe(true);
    expect(pidOf(backend)).toBe(pid);
    expect(session.pid).toBe(pid);
    expect(session.externalSessionId).toMatch(/^ses_/);
    // The first turn boots the directory's instance; a warm one only talks to the model.
    expect(warmMs).toBeLessThan(firstMs / 2);
    await session.dispose();
  });

  it('aborts a slow turn mid-stream, and a prompt sent right away runs cleanly to end_turn', async () => {
    const dir = await env.makeDir('abort');
    const session = await backend.openSession({ cwd: dir });
    const slow = run(session, 'Slowly. [[mock:slow]]');
    await slow.next((e) => e.type === 'text.delta');
    // No await between cancel and the next prompt: the aborted turn's trailing events race it.
    const cancelled = session.cancel();
    const next = run(session, 'Next. [[mock:reply:after the abort]]');
    expect(await slow.result).toEqual({ stopReason: 'cancelled' });
    await cancelled;
    expect(await next.result).toEqual({ stopReason: 'end_turn' });
    expect(next.text()).toBe('after the abort');
    expect(slow.text()).not.toContain('chunk199');
    expect(turnEnds(slow.events)).toEqual([{ type: 'turn.end', stopReason: 'cancelled' }]);
    expect(turnEnds(next.events)).toEqual([{ type: 'turn.end', stopReason: 'end_turn' }]);
    // And the session stays usable afterwards.
    const third = run(session, 'Third. [[mock:reply:still fine]]');
    expect(await third.result).toEqual({ stopReason: 'end_turn' });
    expect(third.text()).toBe('still fine');
    // The caller's AbortSignal cancels too.
    const controller = new AbortController();
    const events: AgentEvent[] = [];
    const viaSignal = session.prompt({
      prompt: 'Slowly again. [[mock:slow]]',
      model: MOCK_MODEL,
      signal: controller.signal,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'text.delta') controller.abort();
      },
    });
    expect(await viaSignal).toEqual({ stopReason: 'cancelled' });
    expect(turnEnds(events)).toEqual([{ type: 'turn.end', stopReason: 'cancelled' }]);
    await session.dispose();
  });

  it('ends a prompt for an unknown model with one error and turn.end error, and the session keeps working', async () => {
    const dir = await env.makeDir('bad-model');
    const session = await backend.openSession({ cwd: dir });
    const bad = run(session, 'Hello?', 'mock/no-such-model');
    const result = await bad.result;
    expect(result.stopReason).toBe('error');
    expect(result.error?.message).toContain('no-such-model');
    expect(bad.events.filter((e) => e.type === 'error')).toHaveLength(1);
    expect(turnEnds(bad.events)).toHaveLength(1);
    const good = run(session, 'Now properly. [[mock:reply:recovered]]');
    expect(await good.result).toEqual({ stopReason: 'end_turn' });
    expect(good.text()).toBe('recovered');
    expect(good.events.some((e) => e.type === 'error')).toBe(false);
    await expect(session.prompt({ prompt: 'x', model: 'not-a-model-id', onEvent: () => {} })).rejects.toMatchObject({ name: 'InvalidInput' });
    await session.dispose();
  });

  it('runs a write tool turn that writes the file inside the directory, with tool events and diffs', async () => {
    // A git repository, as every chat's worktree is: where opencode would keep snapshots.
    const dir = makeRepo(await env.makeDir('tool'));
    const session = await backend.openSession({ cwd: dir });
    const turn = run(session, 'Write it. [[mock:write:hello.txt:hi]]');
    expect(await turn.result).toEqual({ stopReason: 'end_turn' });
    expect(await readFile(path.join(dir, 'hello.txt'), 'utf8')).toBe('hi');
    const start = turn.events.find((e) => e.type === 'tool.start');
    expect(start).toMatchObject({ type: 'tool.start', kind: 'edit' });
    const end = turn.events.find((e) => e.type === 'tool.end');
    expect(end).toMatchObject({
      type: 'tool.end',
      status: 'completed',
      diffs: [{ path: path.join(dir, 'hello.txt'), oldText: null, newText: 'hi' }],
    });
    if (start?.type === 'tool.start' && end?.type === 'tool.end') expect(end.toolCallId).toBe(start.toolCallId);
    expect(turn.text()).toBe('Done: the file is written.');
    expect(turnEnds(turn.events)).toHaveLength(1);
    // BooCoder turns opencode's own snapshots off: no repository of them is kept for the directory.
    expect(existsSync(path.join(env.env.XDG_DATA_HOME!, 'opencode', 'snapshot'))).toBe(false);
    await session.dispose();
  });

  it('runs two sessions in two directories on one server in parallel', async () => {
    const [dirA, dirB] = await Promise.all([env.makeDir('par-a'), env.makeDir('par-b')]);
    const [a, b] = await Promise.all([backend.openSession({ cwd: dirA }), backend.openSession({ cwd: dirB })]);
    expect(a.externalSessionId).not.toBe(b.externalSessionId);
    expect(a.pid).toBe(b.pid);
    const ta = run(a, 'A. [[mock:write:a.txt:from a]]');
    const tb = run(b, 'B. [[mock:reply:answer for b]]');
    const [ra, rb] = await Promise.all([ta.result, tb.result]);
    expect(ra).toEqual({ stopReason: 'end_turn' });
    expect(rb).toEqual({ stopReason: 'end_turn' });
    expect(tb.text()).toBe('answer for b');
    expect(ta.text()).toBe('Done: the file is written.');
    // Nothing of one session leaked into the other.
    expect(tb.events.some((e) => e.type === 'tool.start')).toBe(false);
    expect(await readFile(path.join(dirA, 'a.txt'), 'utf8')).toBe('from a');
    await Promise.all([a.dispose(), b.dispose()]);
  });

  it('asks for permission when edits need it, and writes the file after allow-once', async () => {
    const askBackend = track(
      new OpencodeBackend(env.spec, {
        baseEnv: { ...env.env, OPENCODE_CONFIG_CONTENT: mockProviderConfig(mock.url, { edit: 'ask', bash: 'allow' }) },
      }),
    );
    const dir = await env.makeDir('permission');
    const session = await askBackend.openSession({ cwd: dir });
    pidOf(askBackend);
    const turn = run(session, 'Write it. [[mock:write:perm.txt:allowed]]');
    const request = await turn.next((e) => e.type === 'permission.request');
    if (request.type !== 'permission.request') throw new Error('unreachable');
    expect(request.options.map((o) => [o.optionId, o.kind])).toEqual([
      ['once', 'allow_once'],
      ['always', 'allow_always'],
      ['reject', 'reject_once'],
    ]);
    expect(request.diffs).toEqual([{ path: path.join(dir, 'perm.txt'), oldText: null, newText: 'allowed' }]);
    await session.replyPermission(request.requestId, 'once');
    expect(await turn.result).toEqual({ stopReason: 'end_turn' });
    expect(turn.events).toContainEqual({ type: 'permission.resolved', requestId: request.requestId, optionId: 'once' });
    expect(await readFile(path.join(dir, 'perm.txt'), 'utf8')).toBe('allowed');
    await askBackend.dispose();
  });

  it('reports a server killed while idle, respawns on start, resumes the old session, and fails an in-flight turn with AgentCrashed', async () => {
    const crashy = track(new OpencodeBackend(env.spec, { baseEnv: env.env }));
    const dir = await env.makeDir('crash');
    const session = await crashy.openSession({ cwd: dir });
    const warm = run(session, 'Before. [[mock:reply:remember me]]');
    expect(await warm.result).toEqual({ stopReason: 'end_turn' });
    const oldPid = pidOf(crashy);

    const crashed = new Promise<BackendProcessState>((resolve) => crashy.onCrash(resolve));
    process.kill(oldPid, 'SIGKILL');
    const state = await crashed;
    expect(state).toMatchObject({ state: 'crashed', signal: 'SIGKILL' });
    expect(crashy.processState().state).toBe('crashed');
    expect(await crashy.probe()).toBe(false);
    await expect(session.prompt({ prompt: 'x', onEvent: () => {} })).rejects.toMatchObject({ name: 'AgentCrashed' });

    await crashy.start();
    const newPid = pidOf(crashy);
    expect(newPid).not.toBe(oldPid);
    const resumed = await crashy.openSession({ cwd: dir, resumeSessionId: session.externalSessionId });
    expect(resumed.origin).toBe('resumed');
    expect(resumed.externalSessionId).toBe(session.externalSessionId);
    const after = run(resumed, 'After. [[mock:reply:resumed fine]]');
    expect(await after.result).toEqual({ stopReason: 'end_turn' });
    expect(after.text()).toBe('resumed fine');
    // The model saw the earlier turn: the session's memory survived the restart.
    const lastRequest = mock.requests.filter((r) => r.directive === 'reply:resumed fine').at(-1);
    expect(JSON.stringify(lastRequest?.body.messages)).toContain('remember me');

    // Now a crash in the middle of a turn.
    const inflight = run(resumed, 'Slowly. [[mock:slow]]');
    await inflight.next((e) => e.type === 'text.delta');
    process.kill(newPid, 'SIGKILL');
    const result = await inflight.result;
    expect(result.stopReason).toBe('error');
    expect(result.error?.name).toBe('AgentCrashed');
    expect(turnEnds(inflight.events)).toHaveLength(1);
    expect(inflight.events.at(-1)).toMatchObject({ type: 'turn.end', stopReason: 'error', error: { name: 'AgentCrashed' } });
    await crashy.dispose();
  });

  it('fails to start with AgentStartFailed carrying the stderr tail', async () => {
    const broken = track(
      new OpencodeBackend(
        { ...env.spec, command: 'sh', args: ['-c', 'echo "boom: no provider here" >&2; exit 3'] },
        { baseEnv: env.env, readyTimeoutMs: 10_000 },
      ),
    );
    const err = await broken.start().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'AgentStartFailed' });
    expect((err as Error).message).toContain('boom: no provider here');
    expect((err as Error).message).toContain('code 3');
    expect(broken.processState().state).toBe('stopped');
  });

  it('gives up on a server that never reports ready, with the stderr tail, and stops its process group', async () => {
    const pidFile = path.join(env.root, 'silent.pid');
    const silent = track(
      new OpencodeBackend(
        { ...env.spec, command: 'sh', args: ['-c', `sleep 30 & echo $! > ${pidFile}; echo "still warming up" >&2; wait`] },
        { baseEnv: env.env, readyTimeoutMs: 1500 },
      ),
    );
    const err = await silent.start().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'AgentStartFailed' });
    expect((err as Error).message).toMatch(/did not report ready within 1500 ms/);
    expect((err as Error).message).toContain('still warming up');
    // The grandchild died with the group (the kernel may take a moment to deliver the signal).
    const sleeper = Number(await readFile(pidFile, 'utf8'));
    expect(sleeper).toBeGreaterThan(0);
    await expect.poll(() => !processRunning(sleeper), { timeout: 3000, interval: 50 }).toBe(true);
  });

  it('shares one start between concurrent callers', async () => {
    const shared = track(new OpencodeBackend(env.spec, { baseEnv: env.env }));
    const starts = [shared.start(), shared.start(), shared.start()];
    expect(shared.processState().state).toBe('starting');
    await Promise.all(starts);
    const pid = pidOf(shared);
    await shared.start();
    expect(pidOf(shared)).toBe(pid);
    await shared.dispose();
    expect(!processRunning(pid)).toBe(true);
    expect(shared.processState().state).toBe('stopped');
  });
});
