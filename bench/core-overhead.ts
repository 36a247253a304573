import { AcpBackend } from '../src-main/core/agents/acp/acp-backend';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { makeRepo } from '../test/support/git-repo';
import type { MockLlm } from '../test/support/mock-llm';
import { askedTheModelSince, makeBenchAgentEnv, type BenchAcpAgent } from './bench-agents';
import type { Benchmark, BenchRow } from './bench-types';
import { startCoreDriver, type CoreDriver, type CoreWorld } from './core-driver';
import { median } from './stats';

/**
 * What the core adds to a warm turn: the same prompt on the same mock LLM through the whole core
 * (turns.send → turn.end: dispatcher, pool, transcript, worktree snapshot) against a direct
 * baseline on an equally warm session, measured alternately in one run.
 */

const ROUNDS = 41;
/**
 * Quiet time before each measured turn. Both the core and the agents keep working for a while
 * after a turn ends (the worktree snapshot, transcript flushes, the agent's own post-turn
 * bookkeeping); on a two-core machine that work would land in whichever turn is measured next.
 */
const SETTLE_MS = 250;
const pause = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

/** One warm turn on one side; resolves with how long it took. */
export type TimedTurn = (prompt: string) => Promise<number>;

export const timed =
  (run: (prompt: string) => Promise<unknown>): TimedTurn =>
  async (prompt) => {
    const t0 = performance.now();
    await run(prompt);
    return performance.now() - t0;
  };

/** A turn of `agent` in a fresh chat of a fresh repo on the driver's core. */
export async function coreSide(driver: CoreDriver<CoreWorld>, agent: string): Promise<TimedTurn> {
  const repo = await driver.call<{ id: string }>('repos.open', { path: makeRepo(await driver.world.makeDir(`repo-${agent}`)) });
  const chat = await driver.call<{ id: string }>('chats.create', { repoId: repo.id });
  return timed((prompt) => driver.turn(chat.id, agent, prompt));
}

export interface Baseline {
  /** What the baseline is, for the row name, e.g. "its SDK, streamed". */
  name: string;
  turn: TimedTurn;
  /** An information row only (no goal). */
  information?: boolean;
}

/**
 * Warms every side up (process start, first turn in the directory, worktree creation), then
 * alternates one core turn and one turn of each baseline, `ROUNDS` times, each after a quiet
 * pause; one row per baseline, the median core turn against its median.
 */
export async function measureOverhead(agent: string, viaCore: TimedTurn, baselines: readonly Baseline[]): Promise<BenchRow[]> {
  for (let i = 0; i < 2; i++) {
    await viaCore(`warm up ${i}`);
    for (const b of baselines) await b.turn(`warm up ${i}`);
  }
  const core: number[] = [];
  const direct = baselines.map(() => [] as number[]);
  for (let i = 0; i < ROUNDS; i++) {
    await pause();
    core.push(await viaCore(`turn ${i}`));
    for (const [j, b] of baselines.entries()) {
      await pause();
      direct[j]!.push(await b.turn(`turn ${i}`));
    }
  }
  const c = median(core);
  return baselines.map((b, j) => {
    const d = median(direct[j]!);
    const row: BenchRow = { name: `warm turn through the core vs ${b.name} (${agent}${b.information ? '; information' : ''})`, value: c, baseline: d, unit: 'ms', ratio: c / d };
    return b.information ? row : { ...row, goal: '≤ 1.05×', met: c / d <= 1.05 };
  });
}

/** The same timed turn, checked to have reached the model (a turn that never asks it times nothing). */
const askingTheModel =
  (llm: MockLlm, who: string, turn: TimedTurn): TimedTurn =>
  async (prompt) => {
    const before = llm.requests.length;
    const ms = await turn(prompt);
    if (!askedTheModelSince(llm, before)) throw new Error(`${who} turn ended without asking the model`);
    return ms;
  };

/**
 * The core-overhead bench of an ACP agent: a core whose agent env is the agent's own isolated env,
 * against the same agent driven directly with an AcpBackend (session.prompt) in that env, on the
 * same mock, in the same kind of place: a git worktree of a repository (agents look around the
 * repository they are in, and a worktree's `.git` file costs them more than a checkout's folder),
 * with the process started in an empty folder of its own, as the core starts its agents.
 */
export function acpCoreOverheadBench(agent: BenchAcpAgent): Benchmark {
  return {
    name: `core overhead (${agent})`,
    async run() {
      const driver = await startCoreDriver(async (llm) => {
        const env = await makeBenchAgentEnv(agent, llm);
        return Object.assign(env, { dataDir: await env.makeDir('core-data') });
      });
      const { world } = driver;
      const backend = new AcpBackend(world.spec, { baseEnv: world.env, cwd: await world.makeDir('direct-agent-cwd') });
      try {
        const viaCore = askingTheModel(driver.llm, `core ${agent}`, await coreSide(driver, agent));
        const directRepo = makeRepo(await world.makeDir('direct-repo'));
        const directWorktree = path.join(path.dirname(directRepo), 'direct-worktree');
        execFileSync('git', ['worktree', 'add', '-q', '-b', 'direct', directWorktree], { cwd: directRepo });
        const session = await backend.openSession({ cwd: directWorktree });
        const direct = askingTheModel(
          driver.llm,
          `direct ${agent}`,
          timed(async (prompt) => {
            const result = await session.prompt({ prompt, onEvent: () => {} });
            if (result.stopReason !== 'end_turn') throw new Error(`direct ${agent} turn ended ${result.stopReason}${result.error ? `: ${result.error.message}` : ''}`);
          }),
        );
        return await measureOverhead(agent, viaCore, [{ name: 'AcpBackend session.prompt directly', turn: direct }]);
      } finally {
        await backend.dispose();
        await driver.close();
      }
    },
  };
}
