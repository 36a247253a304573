import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { forkScratch, keepUnderRef } from '../src-main/core/arena/scratch-worktrees';
import { Store } from '../src-main/core/store/store';
import { refs } from '../src-main/core/worktrees/refs';
import { WorktreeService } from '../src-main/core/worktrees/worktree-service';
import { bigRepoContent, bigRepoPath, makeBigRepo } from '../test/integration/worktrees/big-repo';
import type { Benchmark, BenchRow } from './bench-types';
import { median, timed } from './stats';

const run = promisify(execFile);
const FILES = Number(process.env.BENCH_FORK_FILES ?? 50_000);
const UNAPPLIED = 100;
const ROUNDS = 5;

/**
 * Creating an arena contestant's scratch worktree — snapshot the chat's worktree (100 unapplied
 * files on a 50,000-file repo), keep the fork point under a ref, `git worktree add` at its HEAD
 * and lay the 100 files over it — against a plain `git worktree add` of the same commit. Each
 * round removes both worktrees again; the order alternates.
 */
const bench: Benchmark = {
  name: 'arena fork vs git worktree add (50,000 files, 100 unapplied)',
  async run(): Promise<BenchRow[]> {
    const dir = await mkdtemp(path.join(tmpdir(), 'boocoder-bench-fork-'));
    const store = Store.open(path.join(dir, 'data', 'app.db'));
    const service = new WorktreeService({ store, worktreesRoot: path.join(dir, 'data', 'worktrees') });
    try {
      const repo = makeBigRepo(path.join(dir, 'repo'), FILES);
      const chatId = store.chats.create(store.repos.upsert(repo).id, 'bench').id;
      const row = await service.ensure(chatId);
      for (let i = 0; i < UNAPPLIED; i++) {
        const n = (i * 499) % FILES;
        await writeFile(path.join(row.path, bigRepoPath(n)), `${bigRepoContent(n)}// unapplied\n`);
      }
      // The chat's first snapshot seeds its private index (a turn would have done it already).
      await service.snapshotForFork(chatId);
      const root = await service.worktreesRoot();

      const ours: number[] = [];
      const theirs: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const arenaId = `arena_bench${round}`;
        const dest = path.join(root, arenaId, 'agent');
        const plain = path.join(root, `plain-${round}`);
        const measureOurs = () =>
          timed(async () => {
            // As ArenaService.run does: the fork point's ref is written while the worktree is made.
            const fork = await service.snapshotForFork(chatId);
            await Promise.all([keepUnderRef(fork.repoPath, refs.arenaFork(arenaId), fork.tree, fork.head, 'bench fork'), forkScratch(fork.repoPath, fork.head, fork.tree, dest)]);
          });
        const measureTheirs = () => timed(() => run('git', ['worktree', 'add', '--quiet', '--detach', plain, row.baseCommit], { cwd: repo }));
        if (round % 2 === 0) {
          ours.push(await measureOurs());
          theirs.push(await measureTheirs());
        } else {
          theirs.push(await measureTheirs());
          ours.push(await measureOurs());
        }
        const { stdout } = await run('git', ['status', '--porcelain'], { cwd: dest, maxBuffer: 1 << 26 });
        if (stdout.trim().split('\n').length !== UNAPPLIED) throw new Error('the fork does not hold the unapplied files');
        await run('git', ['worktree', 'remove', '--force', '--force', dest], { cwd: repo });
        await run('git', ['worktree', 'remove', '--force', '--force', plain], { cwd: repo });
      }
      const value = median(ours);
      const baseline = median(theirs);
      const ratio = value / baseline;
      return [{ name: "contestant's scratch worktree forked from the chat's vs plain git worktree add", value, unit: 'ms', baseline, ratio, goal: '≤ 1.3×', met: ratio <= 1.3 }];
    } finally {
      service.close();
      store.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
