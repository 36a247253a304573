import { makeRepo } from '../test/support/git-repo';
import type { Benchmark, BenchRow } from './bench-types';
import { startCoreDriver, type CoreDriver } from './core-driver';
import { median } from './stats';

/**
 * The first turn of a new chat, pre-warmed while the user types (a 3 s pause between choosing
 * the agent and sending), against a warm turn of the same agent, through the whole core on the
 * mock LLM. Two starting points: the agent's process already running for other chats (the usual
 * case), and not running at all (the app just started). A row without pre-warm shows what the
 * first turn costs otherwise.
 */

const TYPING_MS = 3000;
const FIRST_TURNS = 5;
const COLD_PROCESS_TURNS = 3;
const WARM_TURNS = 11;
/** Quiet time before each measured turn: a new directory keeps opencode busy for a while after its first turn. */
const SETTLE_MS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function timedTurn(driver: CoreDriver, chatId: string, agent: string, prompt: string): Promise<number> {
  const t0 = performance.now();
  await driver.turn(chatId, agent, prompt);
  return performance.now() - t0;
}

async function measure(agent: string): Promise<BenchRow[]> {
  const driver = await startCoreDriver();
  try {
    const { call } = driver;
    const repo = await call<{ id: string }>('repos.open', { path: makeRepo(await driver.world.makeDir(`repo-${agent}`)) });
    const newChat = async () => (await call<{ id: string }>('chats.create', { repoId: repo.id })).id;
    const prewarmed = async (chatId: string) => {
      await call('sessions.prewarm', { chatId, agent });
      await sleep(TYPING_MS);
      return timedTurn(driver, chatId, agent, 'hello [[mock:reply:hi]]');
    };

    // A chat that keeps the agent's process warm, and gives the warm turns.
    const home = await newChat();
    for (let i = 0; i < 2; i++) await driver.turn(home, agent, `warm up ${i} [[mock:reply:ok]]`);
    const warm: number[] = [];
    const first: number[] = [];
    const unwarmed: number[] = [];
    for (let i = 0; i < WARM_TURNS; i++) {
      await sleep(SETTLE_MS);
      warm.push(await timedTurn(driver, home, agent, `warm ${i} [[mock:reply:ok]]`));
      if (i < FIRST_TURNS) {
        await sleep(SETTLE_MS);
        first.push(await prewarmed(await newChat()));
        await sleep(SETTLE_MS);
        // The same, with nothing prepared: the user typed for 3 s and the turn starts from scratch.
        const chatId = await newChat();
        await sleep(TYPING_MS);
        unwarmed.push(await timedTurn(driver, chatId, agent, 'hello [[mock:reply:hi]]'));
      }
    }
    // With the agent's process stopped first: the pre-warm also spawns it, within the same 3 s.
    const coldProcess: number[] = [];
    for (let i = 0; i < COLD_PROCESS_TURNS; i++) {
      await call('sessions.restart', { agent });
      await sleep(SETTLE_MS);
      coldProcess.push(await prewarmed(await newChat()));
    }

    const w = median(warm);
    const row = (name: string, xs: number[], goal: boolean): BenchRow => {
      const v = median(xs);
      return { name, value: v, baseline: w, unit: 'ms', ratio: v / w, ...(goal ? { goal: '≤ 1.5×', met: v / w <= 1.5 } : {}) };
    };
    return [
      row(`${agent}: first turn of a new chat, pre-warmed during a 3 s pause (process running) vs a warm turn`, first, true),
      row(`${agent}: the same with the agent's process not running yet (pre-warm spawns it)`, coldProcess, true),
      row(`${agent}: first turn of a new chat after a 3 s pause without pre-warm (information)`, unwarmed, false),
    ];
  } finally {
    await driver.close();
  }
}

const bench: Benchmark = {
  name: 'pre-warm',
  async run() {
    return [...(await measure('opencode')), ...(await measure('qwen'))];
  },
};
export default bench;
