import type { Store } from '../store/store';
import type { HandlerGroup } from '../rpc/handlers-type';
import { resolveRepoPath } from './resolve-repo-path';

/** `onOpened` hears of every opened repository (the sandbox makes its `.git` writable for agents). */
export function reposHandlers(store: Store, onOpened: (repo: { path: string }) => Promise<void> = async () => {}): HandlerGroup<'repos.open' | 'repos.list'> {
  return {
    'repos.open': async ({ path }) => {
      const row = store.repos.upsert(await resolveRepoPath(path));
      await onOpened(row);
      return { id: row.id, path: row.path };
    },
    'repos.list': () => store.repos.list().map(({ id, path }) => ({ id, path })),
  };
}
