/**
 * Refs the service keeps in the user's repo, all under refs/boocoder/ so they never show up as
 * branches and `git gc` never collects what they point to:
 * - base/<chatId>: the re-baselined base commit after an apply (parent chain leads to the fork point);
 * - snapshot/<chatId>: a commit of the latest snapshot tree, so the pending change's tree stays
 *   reachable and a worktree folder deleted by hand can be rebuilt from it;
 * - archive/<chatId>: the worktree's full state (incl. uncommitted and untracked files) when archived;
 * - discarded/<chatId>: a history of states before each discard, so a discard is never a loss.
 */
export const refs = {
  base: (chatId: string) => `refs/boocoder/base/${chatId}`,
  snapshot: (chatId: string) => `refs/boocoder/snapshot/${chatId}`,
  archive: (chatId: string) => `refs/boocoder/archive/${chatId}`,
  discarded: (chatId: string) => `refs/boocoder/discarded/${chatId}`,
};

export const branchFor = (chatId: string): string => `boocoder/${chatId}`;

/** Chat ids become folder, branch and ref names: allow only characters safe in all three. */
export function assertSafeChatId(chatId: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/.test(chatId)) throw new Error(`unsafe chat id for a worktree: ${JSON.stringify(chatId)}`);
}
