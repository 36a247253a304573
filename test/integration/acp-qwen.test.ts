import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile as readFileAsync } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src-preload/contract';
import { AcpBackend } from '../../src-main/core/agents/acp/acp-backend';
import type { AgentSessionHandle, BackendProcessState } from '../../src-main/core/agents/agent-backend';
import { startMockLlm, type MockLlm } from '../support/mock-llm';
import { makeQwenEnv, QWEN_BIN, type QwenEnv } from '../support/qwen-env';

/**
 * The ACP backend against the real `qwen --acp` talking to the mock LLM, in an isolated HOME.
 * One warm child serves the whole file (as in the app); one test kills it and checks the
 * respawned child restores the session.
 */

let llm: MockLlm;
let env: QwenEnv;
let backend: AcpBackend;
const wire: Array<{ dir: 'in' | 'out'; message: { method?: string; params?: Record<string, unknown> } }> = [];
const spawnedPids = new Set<number>();

async function turn(session: AgentSessionHandle, prompt: string, opts: { mode?: string; onEvent?: (e: AgentEvent) => void } = {}) {
  const events: AgentEvent[] = [];
  const started = performance.now();
  const result = await session.prompt({
    prompt,
    mode: opts.mode,
    onEvent: (e) => {
      events.push(e);
      opts.onEvent?.(e);
    },
  });
  const ms = performance.now() - started;
  const text = events.flatMap((e) => (e.type === 'text.delta' ? [e.text] : [])).join('');
  expect(events.filter((e) => e.type === 'turn.end')).toHaveLength(1);
  expect(events.at(-1)?.type).toBe('turn.end');
  return { result, events, text, ms };
}

const open = async (name: string, resumeSessionId?: string) => {
  const cwd = await env.makeDir(name);
  const session = await backend.openSession({ cwd, resumeSessionId });
  if (session.pid) spawnedPids.add(session.pid);
  return { session, cwd };
};

/** qwen processes started by this file: any process whose environment holds our isolated HOME. */
function ourQwenProcesses(): number[] {
  let pids: number[] = [];
  try {
    pids = execFileSync('pgrep', ['-f', 'qwen'], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
  return pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`HOME=${env.home}`);
    } catch {
      return false;
    }
  });
}

beforeAll(async () => {
  llm = await startMockLlm();
  env = await makeQwenEnv(llm.url);
  backend = new AcpBackend(
    { id: 'qwen', name: 'Qwen Code', kind: 'acp', command: QWEN_BIN, args: ['--acp'], env: {} },
    {
      baseEnv: env.env,
      cwd: env.root,
      onWireMessage: (dir, message) => wire.push({ dir, message: message as (typeof wire)[number]['message'] }),
    },
  );
});

afterAll(async () => {
  await backend.dispose();
  await llm.close();
  const leftovers = ourQwenProcesses();
  await env[Symbol.asyncDispose]();
  expect(leftovers).toEqual([]);
  for (const pid of spawnedPids) expect(() => process.kill(pid, 0)).toThrow();
});

