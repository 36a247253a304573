import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Store } from '../src-main/core/store/store';
import { snapshotTree, stageWorktree, writeSnapshotTree } from '../src-main/core/worktrees/snapshot';
import { diffIndexWithText } from '../src-main/core/worktrees/tree-diff';
import { WorktreeService } from '../src-main/core/worktrees/worktree-service';
import { bigRepoContent, bigRepoPath, makeBigRepo } from '../test/integration/worktrees/big-repo';
import type { Benchmark, BenchRow } from './bench-types';
import { median, timed } from './stats';

const run = promisify(execFile);
const FILES = 50_000;
const CHANGED = 100;
const ROUNDS = 7;

/**
 * Per-turn cost of what the service does after a turn — snapshot the worktree into a tree through
 * the private index, then the pending change against the base (raw + numstat + unified text) —
 * against what a plain git user would run to see the same thing: `git status --porcelain` plus
 * `git diff`. Same worktree, same 100 freshly changed files each round, order alternated.
 */
const bench: Benchmark = {
  name: 'worktree snapshot + pending diff vs git status + git diff (50,000 files, 100 changed)',
  async run(): Promise<BenchRow[]> {
    const dir = await mkdtemp(path.join(tmpdir(), 'boocoder-bench-wt-'));
    const store = Store.open(path.join(dir, 'data', 'app.db'));
    try {
      const repo = makeBigRepo(path.join(dir, 'repo'), FILES);
      const service = new WorktreeService({ store, worktreesRoot: path.join(dir, 'data', 'worktrees') });
      const chatId = store.chats.create(store.repos.upsert(repo).id, 'bench').id;
      const row = await service.ensure(chatId);
      const { snapshotIndex } = await service.pathsFor(chatId);
      // Warm both sides once (first snapshot seeds the private index; first status refreshes git's).
      await snapshotTree(row.path, snapshotIndex);
      await run('git', ['status', '--porcelain'], { cwd: row.path, maxBuffer: 1 << 28 });

      const ours: number[] = [];
      const theirs: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        for (let i = 0; i < CHANGED; i++) {
          const n = (i * 499 + round) % FILES;
          await writeFile(path.join(row.path, bigRepoPath(n)), `${bigRepoContent(n)}// round ${round}\n`);
        }
        const measureOurs = () =>
          timed(async () => {
            // What endTurn does: stage, then the tree and the pending diff from the same index in parallel.
            await stageWorktree(row.path, snapshotIndex);
            const [, { entries, texts }] = await Promise.all([writeSnapshotTree(row.path, snapshotIndex), diffIndexWithText(row.path, snapshotIndex, row.baseCommit)]);
            if (entries.length < CHANGED || texts.size !== entries.length) throw new Error('the pending diff is incomplete');
          });
        const measureTheirs = () =>
          timed(async () => {
            await run('git', ['status', '--porcelain'], { cwd: row.path, maxBuffer: 1 << 28 });
            await run('git', ['diff'], { cwd: row.path, maxBuffer: 1 << 28 });
          });
        if (round % 2 === 0) {
          ours.push(await measureOurs());
          theirs.push(await measureTheirs());
        } else {
          theirs.push(await measureTheirs());
          ours.push(await measureOurs());
        }
      }
      const value = median(ours);
      const baseline = median(theirs);
      const ratio = value / baseline;
      return [{ name: 'per-turn snapshot + pending diff vs git status + git diff', value, unit: 'ms', baseline, ratio, goal: '≤ 1.5×', met: ratio <= 1.5 }];
    } finally {
      store.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
