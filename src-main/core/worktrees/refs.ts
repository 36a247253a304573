/**
 * Refs the service keeps in the user's repo, all under refs/boocoder/ so they never show up as
 * branches and `git gc` never collects what they point to:
 * - base/<chatId>: the re-baselined base commit after an apply (parent chain leads to the fork point);
 * - snapshot/<chatId>: a commit of the latest snapshot tree, so the pending change's tree stays
 *   reachable and a worktree folder deleted by hand can be rebuilt from it;
 * - archive/<chatId>: the worktree's full state (incl. uncommitted and untracked files) when archived;
 * - discarded/<chatId>: a history of states before each discard, so a discard is never a loss;
 * - arena/<arenaId>/fork and arena/<arenaId>/<contestant>: an arena's fork point and each
 *   contestant's final state (incl. untracked files), kept after its scratch worktree is removed.
 */
export const refs = {
  base: (chatId: string) => `refs/boocoder/base/${chatId}`,
  snapshot: (chatId: string) => `refs/boocoder/snapshot/${chatId}`,
  archive: (chatId: string) => `refs/boocoder/archive/${chatId}`,
  discarded: (chatId: string) => `refs/boocoder/discarded/${chatId}`,
  arenaFork: (arenaId: string) => `refs/boocoder/arena/${arenaId}/fork`,
  arenaContestant: (arenaId: string, position: number, agent: string) => `refs/boocoder/arena/${arenaId}/${contestantRefName(position, agent)}`,
};

/**
 * A contestant's ref component: its agent id where git accepts it as one (agent ids are
 * `[a-z0-9][a-z0-9._-]*`, so only "..", a trailing "." or ".lock" can be refused), else its
 * position in the arena; "fork" is taken by the fork point.
 */
export function contestantRefName(position: number, agent: string): string {
  const refusable = agent.includes('..') || agent.endsWith('.') || agent.endsWith('.lock') || agent === 'fork';
  return refusable ? `contestant-${position}` : agent;
}

export const branchFor = (chatId: string): string => `boocoder/${chatId}`;

/** Chat ids become folder, branch and ref names: allow only characters safe in all three. */
export function assertSafeChatId(chatId: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/.test(chatId)) throw new Error(`unsafe chat id for a worktree: ${JSON.stringify(chatId)}`);
}
