import type { Arena } from '../src-preload/contract';
import { configureOpencodeAcpWith } from '../test/support/agent-env/opencode-acp-env';
import { makeRepo } from '../test/support/git-repo';
import { configureQwen, makeAgentWorld } from '../test/integration/agents/agent-world';
import type { Benchmark, BenchRow } from './bench-types';
import { startCoreDriver } from './core-driver';

const AGENTS = ['opencode', 'qwen', 'opencode-acp'] as const;
const PROMPT = 'Write it down. [[mock:write:notes-{dir}.txt:from {dir}]]';
const ROUNDS = 5;
/** Modes that write without asking (qwen's sessions start in its asking mode; opencode's config allows edits). */
const MODES: Record<string, string> = { qwen: 'auto-edit' };

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * An arena of three contestants (opencode, qwen-code, opencode over ACP) on the mock LLM, from
 * arena.start until every contestant's diff is recorded, against the slowest of the three run
 * alone as a chat turn with the same prompt (each in a new chat, so a new session on the warm
 * process, as a contestant has). One core; the order alternates.
 */
const bench: Benchmark = {
  name: 'arena of 3 vs the slowest of the three alone',
  async run(): Promise<BenchRow[]> {
    const d = await startCoreDriver((llm) => makeAgentWorld(llm, [configureOpencodeAcpWith({ edit: 'allow', bash: 'allow' }), configureQwen]));
    try {
      const repo = await d.world.makeDir('repo');
      makeRepo(repo, { 'README.md': '# bench\n' });
      const repoId = (await d.call<{ id: string }>('repos.open', { path: repo })).id;
      const chat = async () => (await d.call<{ id: string }>('chats.create', { repoId })).id;
      const alone = async () => {
        let slowest = 0;
        for (const agent of AGENTS) {
          const chatId = await chat();
          const t = performance.now();
          await d.turn(chatId, agent, PROMPT, MODES[agent]);
          await d.core.dispatcher.settled(chatId);
          slowest = Math.max(slowest, performance.now() - t);
        }
        return slowest;
      };
      const arena = async () => {
        const chatId = await chat();
        const t = performance.now();
        const { arenaId } = await d.call<{ arenaId: string }>('arena.start', { chatId, agents: [...AGENTS], prompt: PROMPT, modes: MODES });
        for (;;) {
          // The store's row, not arena.get: reading every contestant's diff 50 times a second would load the side measured.
          if (d.core.store.arenas.get(arenaId)!.status !== 'running') {
            const ms = performance.now() - t;
            const a = await d.call<Arena>('arena.get', { arenaId });
            const failed = a.contestants.filter((c) => c.status !== 'done' || c.files.length !== 1);
            if (failed.length > 0) throw new Error(`contestants did not write their file: ${failed.map((c) => `${c.agent} ${c.status}`).join(', ')}`);
            await d.call('arena.discard', { arenaId, force: true });
            return ms;
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      // Warm every process once (a cold start is no part of either side).
      await alone();
      const ours: number[] = [];
      const theirs: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        if (round % 2 === 0) {
          ours.push(await arena());
          theirs.push(await alone());
        } else {
          theirs.push(await alone());
          ours.push(await arena());
        }
      }
      const value = median(ours);
      const baseline = median(theirs);
      const ratio = value / baseline;
      return [{ name: 'arena of opencode, qwen and opencode-acp vs the slowest alone (wall time, mock LLM)', value, unit: 'ms', baseline, ratio, goal: '≤ 1.3×', met: ratio <= 1.3 }];
    } finally {
      await d.close();
    }
  },
};

export default bench;
