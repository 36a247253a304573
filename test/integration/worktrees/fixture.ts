import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, lstatSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Store } from '../../../src-main/core/store/store';
import { WorktreeService } from '../../../src-main/core/worktrees/worktree-service';
import { git, makeRepo } from '../../support/git-repo';
import { tempDir, type TempDir } from '../../support/temp-dir';

/** A real repo, a real SQLite store and a service over them, all inside one self-cleaning temp dir. */
export interface Fixture extends AsyncDisposable {
  dir: TempDir;
  repo: string;
  store: Store;
  service: WorktreeService;
  repoId: string;
  dataDir: string;
  newChat(title?: string): string;
  /** A fresh service over the same database file, as after an app restart. */
  restart(): WorktreeService;
  clock: { now: number };
}

export async function fixture(files: Record<string, string> = { 'README.md': '# test\n', 'src/a.txt': 'one\ntwo\nthree\n' }): Promise<Fixture> {
  const dir = await tempDir('boocoder-wt-');
  const repo = makeRepo(path.join(dir.path, 'repo'), files);
  const dataDir = path.join(dir.path, 'data');
  let store = Store.open(path.join(dataDir, 'app.db'));
  const clock = { now: 1_000_000 };
  const make = () => new WorktreeService({ store, worktreesRoot: path.join(dataDir, 'worktrees'), now: () => clock.now });
  const repoId = store.repos.upsert(repo).id;
  const f: Fixture = {
    dir,
    repo,
    get store() {
      return store;
    },
    service: make(),
    repoId,
    dataDir,
    clock,
    newChat: (title = 'chat') => store.chats.create(repoId, title).id,
    restart() {
      f.service.close();
      store.close();
      store = Store.open(path.join(dataDir, 'app.db'));
      f.service = make();
      return f.service;
    },
    async [Symbol.asyncDispose]() {
      f.service.close();
      store.close();
      await dir[Symbol.asyncDispose]();
    },
  };
  return f;
}

export function write(root: string, rel: string, content: string | Buffer): void {
  const full = path.join(root, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
}

export const read = (root: string, rel: string): string => readFileSync(path.join(root, rel), 'utf8');

/** A hash of every file under `root` (names, modes, contents, symlink targets), .git excluded unless asked. */
export function hashTree(root: string, options: { withGitIndex?: boolean } = {}): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (dir === root && name === '.git') continue;
      const full = path.join(dir, name);
      const st = lstatSync(full);
      h.update(`${path.relative(root, full)}\0${st.mode}\0`);
      if (st.isDirectory()) walk(full);
      else if (st.isSymbolicLink()) h.update(readlinkSync(full));
      else h.update(readFileSync(full));
    }
  };
  walk(root);
  if (options.withGitIndex) {
    h.update(readFileSync(path.join(root, '.git', 'index')));
    h.update(readFileSync(path.join(root, '.git', 'HEAD')));
  }
  return h.digest('hex');
}

export { git };
