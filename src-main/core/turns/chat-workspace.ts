import type { ChangedFile } from '../../../src-preload/contract';

/** What the dispatcher needs of a chat's worktree (the WorktreeService provides it). */
export interface ChatWorkspace {
  /** Creates the chat's worktree if needed and snapshots it: the turn runs in `path`. */
  beginTurn(chatId: string): Promise<{ treeBefore: string; path: string }>;
  endTurn(chatId: string, agent: string, before: { treeBefore: string }): Promise<{ changedPaths: string[] }>;
  getChanges(chatId: string): Promise<{ files: ChangedFile[]; agents: string[] }>;
}
