import type { Benchmark, BenchRow } from './bench-types';
import type { AgentSessionHandle } from '../src-main/core/agents/agent-backend';
import { OpencodeBackend } from '../src-main/core/agents/opencode/opencode-backend';
import { startMockLlm } from '../test/support/mock-llm';
import { createOpencodeTestEnv, MOCK_MODEL } from '../test/support/opencode-env';

/**
 * A warm turn (one live server and session, turn after turn) against a cold one (spawn the
 * server, open a session, prompt, dispose) on the real opencode with the mock LLM. Both sides
 * run in the same isolated HOME and the same directory, side by side in one run.
 */

const N = Number(process.env.BENCH_OPENCODE_N ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function turn(session: AgentSessionHandle, i: number): Promise<void> {
  const result = await session.prompt({ prompt: `Turn ${i}. [[mock:reply:ok ${i}]]`, model: MOCK_MODEL, onEvent: () => {} });
  if (result.stopReason !== 'end_turn') throw new Error(`turn ${i} ended ${result.stopReason}`);
}

const benchmark: Benchmark = {
  name: 'opencode warm vs cold turn',
  async run(): Promise<BenchRow[]> {
    const mock = await startMockLlm();
    const env = await createOpencodeTestEnv({ llmUrl: mock.url });
    try {
      const dir = await env.makeDir('bench');

      // Warm: one server, one session; the first turn (instance boot) is not measured.
      const warmBackend = new OpencodeBackend(env.spec, { baseEnv: env.env });
      const warm: number[] = [];
      try {
        const session = await warmBackend.openSession({ cwd: dir });
        await turn(session, -1);
        for (let i = 0; i < N; i++) {
          const t = performance.now();
          await turn(session, i);
          warm.push(performance.now() - t);
        }
      } finally {
        await warmBackend.dispose();
      }

      // Cold: everything from spawn to the answer, then tear it all down.
      const cold: number[] = [];
      for (let i = 0; i < N; i++) {
        const t = performance.now();
        const backend = new OpencodeBackend(env.spec, { baseEnv: env.env });
        try {
          const session = await backend.openSession({ cwd: dir });
          await turn(session, i);
        } finally {
          await backend.dispose();
        }
        cold.push(performance.now() - t);
      }

      const warmMs = median(warm);
      const coldMs = median(cold);
      const ratio = coldMs / warmMs;
      return [
        { name: 'opencode warm turn (median)', value: Math.round(warmMs), unit: 'ms' },
        { name: 'opencode cold turn: spawn + session + turn + dispose (median)', value: Math.round(coldMs), unit: 'ms' },
        {
          name: 'opencode cold / warm turn',
          value: Number(ratio.toFixed(1)),
          unit: 'x',
          baseline: 1,
          ratio: Number(ratio.toFixed(1)),
          goal: '≥ 10×',
          met: ratio >= 10,
        },
      ];
    } finally {
      await mock.close();
      await env.dispose();
    }
  },
};

export default benchmark;
