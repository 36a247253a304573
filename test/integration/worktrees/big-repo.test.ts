import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../../src-main/core/store/store';
import { WorktreeService } from '../../../src-main/core/worktrees/worktree-service';
import { tempDir } from '../../support/temp-dir';
import { bigRepoContent, bigRepoPath, makeBigRepo } from './big-repo';
import { git, read, write } from './fixture';

describe('WorktreeService on a 20,000-file repo', () => {
  it('snapshots, diffs, attributes and applies without re-reading the whole tree each turn', async () => {
    await using dir = await tempDir('boocoder-big-');
    const repo = makeBigRepo(path.join(dir.path, 'repo'), 20_000);
    const store = Store.open(path.join(dir.path, 'data', 'app.db'));
    try {
      const service = new WorktreeService({ store, worktreesRoot: path.join(dir.path, 'data', 'worktrees') });
      const chatId = store.chats.create(store.repos.upsert(repo).id, 'big').id;
      const wt = (await service.ensure(chatId)).path;
      expect(git(wt, 'ls-files').split('\n').length).toBe(20_001);

      // First turn: 40 edits, 10 new files, 5 deletions, plus an ignored folder that must not count.
      let t = await service.beginTurn(chatId);
      for (let i = 0; i < 40; i++) write(wt, bigRepoPath(i * 400), bigRepoContent(i * 400) + `// edited\n`);
      for (let i = 0; i < 10; i++) write(wt, `new/n${i}.ts`, `export const n${i} = ${i};\n`);
      for (let i = 0; i < 5; i++) rmSync(path.join(wt, bigRepoPath(i * 400 + 1)));
      write(wt, 'node_modules/dep/index.js', 'ignored\n');
      const first = await service.endTurn(chatId, 'goose', t);
      expect(first.changedPaths).toHaveLength(55);

      // A later turn touching 3 files is cheap: the private index's stat cache skips the other 20,000.
      t = await service.beginTurn(chatId);
      for (let i = 0; i < 3; i++) write(wt, bigRepoPath(7 + i), 'rewritten\n');
      const started = performance.now();
      const second = await service.endTurn(chatId, 'qwen', t);
      const elapsed = performance.now() - started;
      expect(second.changedPaths).toEqual([bigRepoPath(7), bigRepoPath(8), bigRepoPath(9)].sort());
      expect(elapsed).toBeLessThan(5_000);

      const { files, agents } = await service.getChanges(chatId);
      expect(files).toHaveLength(58);
      expect(agents).toEqual(['goose', 'qwen']);
      expect(files.filter((f) => f.agent === 'qwen').map((f) => f.path).sort()).toEqual(second.changedPaths);
      expect(files.filter((f) => f.status === 'deleted')).toHaveLength(5);
      expect(files.some((f) => f.path.startsWith('node_modules/'))).toBe(false);

      const { applied } = await service.apply(chatId, [bigRepoPath(0), 'new/n0.ts']);
      expect(applied).toEqual([bigRepoPath(0), 'new/n0.ts'].sort());
      expect(read(repo, 'new/n0.ts')).toBe('export const n0 = 0;\n');
      expect((await service.getChanges(chatId)).files).toHaveLength(56);
    } finally {
      store.close();
    }
  });
});
