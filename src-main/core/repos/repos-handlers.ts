import type { Store } from '../store/store';
import type { HandlerGroup } from '../rpc/handlers-type';
import { resolveRepoPath } from './resolve-repo-path';

export function reposHandlers(store: Store): HandlerGroup<'repos.open' | 'repos.list'> {
  return {
    'repos.open': async ({ path }) => {
      const row = store.repos.upsert(await resolveRepoPath(path));
      return { id: row.id, path: row.path };
    },
    'repos.list': () => store.repos.list().map(({ id, path }) => ({ id, path })),
  };
}
