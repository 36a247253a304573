import type { ChangedFile } from '../../src-preload/contract';
import type { ChatWorkspace } from '../../src-main/core/turns/chat-workspace';

/** A workspace that records calls; each turn "changes" the files listed in `nextChanges`. */
export class FakeWorkspace implements ChatWorkspace {
  readonly calls: string[] = [];
  nextChanges: string[] = [];
  private readonly files = new Map<string, ChangedFile[]>();

  async beginTurn(chatId: string) {
    this.calls.push(`begin ${chatId}`);
    return { treeBefore: 'tree0', path: `/tmp/worktrees/${chatId}` };
  }

  async endTurn(chatId: string, agent: string) {
    this.calls.push(`end ${chatId} ${agent}`);
    const changed = this.nextChanges.splice(0);
    const current = this.files.get(chatId) ?? [];
    for (const p of changed) {
      const idx = current.findIndex((f) => f.path === p);
      const file: ChangedFile = { path: p, status: 'added', agent, additions: 1, deletions: 0, binary: false, diff: '', truncated: false };
      if (idx >= 0) current[idx] = file;
      else current.push(file);
    }
    this.files.set(chatId, current);
    return { changedPaths: changed };
  }

  async getChanges(chatId: string) {
    const files = this.files.get(chatId) ?? [];
    return { files, agents: [...new Set(files.map((f) => f.agent).filter((a): a is string => a !== null))] };
  }
}
