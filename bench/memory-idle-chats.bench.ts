import { makeRepo } from '../test/support/git-repo';
import type { Benchmark, BenchRow } from './bench-types';
import { startCoreDriver } from './core-driver';
import { appAndAgentsRss } from './process-memory';

/**
 * Memory of the app and its agents with 10 idle chats vs 1, each chat having had a turn with
 * opencode and with qwen-code, under the default settings (2 GB memory budget, 10 live
 * sessions). The supervisor runs its pass before each measurement, as it does every 30 s.
 *
 * One setting differs from the app's: a directory counts as idle after 2 s instead of 10 min,
 * so the bench does not wait 10 minutes for the chats to become idle.
 */
const DIRECTORY_IDLE_MS = 2000;

async function run(): Promise<BenchRow[]> {
  const driver = await startCoreDriver(undefined, { directoryIdleMs: DIRECTORY_IDLE_MS });
  const { world, call, core } = driver;
  const turn = (chatId: string, agent: string) => driver.turn(chatId, agent, 'hello [[mock:reply:hi]]');
  const measure = async () => {
    await new Promise((r) => setTimeout(r, DIRECTORY_IDLE_MS + 500));
    await core.supervisor.tick();
    global.gc?.();
    await new Promise((r) => setTimeout(r, 1500));
    const status = await call<{ processes: Array<{ agent: string; pid: number }> }>('agents.status', {});
    return { rss: appAndAgentsRss(status.processes), opencodePid: status.processes.find((p) => p.agent === 'opencode')?.pid };
  };
  try {
    const repo = await call<{ id: string }>('repos.open', { path: makeRepo(await world.makeDir('repo')) });
    const chats: string[] = [];
    for (let i = 0; i < 10; i++) chats.push((await call<{ id: string }>('chats.create', { repoId: repo.id })).id);
    for (const agent of ['opencode', 'qwen']) await turn(chats[0]!, agent);
    const { rss: one, opencodePid: pidOne } = await measure();
    const livePid = async () => (await call<{ processes: Array<{ agent: string; pid: number }> }>('agents.status', {})).processes.find((p) => p.agent === 'opencode')?.pid;
    const pidBefore = await livePid();
    // Every opencode server seen: the supervisor (every 30 s, and before each measurement) recycles
    // it whenever most of its memory is directories idle for 2 s.
    const servers = new Set<number>(pidBefore !== undefined ? [pidBefore] : []);
    for (const chatId of chats.slice(1)) {
      for (const agent of ['opencode', 'qwen']) await turn(chatId, agent);
      const pid = await livePid();
      if (pid !== undefined) servers.add(pid);
    }
    const { rss: ten, opencodePid: pidTen } = await measure();
    if (pidTen !== undefined) servers.add(pidTen);
    const recycled = servers.size - 1 + (pidTen === undefined ? 1 : 0);
    if (pidOne !== pidBefore) throw new Error('opencode was recycled with a single chat');
    // The user comes back to one chat: opencode starts again, with that one directory.
    for (const agent of ['opencode', 'qwen']) await turn(chats[0]!, agent);
    const { rss: back } = await measure();
    const mb = (b: number) => b / 1024 / 1024;
    return [
      {
        name: 'RSS, app + agents: 10 idle chats vs 1 (each had an opencode and a qwen turn), default budget',
        value: mb(ten),
        baseline: mb(one),
        unit: 'MB',
        ratio: ten / one,
        goal: '≤ 1.3×',
        met: ten / one <= 1.3,
      },
      { name: 'opencode server recycles while the 10 chats had their turns and idled (information)', value: recycled, unit: 'count' },
      { name: 'RSS, 10 chats after one of them had a turn again vs 1 (information)', value: mb(back), baseline: mb(one), unit: 'MB', ratio: back / one },
    ];
  } finally {
    await driver.close();
  }
}

const bench: Benchmark = { name: 'memory with idle chats', run };
export default bench;
