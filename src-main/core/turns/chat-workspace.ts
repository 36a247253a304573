import type { ChangedFile } from '../../../src-preload/contract';

/** What the dispatcher needs of a chat's worktree (the WorktreeService provides it). */
export interface ChatWorkspace {
  ensure(chatId: string): Promise<{ path: string }>;
  beginTurn(chatId: string): Promise<{ treeBefore: string }>;
  endTurn(chatId: string, agent: string, before: { treeBefore: string }): Promise<{ changedPaths: string[] }>;
  getChanges(chatId: string): Promise<{ files: ChangedFile[]; agents: string[] }>;
}
