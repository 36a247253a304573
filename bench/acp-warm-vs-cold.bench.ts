import type { Benchmark, BenchRow } from './bench-types';
import { AcpBackend } from '../src-main/core/agents/acp/acp-backend';
import type { AgentSpec } from '../src-main/core/agents/agent-backend';
import { startMockLlm } from '../test/support/mock-llm';
import { makeQwenEnv, QWEN_BIN } from '../test/support/qwen-env';

/**
 * A warm turn (one more prompt on a live qwen ACP session) against a cold one (spawn the child,
 * initialize, session/new, prompt, dispose), side by side against the mock LLM.
 */

const WARM_TURNS = 7;
const COLD_TURNS = 3;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const benchmark: Benchmark = {
  name: 'ACP (qwen-code): warm turn vs cold turn',
  async run(): Promise<BenchRow[]> {
    const llm = await startMockLlm();
    const env = await makeQwenEnv(llm.url, 'bench-acp-');
    const spec: AgentSpec = { id: 'qwen', name: 'Qwen Code', kind: 'acp', command: QWEN_BIN, args: ['--acp'], env: {} };
    const newBackend = () => new AcpBackend(spec, { baseEnv: env.env, cwd: env.root });
    const turn = async (backend: AcpBackend, cwd: string, session?: Awaited<ReturnType<AcpBackend['openSession']>>) => {
      const s = session ?? (await backend.openSession({ cwd }));
      const result = await s.prompt({ prompt: 'Say hello.', onEvent: () => {} });
      if (result.stopReason !== 'end_turn') throw new Error(`turn ended ${result.stopReason}`);
      return s;
    };
    try {
      const cwd = await env.makeDir('bench');
      const warmBackend = newBackend();
      const warm: number[] = [];
      try {
        const session = await turn(warmBackend, cwd); // the first turn warms the session up
        for (let i = 0; i < WARM_TURNS; i++) {
          const t0 = performance.now();
          await turn(warmBackend, cwd, session);
          warm.push(performance.now() - t0);
        }
      } finally {
        await warmBackend.dispose();
      }
      const cold: number[] = [];
      for (let i = 0; i < COLD_TURNS; i++) {
        const t0 = performance.now();
        const backend = newBackend();
        try {
          await turn(backend, cwd);
        } finally {
          await backend.dispose();
        }
        cold.push(performance.now() - t0);
      }
      const warmMs = median(warm);
      const coldMs = median(cold);
      const ratio = coldMs / warmMs;
      // The warm turn is the value under test, the cold turn its side-by-side baseline.
      return [
        {
          name: 'warm turn vs cold turn (qwen ACP)',
          value: warmMs,
          unit: 'ms',
          baseline: coldMs,
          ratio,
          goal: '≥ 10×',
          met: ratio >= 10,
        },
      ];
    } finally {
      await llm.close();
      await env[Symbol.asyncDispose]();
    }
  },
};

export default benchmark;
