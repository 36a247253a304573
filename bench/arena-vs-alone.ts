import type { Arena, PrewarmStatus } from '../src-preload/contract';
import type { AgentConfigurer } from '../test/support/agent-env/agent-test-env';
import { makeRepo } from '../test/support/git-repo';
import { makeAgentWorld } from '../test/integration/agents/agent-world';
import type { Benchmark, BenchRow } from './bench-types';
import { startCoreDriver } from './core-driver';
import { median } from './stats';

/** Three agents set up in one world, and the modes in which each writes without asking (the bench answers no permission prompt). */
export interface ArenaTrio {
  agents: readonly [string, string, string];
  configurers: AgentConfigurer[];
  modes: Record<string, string>;
}

const PROMPT = 'Write it down. [[mock:write:notes-{dir}.txt:from {dir}]]';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** The user typing the prompt and picking the agents, during which each side prepares what it will run on. */
const PAUSE_MS = 3000;
const pause = () => new Promise((r) => setTimeout(r, PAUSE_MS));

/** How many preparations were ready when the pause ended, of how many were asked for (over every round). */
interface Readiness {
  ready: number;
  asked: number;
}
/** A preparation skipped or failed would make the row measure something else; one still warming is used as it comes. */
const expectPrepared = (tally: Readiness, statuses: PrewarmStatus[]) => {
  const not = statuses.filter((s) => s.state !== 'ready' && s.state !== 'warming');
  if (not.length > 0) throw new Error(`not prepared: ${not.map((s) => `${s.agent} ${s.state} ${s.reason ?? s.error?.message ?? ''}`).join('; ')}`);
  tally.ready += statuses.filter((s) => s.state === 'ready').length;
  tally.asked += statuses.length;
};

/**
 * An arena of three contestants on the mock LLM, from
 * arena.start until every contestant's diff is recorded, against the slowest of the three run
 * alone as a chat turn with the same prompt (each in a new chat, so a new session on the warm
 * process, as a contestant has). One core; the order alternates. Twice: as a user goes about it
 * (a pause for typing and picking, in which the launcher prepares the contestants and the
 * composer the chat's agent), and sent at once with nothing prepared.
 */
export const arenaVsAloneBench = ({ agents, configurers, modes }: ArenaTrio): Benchmark => ({
  name: `arena of ${agents.join(', ')} vs the slowest of the three alone`,
  async run(): Promise<BenchRow[]> {
    const d = await startCoreDriver((llm) => makeAgentWorld(llm, configurers));
    try {
      const repo = await d.world.makeDir('repo');
      makeRepo(repo, { 'README.md': '# bench\n' });
      const repoId = (await d.call<{ id: string }>('repos.open', { path: repo })).id;
      // Forty-odd chats and arenas each boot an opencode instance: with the default memory budget
      // the later rounds' preparations would be skipped under its pressure, which is not what is measured.
      await d.call('settings.update', { memoryBudgetBytes: 0 });
      const chat = async () => (await d.call<{ id: string }>('chats.create', { repoId })).id;
      const aloneReady: Readiness = { ready: 0, asked: 0 };
      const arenaReady: Readiness = { ready: 0, asked: 0 };
      const alone = async (prepared = false) => {
        let slowest = 0;
        for (const agent of agents) {
          const chatId = await chat();
          if (prepared) {
            await d.call('sessions.prewarm', { chatId, agent });
            await pause();
            // Asked again (idempotent), it says how the preparation went: the row measures prepared turns only.
            expectPrepared(aloneReady, [await d.call<PrewarmStatus>('sessions.prewarm', { chatId, agent })]);
          }
          const t = performance.now();
          await d.turn(chatId, agent, PROMPT, modes[agent]);
          await d.core.dispatcher.settled(chatId);
          slowest = Math.max(slowest, performance.now() - t);
        }
        return slowest;
      };
      const arena = async (prepared = false) => {
        const chatId = await chat();
        if (prepared) {
          await d.call('arena.prewarm', { chatId, agents: [...agents] });
          await pause();
          expectPrepared(arenaReady, (await d.call<{ statuses: PrewarmStatus[] }>('arena.prewarm', { chatId, agents: [...agents] })).statuses);
        }
        // The arena has ended when an arena.updated of its chat finds it no longer running (what the renderer hears).
        let t = 0;
        let off = () => {};
        const ended = new Promise<{ ms: number; arenaId: string }>((resolve) => {
          off = d.core.events.subscribe((name, payload) => {
            if (name !== 'arena.updated') return;
            const p = payload as { chatId: string; arenaId: string };
            if (p.chatId === chatId && d.core.store.arenas.get(p.arenaId)?.status !== 'running') resolve({ ms: performance.now() - t, arenaId: p.arenaId });
          });
        });
        t = performance.now();
        try {
          await d.call<{ arenaId: string }>('arena.start', { chatId, agents: [...agents], prompt: PROMPT, modes });
          const { ms, arenaId } = await ended;
          const a = await d.call<Arena>('arena.get', { arenaId });
          const failed = a.contestants.filter((c) => c.status !== 'done' || c.files.length !== 1);
          if (failed.length > 0) throw new Error(`contestants did not write their file: ${failed.map((c) => `${c.agent} ${c.status}`).join(', ')}`);
          await d.call('arena.discard', { arenaId, force: true });
          return ms;
        } finally {
          off();
        }
      };
      // Warm every process once (a cold start is no part of either side).
      await alone();
      const side = async (prepared: boolean) => {
        const ours: number[] = [];
        const theirs: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          if (round % 2 === 0) {
            ours.push(await arena(prepared));
            theirs.push(await alone(prepared));
          } else {
            theirs.push(await alone(prepared));
            ours.push(await arena(prepared));
          }
        }
        return { value: median(ours), baseline: median(theirs) };
      };
      const row = (name: string, r: { value: number; baseline: number }, goal: boolean): BenchRow => {
        const ratio = r.value / r.baseline;
        return { name, value: r.value, unit: 'ms', baseline: r.baseline, ratio, ...(goal ? { goal: '≤ 1.3×', met: ratio <= 1.3 } : {}) };
      };
      const cold = await side(false);
      const prepared = await side(true);
      return [
        row(`arena of ${agents.join(', ')} vs the slowest alone, each after a ${PAUSE_MS / 1000} s pause in which it was prepared (arena.prewarm / sessions.prewarm; ready at the start: ${arenaReady.ready} of ${arenaReady.asked} contestants, ${aloneReady.ready} of ${aloneReady.asked} alone; wall time, mock LLM)`, prepared, true),
        row('the same sent at once, nothing prepared (wall time, mock LLM)', cold, true),
      ];
    } finally {
      await d.close();
    }
  },
});
