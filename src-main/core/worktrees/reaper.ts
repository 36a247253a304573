import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Risk } from '../../../src-preload/contract';
import { isAppError } from '../errors';
import type { Store } from '../store/store';
import { decideReap, reapCandidates, type ReapAction, type ReaperSnapshot } from './reaper-policy';
import { listWorktrees, pruneWorktrees } from './worktree-git';

export interface ReapReport {
  /** Every action decided, in order, with what became of it. */
  actions: Array<ReapAction & { outcome: 'done' | 'failed'; error?: string }>;
}

/** Worktrees under the root that belong to no chat but to an arena's contestants. */
export interface ScratchWorktrees {
  scratchWorktrees(): Array<{ path: string; open: boolean; arenaId: string; agent: string }>;
  /** Removes a scratch worktree whose arena is over (its state kept under a ref first). */
  removeLeftover(arenaId: string, agent: string): Promise<void>;
}

export interface ReaperDeps {
  scratch?: ScratchWorktrees;
  store: Store;
  now: number;
  graceMs: number;
  worktreesRoot: () => Promise<string>;
  risk: (chatId: string) => Promise<Risk>;
  /** Archive with the preflight (never forced): throws ChatAtRisk if work appeared meanwhile. */
  archive: (chatId: string) => Promise<void>;
  withLock: <T>(chatId: string, work: () => Promise<T>) => Promise<T>;
  dropIndex: (chatId: string) => Promise<void>;
}

/** One reaper pass: gather, decide (pure), apply. One failing action never stops the others. */
export async function runReaper(deps: ReaperDeps): Promise<ReapReport> {
  const root = await deps.worktreesRoot();
  const { store } = deps;
  const rows = store.worktrees.list();
  const chats = store.chats.list({ includeArchived: true }).map((c) => ({ id: c.id, archivedAt: c.archivedAt }));
  const gitWorktrees: ReaperSnapshot['gitWorktrees'] = [];
  for (const repo of store.repos.list()) {
    try {
      for (const e of await listWorktrees(repo.path)) {
        if (isUnder(root, e.path)) gitWorktrees.push({ repoPath: repo.path, path: e.path, prunable: e.prunable });
      }
    } catch {
      // A repo that vanished or is unreadable right now: nothing of it is reconciled this pass.
    }
  }
  const folders = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => path.join(root, d.name));
  const scratch = (deps.scratch?.scratchWorktrees() ?? []).map((w) => ({ ...w, path: path.resolve(w.path) }));
  const base = { now: deps.now, graceMs: deps.graceMs, rows, chats, gitWorktrees, folders, scratch };
  const risk: Record<string, Risk> = {};
  for (const chatId of reapCandidates(base)) {
    try {
      risk[chatId] = await deps.risk(chatId);
    } catch {
      // no preflight → the policy keeps it
    }
  }
  const actions = decideReap({ ...base, risk });

  const report: ReapReport = { actions: [] };
  for (const action of actions) {
    try {
      await apply(deps, action);
      report.actions.push({ ...action, outcome: 'done' });
    } catch (e) {
      if (action.kind === 'archive' && isAppError(e) && e.name === 'ChatAtRisk') {
        // Work showed up between the preflight and the archive: keep it and say why.
        const reason = e.message;
        store.worktrees.update(action.chatId, { state: 'flagged', flagReason: reason }, deps.now);
        report.actions.push({ kind: 'flag', chatId: action.chatId, reason, outcome: 'done' });
        continue;
      }
      report.actions.push({ ...action, outcome: 'failed', error: e instanceof Error ? e.message : String(e) });
    }
  }
  return report;
}

async function apply(deps: ReaperDeps, action: ReapAction): Promise<void> {
  const { store, now } = deps;
  switch (action.kind) {
    case 'keep':
    case 'flagUnknown':
      return;
    case 'flag':
      store.worktrees.update(action.chatId, { state: 'flagged', flagReason: action.reason }, now);
      return;
    case 'unflag':
    case 'adopt':
      store.worktrees.update(action.chatId, { state: 'active', flagReason: null }, now);
      return;
    case 'markMissing':
      await deps.withLock(action.chatId, async () => {
        store.worktrees.update(action.chatId, { state: 'missing' }, now);
        await deps.dropIndex(action.chatId);
      });
      return;
    case 'archive':
      await deps.archive(action.chatId);
      return;
    case 'prune':
      await pruneWorktrees(action.repoPath);
      return;
    case 'removeScratch':
      await deps.scratch?.removeLeftover(action.arenaId, action.agent);
      return;
  }
}

function isUnder(root: string, p: string): boolean {
  const rel = path.relative(root, path.resolve(p));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
