import { makeRepo } from '../test/support/git-repo';
import type { Benchmark, BenchRow } from './bench-types';
import { startCoreDriver } from './core-driver';
import { appAndAgentsRss } from './process-memory';

/**
 * Memory of the app and its agents with 1 vs 10 live chats, each with a warm opencode and a warm
 * qwen session: one opencode server and one ACP child host them all, so the tenth chat should
 * cost little. RSS summed over this process and every process in the agents' process groups.
 */
async function run(): Promise<BenchRow[]> {
  const driver = await startCoreDriver();
  const { world, call } = driver;
  const turn = (chatId: string, agent: string) => driver.turn(chatId, agent, 'hello');
  const measure = async () => {
    global.gc?.();
    await new Promise((r) => setTimeout(r, 1000));
    const status = await call<{ processes: Array<{ pid: number }> }>('agents.status', {});
    return appAndAgentsRss(status.processes);
  };
  try {
    // 10 chats × 2 agents: lift the default cap of 10 live sessions so none is evicted.
    await call('settings.update', { maxLiveSessions: 20 });
    const repo = await call<{ id: string }>('repos.open', { path: makeRepo(await world.makeDir('repo')) });
    const chats: string[] = [];
    for (let i = 0; i < 10; i++) chats.push((await call<{ id: string }>('chats.create', { repoId: repo.id })).id);
    for (const agent of ['opencode', 'qwen']) await turn(chats[0]!, agent);
    const one = await measure();
    for (const chatId of chats.slice(1)) for (const agent of ['opencode', 'qwen']) await turn(chatId, agent);
    const live = await call<{ sessions: unknown[] }>('agents.status', {});
    if (live.sessions.length !== 20) throw new Error(`expected 20 live sessions, found ${live.sessions.length}`);
    const ten = await measure();
    const mb = (b: number) => b / 1024 / 1024;
    return [{ name: 'RSS, app + agents: 10 live chats vs 1 (opencode + qwen each)', value: mb(ten), baseline: mb(one), unit: 'MB', ratio: ten / one, goal: '≤ 1.5×', met: ten / one <= 1.5 }];
  } finally {
    await driver.close();
  }
}

const bench: Benchmark = { name: 'memory with live chats', run };
export default bench;
