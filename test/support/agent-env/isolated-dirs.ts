import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A fresh world for one agent run: HOME, the XDG dirs and TMPDIR all inside one temp dir, and an
 * environment holding nothing of the parent's but PATH (to find node, git, bwrap). Whatever an
 * agent reads or writes as "the user's config" is this world's, never the real user's.
 */

export interface IsolatedDirs extends AsyncDisposable {
  root: string;
  home: string;
  /** PATH, LANG, HOME, XDG_* and TMPDIR: the base of every agent's environment. */
  env: Record<string, string>;
  /** A fresh directory under `root/work`, e.g. a session's cwd. */
  makeDir(name: string): Promise<string>;
}

/** Where the project's own copies of the agent programs are. */
export const BIN_DIR = path.resolve(import.meta.dirname, '../../../node_modules/.bin');

export const binPath = (name: string) => path.join(BIN_DIR, name);

/** The XDG variables for a HOME, laid out the way the programs default to them. */
export function xdgDirsOf(home: string): Record<string, string> {
  return {
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  };
}

export async function makeIsolatedDirs(prefix = 'boocoder-agent-'): Promise<IsolatedDirs> {
  const root = await mkdtemp(path.join(tmpdir(), prefix));
  const home = path.join(root, 'home');
  const dirs = { HOME: home, ...xdgDirsOf(home), TMPDIR: path.join(root, 'tmp') };
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
  await mkdir(path.join(root, 'work'), { recursive: true });
  return {
    root,
    home,
    env: { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', ...dirs },
    async makeDir(name: string) {
      const dir = path.join(root, 'work', name);
      await mkdir(dir, { recursive: true });
      return dir;
    },
    async [Symbol.asyncDispose]() {
      await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}
