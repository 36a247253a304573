import { Core } from '../src-main/core/core';
import { dispatch } from '../src-main/core/rpc/dispatch';
import { detectSandboxSupport, type SandboxSupport } from '../src-main/core/sandbox/sandbox-support';
import { createCoreTestEnv, type CoreTestEnv } from '../test/support/core-env';
import { makeRepo } from '../test/support/git-repo';
import { startMockLlm } from '../test/support/mock-llm';
import type { Benchmark, BenchRow } from './bench-types';
import { median } from './stats';

/**
 * What the write sandbox costs: the same agent on the same mock LLM in two cores, one with its
 * processes in the sandbox and one without, measured alternately in one run: the process start
 * (spawn to ready; for ACP agents through `initialize`) and a warm turn.
 */

const START_ROUNDS = 7;
const TURN_ROUNDS = 31;
const AGENTS = ['qwen', 'opencode'] as const;
const pause = (ms = 250) => new Promise((resolve) => setTimeout(resolve, ms));

interface Side {
  core: Core;
  env: CoreTestEnv;
  call<T>(method: string, params: unknown): Promise<T>;
  turnMs(chatId: string, agent: string, prompt: string): Promise<number>;
  startMs(agent: string): Promise<number>;
}

async function openSide(llmUrl: string, support: SandboxSupport): Promise<Side> {
  const env = await createCoreTestEnv(llmUrl);
  const core = await Core.open({ dataDir: env.dataDir, agentEnv: env.env, sandboxSupport: support });
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const r = await dispatch(core.handlers, method, params);
    if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`);
    return r.result as T;
  };
  const ends = new Map<string, (stop: string) => void>();
  core.events.subscribe((name, payload) => {
    const p = payload as { turnId: string; event: { type: string; stopReason?: string } };
    if (name === 'turn.event' && p.event.type === 'turn.end') ends.get(p.turnId)?.(p.event.stopReason ?? '');
  });
  return {
    core,
    env,
    call,
    async turnMs(chatId, agent, prompt) {
      const t0 = performance.now();
      let resolveEnd!: (stop: string) => void;
      const ended = new Promise<string>((r) => (resolveEnd = r));
      const { turnId } = await call<{ turnId: string }>('turns.send', { chatId, agent, prompt });
      ends.set(turnId, resolveEnd);
      const stop = await ended;
      if (stop !== 'end_turn') throw new Error(`${agent} turn ended ${stop}`);
      return performance.now() - t0;
    },
    async startMs(agent) {
      await core.pool.disposeBackend(agent);
      const spec = core.agents.require(agent);
      const t0 = performance.now();
      await core.pool.startBackend(spec);
      return performance.now() - t0;
    },
  };
}

const bench: Benchmark = {
  name: 'write sandbox cost',
  async run() {
    const support = await detectSandboxSupport({ pathEnv: process.env.PATH });
    if (!support.available) throw new Error(`no sandbox here: ${support.reason}`);
    const llm = await startMockLlm();
    const sandboxed = await openSide(llm.url, support);
    const plain = await openSide(llm.url, { available: false, reason: 'the baseline runs without the sandbox' });
    const rows: BenchRow[] = [];
    try {
      for (const agent of AGENTS) {
        const starts = { sandboxed: [] as number[], plain: [] as number[] };
        for (let i = 0; i < START_ROUNDS; i++) {
          starts.sandboxed.push(await sandboxed.startMs(agent));
          await pause(500);
          starts.plain.push(await plain.startMs(agent));
          await pause(500);
        }
        const s = median(starts.sandboxed);
        const p = median(starts.plain);
        rows.push({ name: `process start, sandboxed vs not (${agent})`, value: s, baseline: p, unit: 'ms', ratio: s / p, goal: '≤ 1.2×', met: s / p <= 1.2 });

        const chats: Record<'sandboxed' | 'plain', string> = { sandboxed: '', plain: '' };
        for (const [name, side] of [['sandboxed', sandboxed], ['plain', plain]] as const) {
          const repo = await side.call<{ id: string }>('repos.open', { path: makeRepo(await side.env.makeDir(`repo-${agent}`)) });
          chats[name] = (await side.call<{ id: string }>('chats.create', { repoId: repo.id })).id;
          for (let i = 0; i < 2; i++) await side.turnMs(chats[name], agent, `warm up ${i} [[mock:reply:ok]]`);
        }
        const turns = { sandboxed: [] as number[], plain: [] as number[] };
        for (let i = 0; i < TURN_ROUNDS; i++) {
          await pause();
          turns.sandboxed.push(await sandboxed.turnMs(chats.sandboxed, agent, `turn ${i} [[mock:reply:ok]]`));
          await pause();
          turns.plain.push(await plain.turnMs(chats.plain, agent, `turn ${i} [[mock:reply:ok]]`));
        }
        const t = median(turns.sandboxed);
        const b = median(turns.plain);
        rows.push({ name: `warm turn, sandboxed vs not (${agent})`, value: t, baseline: b, unit: 'ms', ratio: t / b, goal: '≤ 1.05×', met: t / b <= 1.05 });
      }
      return rows;
    } finally {
      await sandboxed.core.shutdown();
      await plain.core.shutdown();
      await sandboxed.env[Symbol.asyncDispose]();
      await plain.env[Symbol.asyncDispose]();
      await llm.close();
    }
  },
};

export default bench;
