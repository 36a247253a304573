import { AcpBackend } from '../src-main/core/agents/acp/acp-backend';
import type { AgentBackend, AgentSessionHandle } from '../src-main/core/agents/agent-backend';
import { startMockLlm, type MockLlm } from '../test/support/mock-llm';
import { askedTheModelSince, makeBenchAgentEnv, PLAIN_PROMPT, type BenchAcpAgent } from './bench-agents';
import type { Benchmark, BenchRow } from './bench-types';
import { median } from './stats';

/**
 * A warm turn (one more prompt on a live session) against a cold one (start the agent, open a
 * session, prompt, dispose), side by side in one run against the mock LLM, for any agent BooCoder
 * drives: both sides use the same isolated HOME and the same directory, and the same plain prompt.
 * The first turn of the warm session (the agent's own first-turn setup) is not measured.
 *
 * 5 warm and 3 cold turns are timed (a cold claude-code, gemini or opencode turn takes seconds);
 * BENCH_WARM_TURNS and BENCH_COLD_TURNS override that.
 */

/** A fresh backend per cold turn, all in one isolated world on the mock. */
export interface WarmColdWorld {
  newBackend(): AgentBackend;
  makeDir(name: string): Promise<string>;
  dispose(): Promise<void>;
}

export interface WarmColdSubject {
  /** The built-in catalog id, named in the bench and its row. */
  agent: string;
  /** How the agent is driven, e.g. "ACP" or "its HTTP server". */
  via: string;
  /** What a cold turn does, e.g. "spawn + initialize + session/new + prompt + dispose". */
  cold: string;
  open(llm: MockLlm): Promise<WarmColdWorld>;
  /** The model to ask for (default: the agent's configured one). */
  model?: string;
}

const count = (name: string, fallback: number) => {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** One plain turn, checked to have asked the model and brought its reply. */
async function turn(llm: MockLlm, session: AgentSessionHandle, model: string | undefined): Promise<void> {
  const before = llm.requests.length;
  let text = '';
  const result = await session.prompt({
    prompt: PLAIN_PROMPT,
    model,
    onEvent: (e) => {
      if (e.type === 'text.delta') text += e.text;
    },
  });
  if (result.stopReason !== 'end_turn') throw new Error(`turn ended ${result.stopReason}${result.error ? `: ${result.error.message}` : ''}`);
  if (!text) throw new Error('turn ended without a reply');
  if (!askedTheModelSince(llm, before)) throw new Error('turn ended without asking the model');
}

export function warmVsColdBench(subject: WarmColdSubject): Benchmark {
  const label = `${subject.agent} over ${subject.via}`;
  return {
    name: `warm vs cold turn (${label})`,
    async run(): Promise<BenchRow[]> {
      const warmTurns = count('BENCH_WARM_TURNS', 5);
      const coldTurns = count('BENCH_COLD_TURNS', 3);
      const llm = await startMockLlm();
      let world: WarmColdWorld | undefined;
      try {
        world = await subject.open(llm);
        const cwd = await world.makeDir('bench');

        const warm: number[] = [];
        const warmBackend = world.newBackend();
        try {
          const session = await warmBackend.openSession({ cwd });
          await turn(llm, session, subject.model);
          for (let i = 0; i < warmTurns; i++) {
            const t0 = performance.now();
            await turn(llm, session, subject.model);
            warm.push(performance.now() - t0);
          }
        } finally {
          await warmBackend.dispose();
        }

        const cold: number[] = [];
        for (let i = 0; i < coldTurns; i++) {
          const t0 = performance.now();
          const backend = world.newBackend();
          try {
            await turn(llm, await backend.openSession({ cwd }), subject.model);
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
            name: `${label}: warm turn vs cold turn (${subject.cold}); medians of ${warmTurns} warm, ${coldTurns} cold`,
            value: warmMs,
            unit: 'ms',
            baseline: coldMs,
            ratio,
            goal: '≥ 10×',
            met: ratio >= 10,
          },
        ];
      } finally {
        await world?.dispose();
        await llm.close();
      }
    },
  };
}

/** The warm-vs-cold bench of an ACP agent: a fresh AcpBackend (one child) per cold turn. */
export function acpWarmVsColdBench(agent: BenchAcpAgent): Benchmark {
  return warmVsColdBench({
    agent,
    via: 'ACP',
    cold: 'spawn + initialize + session/new + prompt + dispose',
    async open(llm) {
      const env = await makeBenchAgentEnv(agent, llm);
      return {
        newBackend: () => new AcpBackend(env.spec, { baseEnv: env.env, cwd: env.root }),
        makeDir: env.makeDir,
        dispose: async () => {
          await env[Symbol.asyncDispose]();
        },
      };
    },
  });
}
