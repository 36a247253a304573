import type { Risk } from '../../../src-preload/contract';
import type { WorktreeRow } from '../store/worktrees-store';

/**
 * The reaper's decisions as a pure function of what it saw. The effectful shell (reaper.ts)
 * gathers the snapshot, asks `reapCandidates` which worktrees need a risk preflight, computes
 * those, then applies `decideReap`'s actions. Nothing here can delete anything by itself; the one
 * destructive action, `archive`, is only produced for a worktree whose chat is gone or archived
 * past the grace period AND whose preflight came back clean (and the shell re-checks under lock).
 */
export interface ReaperSnapshot {
  now: number;
  graceMs: number;
  rows: Array<Pick<WorktreeRow, 'chatId' | 'path' | 'state' | 'flagReason' | 'updatedAt'>>;
  /** Chats that still exist; archivedAt null = live. */
  chats: Array<{ id: string; archivedAt: number | null }>;
  /** git's worktree registry entries (of every known repo) whose path is under the worktrees root. */
  gitWorktrees: Array<{ repoPath: string; path: string; prunable: boolean }>;
  /** Folders that exist directly under the worktrees root. */
  folders: string[];
  /** Preflight result per chat id, for the candidates only. */
  risk: Record<string, Risk>;
  /**
   * Arena contestants' scratch worktrees not yet removed (`<root>/<arenaId>/<agent>`): those of an
   * open arena are never touched; those of a picked or discarded one are leftovers to remove.
   */
  scratch?: Array<{ path: string; open: boolean; arenaId: string; agent: string }>;
}

export type ReapAction =
  | { kind: 'keep'; chatId: string; reason: string }
  | { kind: 'flag'; chatId: string; reason: string }
  | { kind: 'unflag'; chatId: string }
  | { kind: 'archive'; chatId: string }
  | { kind: 'markMissing'; chatId: string }
  | { kind: 'adopt'; chatId: string }
  | { kind: 'prune'; repoPath: string; paths: string[] }
  | { kind: 'removeScratch'; arenaId: string; agent: string }
  | { kind: 'flagUnknown'; path: string; reason: string };

/** Worktrees whose fate depends on a preflight: folder present, chat not live, grace period over. */
export function reapCandidates(s: Omit<ReaperSnapshot, 'risk'>): string[] {
  const folders = new Set(s.folders);
  const chats = new Map(s.chats.map((c) => [c.id, c]));
  return s.rows
    .filter((r) => (r.state === 'active' || r.state === 'flagged') && folders.has(r.path) && pastGrace(r, chats.get(r.chatId), s.now, s.graceMs))
    .map((r) => r.chatId);
}

function pastGrace(row: ReaperSnapshot['rows'][number], chat: { archivedAt: number | null } | undefined, now: number, graceMs: number): boolean {
  if (chat && chat.archivedAt === null) return false;
  // A chat archived at T is reaped after T + grace; a row whose chat is gone counts from its last update.
  const since = chat?.archivedAt ?? row.updatedAt;
  return now - since >= graceMs;
}

export function riskReason(r: Risk): string {
  const parts: string[] = [];
  if (r.dirtyFiles.length) parts.push(`${r.dirtyFiles.length} dirty file(s)`);
  if (r.unappliedFiles.length) parts.push(`${r.unappliedFiles.length} unapplied file(s)`);
  if (r.unpushedCommits.length) parts.push(`${r.unpushedCommits.length} unpushed commit(s)`);
  return parts.join(', ');
}

export function decideReap(s: ReaperSnapshot): ReapAction[] {
  const actions: ReapAction[] = [];
  const folders = new Set(s.folders);
  const chats = new Map(s.chats.map((c) => [c.id, c]));
  const rowPaths = new Set(s.rows.map((r) => r.path));
  const registered = new Map(s.gitWorktrees.map((g) => [g.path, g]));
  const prune = new Map<string, string[]>();
  const addPrune = (repoPath: string, p: string) => prune.set(repoPath, [...(prune.get(repoPath) ?? []), p]);

  for (const row of s.rows) {
    const present = folders.has(row.path);
    const entry = registered.get(row.path);
    const chat = chats.get(row.chatId);
    const live = chat !== undefined && chat.archivedAt === null;

    if (row.state === 'archived') {
      if (present) actions.push({ kind: 'flagUnknown', path: row.path, reason: `chat ${row.chatId} is archived but its folder is still here` });
      else if (entry) addPrune(entry.repoPath, row.path);
      continue;
    }
    if (row.state === 'missing') {
      if (present && entry && !entry.prunable) actions.push({ kind: 'adopt', chatId: row.chatId });
      else if (!present && entry) addPrune(entry.repoPath, row.path);
      else actions.push({ kind: 'keep', chatId: row.chatId, reason: 'missing' });
      continue;
    }
    // active or flagged
    if (!present) {
      actions.push({ kind: 'markMissing', chatId: row.chatId });
      if (entry) addPrune(entry.repoPath, row.path);
      continue;
    }
    if (live) {
      if (row.state === 'flagged') actions.push({ kind: 'unflag', chatId: row.chatId });
      else actions.push({ kind: 'keep', chatId: row.chatId, reason: 'chat is live' });
      continue;
    }
    if (!pastGrace(row, chat, s.now, s.graceMs)) {
      actions.push({ kind: 'keep', chatId: row.chatId, reason: 'within the grace period' });
      continue;
    }
    const risk = s.risk[row.chatId];
    if (!risk) {
      // No preflight, no removal.
      actions.push({ kind: 'keep', chatId: row.chatId, reason: 'preflight unavailable' });
      continue;
    }
    const reason = riskReason(risk);
    if (reason) actions.push({ kind: 'flag', chatId: row.chatId, reason });
    else actions.push({ kind: 'archive', chatId: row.chatId });
  }

  const scratch = new Map((s.scratch ?? []).map((w) => [w.path, w]));
  const scratchFolders = new Set([...scratch.keys()].map(parentOf));
  for (const w of scratch.values()) {
    if (w.open) continue;
    const entry = registered.get(w.path);
    if (entry && !entry.prunable) actions.push({ kind: 'removeScratch', arenaId: w.arenaId, agent: w.agent });
  }

  for (const g of s.gitWorktrees) {
    if (rowPaths.has(g.path)) continue;
    if (scratch.has(g.path) && !g.prunable) continue;
    if (g.prunable || !folders.has(g.path)) addPrune(g.repoPath, g.path);
    else actions.push({ kind: 'flagUnknown', path: g.path, reason: 'a git worktree with no chat: left alone, it may hold unsaved work' });
  }
  for (const f of s.folders) {
    if (rowPaths.has(f) || registered.has(f) || scratchFolders.has(f)) continue;
    actions.push({ kind: 'flagUnknown', path: f, reason: 'a folder with no chat and no git worktree: left alone' });
  }
  for (const [repoPath, paths] of prune) actions.push({ kind: 'prune', repoPath, paths });
  return actions;
}

const parentOf = (p: string): string => p.slice(0, Math.max(0, p.lastIndexOf('/')));