describe('ACP backend with the real qwen-code', () => {
  it('two turns on one warm session: same process, same session, the second much faster', async () => {
    const coldStart = performance.now();
    const { session } = await open('warm');
    const first = await turn(session, 'Say hello.');
    const cold = performance.now() - coldStart;
    expect(first.result).toEqual({ stopReason: 'end_turn' });
    expect(first.text).toBe('Hello from mock.');
    expect(first.events).toContainEqual({ type: 'usage', usage: expect.objectContaining({ inputTokens: 120, outputTokens: 30 }) });
    expect(session.origin).toBe('new');
    const pid = session.pid;

    const second = await turn(session, 'Again. [[mock:reply:second answer]]');
    expect(second.text).toBe('second answer');
    expect(session.pid).toBe(pid);
    expect(backend.processState()).toMatchObject({ state: 'running', pid });
    // Cold = spawn + initialize + session/new + first turn; warm = one more turn on the same session.
    expect(second.ms * 3).toBeLessThan(cold);
    // Both turns went to the same ACP session.
    const prompts = wire.filter((w) => w.dir === 'out' && w.message.method === 'session/prompt');
    expect(new Set(prompts.map((p) => p.message.params?.sessionId))).toEqual(new Set([session.externalSessionId]));
    expect(await backend.probe()).toBe(true);
  });

  it('cancel mid-stream ends the turn cancelled; the next turn is clean', async () => {
    const { session } = await open('cancel');
    let deltas = 0;
    const cancelled = await turn(session, 'Slowly. [[mock:slow]]', {
      onEvent: (e) => {
        if (e.type === 'text.delta' && ++deltas === 3) void session.cancel();
      },
    });
    expect(cancelled.result.stopReason).toBe('cancelled');
    expect(deltas).toBeLessThan(50);
    const next = await turn(session, 'And now? [[mock:reply:clean]]');
    expect(next.result.stopReason).toBe('end_turn');
    expect(next.text).toBe('clean');
    expect(next.events.some((e) => e.type === 'text.delta' && e.text.startsWith('chunk'))).toBe(false);
  });

  it('a tool turn writes the file inside the cwd through fs/write_text_file', async () => {
    const { session, cwd } = await open('tool');
    const t = await turn(session, 'Write it. [[mock:write:hello.txt:hi]]', { mode: 'yolo' });
    expect(t.result.stopReason).toBe('end_turn');
    expect(await readFileAsync(path.join(cwd, 'hello.txt'), 'utf8')).toBe('hi');
    const writes = wire.filter((w) => w.dir === 'in' && w.message.method === 'fs/write_text_file');
    expect(writes.map((w) => w.message.params?.path)).toContain(path.join(cwd, 'hello.txt'));
    const start = t.events.find((e) => e.type === 'tool.start');
    expect(start).toMatchObject({ kind: 'edit' });
    expect(t.events).toContainEqual(
      expect.objectContaining({
        type: 'tool.end',
        status: 'completed',
        diffs: [{ path: path.join(cwd, 'hello.txt'), oldText: '', newText: 'hi' }],
      }),
    );
    expect(t.text).toBe('Done: the file is written.');
  });

  it('in default mode qwen asks before writing; the answer lets it write', async () => {
    const { session, cwd } = await open('permission');
    const t = await turn(session, 'Write it. [[mock:write:asked.txt:allowed]]', {
      mode: 'default',
      onEvent: (e) => {
        if (e.type === 'permission.request') {
          const once = e.options.find((o) => o.kind === 'allow_once');
          void session.replyPermission(e.requestId, once!.optionId);
        }
      },
    });
    const request = t.events.find((e) => e.type === 'permission.request');
    expect(request).toMatchObject({
      options: expect.arrayContaining([
        expect.objectContaining({ kind: 'allow_once' }),
        expect.objectContaining({ kind: 'allow_always' }),
        expect.objectContaining({ kind: 'reject_once' }),
      ]),
      diffs: [{ path: path.join(cwd, 'asked.txt'), oldText: '', newText: 'allowed' }],
    });
    expect(t.events).toContainEqual({
      type: 'permission.resolved',
      requestId: (request as { requestId: string }).requestId,
      optionId: 'proceed_once',
    });
    expect(t.result.stopReason).toBe('end_turn');
    expect(await readFileAsync(path.join(cwd, 'asked.txt'), 'utf8')).toBe('allowed');
  });

  it('two sessions on one child run in parallel without cross-talk', async () => {
    const [a, b] = await Promise.all([open('par-a'), open('par-b')]);
    expect(a.session.pid).toBe(b.session.pid);
    expect(a.session.externalSessionId).not.toBe(b.session.externalSessionId);
    const [ta, tb] = await Promise.all([turn(a.session, 'A? [[mock:reply:from A]]'), turn(b.session, 'B? [[mock:reply:from B]]')]);
    expect(ta.text).toBe('from A');
    expect(tb.text).toBe('from B');
  });

  it('kill -9 of the child: sessions crash, the turn errors AgentCrashed, the session is restored on a new child', async () => {
    const { session, cwd } = await open('crash');
    const marker = 'remember-the-zebra-4711';
    expect((await turn(session, `Note this: ${marker}`)).result.stopReason).toBe('end_turn');
    const crashes: BackendProcessState[] = [];
    const off = backend.onCrash((s) => crashes.push(s));
    const pid = session.pid!;

    let killed = false;
    const t = await turn(session, 'Slowly. [[mock:slow]]', {
      onEvent: (e) => {
        if (e.type === 'text.delta' && !killed) {
          killed = true;
          process.kill(pid, 'SIGKILL');
        }
      },
    });
    off();
    expect(t.result.stopReason).toBe('error');
    expect(t.result.error?.name).toBe('AgentCrashed');
    expect(t.result.error?.message).toContain('SIGKILL');
    expect(crashes).toEqual([expect.objectContaining({ state: 'crashed', signal: 'SIGKILL' })]);
    expect(backend.processState()).toMatchObject({ state: 'crashed' });
    expect(await backend.probe()).toBe(false);
    const again = await turn(session, 'still there?');
    expect(again.result.error?.name).toBe('AgentCrashed');

    const restored = await backend.openSession({ cwd, resumeSessionId: session.externalSessionId });
    if (restored.pid) spawnedPids.add(restored.pid);
    expect(['resumed', 'loaded']).toContain(restored.origin);
    expect(restored.externalSessionId).toBe(session.externalSessionId);
    expect(restored.pid).not.toBe(pid);
    const before = llm.requests.length;
    const after = await turn(restored, 'What did I ask you to note? [[mock:reply:noted]]');
    expect(after.result.stopReason).toBe('end_turn');
    expect(after.text).toBe('noted');
    // The agent still has its history: the earlier prompt is in what it sent to the model.
    const sent = llm.requests.slice(before).map((r) => JSON.stringify(r.body.messages));
    expect(sent.some((s) => s.includes(marker))).toBe(true);
  });
});
