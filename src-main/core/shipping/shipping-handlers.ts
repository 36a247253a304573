import type { BranchStatus } from '../../../src-preload/contract';
import type { AgentCatalog } from '../agents/catalog/agent-catalog';
import { requireChat, requireLiveChat } from '../chats/chat-view';
import { AppError } from '../errors';
import type { EventBus } from '../events/event-bus';
import type { HandlerGroup } from '../rpc/handlers-type';
import type { AgentPool } from '../sessions/agent-pool';
import type { Store } from '../store/store';
import type { Dispatcher } from '../turns/dispatcher';
import { commitPending } from '../worktrees/commit-pending';
import { gitResult } from '../worktrees/git-runner';
import { baseBranch, baseStatus, updateFromBase } from '../worktrees/update-from-base';
import { headCommit, unpushedCommits } from '../worktrees/worktree-git';
import type { WorktreeService } from '../worktrees/worktree-service';
import type { CommandRunner } from './command-runner';
import { draftCommitMessage } from './draft-message';
import { openPullRequest } from './pull-request';
import { listRemotes, pushBranch, requireRemote } from './push-branch';
import { compareUrl, parseRemoteUrl } from './remote-url';

export interface ShippingDeps {
  store: Store;
  events: EventBus;
  dispatcher: Dispatcher;
  worktrees: WorktreeService;
  pool: AgentPool;
  catalog: AgentCatalog;
  /** Runs git push and gh (tests inject one to see the exact command). */
  run: CommandRunner;
  /** Environment of gh (the user's, for its sign-in). */
  env: NodeJS.ProcessEnv;
  /** Where a commit-message draft's side session starts (a folder of BooCoder's, never a worktree). */
  draftCwd: string;
}

const DEFAULT_REMOTE = 'origin';

/** The road from a chat's pending change to shipped work: commit, push, pull request, update from the base branch. */
export function shippingHandlers(
  d: ShippingDeps,
): HandlerGroup<'changes.commit' | 'changes.draftMessage' | 'chats.branch' | 'chats.push' | 'chats.pullRequest' | 'chats.updateFromBase'> {
  const { store, events, dispatcher, worktrees } = d;

  /** The chat's branch and worktree must hold still: the agent's edits would race a commit or an update. */
  const idleChat = async (chatId: string) => {
    requireLiveChat(store, chatId);
    if (dispatcher.isChatBusy(chatId)) throw new AppError('ChatBusy', 'A turn is running in this chat; wait for it to end (or interrupt it) first.');
    await dispatcher.settled(chatId);
  };

  const activeWorktree = (chatId: string) => {
    const row = store.worktrees.get(chatId);
    if (!row) throw new AppError('NotFound', "This chat has no branch yet: its worktree is made by its first turn.");
    if (row.state === 'archived') throw new AppError('ChatArchived', 'This chat is archived; restore it first.');
    return { row, repoPath: store.repos.get(row.repoId)?.path ?? '' };
  };

  const changed = (chatId: string) => {
    events.emit('changes.updated', { chatId });
    events.emit('branch.updated', { chatId });
  };

  const push = async (chatId: string, remoteName: string, force: boolean) => {
    const { row, repoPath } = activeWorktree(chatId);
    const remote = await requireRemote(repoPath, remoteName);
    await pushBranch(d.run, row.path, remote.name, row.branch, force);
    events.emit('branch.updated', { chatId });
    return { row, repoPath, remote };
  };

  return {
    'changes.commit': async ({ chatId, message, paths }) => {
      await idleChat(chatId);
      if (!store.worktrees.get(chatId)) throw new AppError('NothingToCommit', 'The chat has no pending change to commit.');
      const result = await worktrees.withWorktree(chatId, (w) => commitPending(w, message, paths));
      changed(chatId);
      return result;
    },

    'changes.draftMessage': async ({ chatId, agent, paths }) => {
      requireLiveChat(store, chatId);
      await dispatcher.settled(chatId);
      const spec = d.catalog.require(agent);
      const { files } = store.worktrees.get(chatId) ? await worktrees.getChanges(chatId) : { files: [] };
      const wanted = paths ? new Set(paths) : null;
      const message = await draftCommitMessage({ startBackend: (s) => d.pool.startBackend(s), cwd: d.draftCwd }, spec, wanted ? files.filter((f) => wanted.has(f.path)) : files);
      return { message };
    },

    'chats.branch': async ({ chatId }) => {
      const chat = requireChat(store, chatId);
      const repo = store.repos.get(chat.repoId);
      if (!repo) throw new AppError('NotFound', `Repository ${chat.repoId} is not known.`);
      const remotes = (await listRemotes(repo.path)).map((r) => ({ ...r, webUrl: parseRemoteUrl(r.url)?.webUrl ?? null }));
      const row = store.worktrees.get(chatId);
      const none: BranchStatus = { branch: null, worktreePath: null, head: null, base: null, remotes, unpushed: 0, upstream: null };
      if (!row || row.state === 'archived') return none;
      const head = await headCommit(row.path).catch(() => null);
      if (!head) return { ...none, branch: row.branch, worktreePath: row.path };
      const upstream = (await gitResult(row.path, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'], { okCodes: [128] })).stdout.trim();
      return {
        branch: row.branch,
        worktreePath: row.path,
        head,
        base: await baseStatus(repo.path, head),
        remotes,
        unpushed: (await unpushedCommits(repo.path, head, row.baseCommit)).length,
        upstream: upstream || null,
      };
    },

    'chats.push': async ({ chatId, remote, force }) => {
      requireLiveChat(store, chatId);
      const { row, remote: r } = await push(chatId, remote ?? DEFAULT_REMOTE, force ?? false);
      const web = parseRemoteUrl(r.url);
      const base = web ? await baseBranch(store.repos.get(row.repoId)!.path).catch(() => null) : null;
      return { remote: r.name, branch: row.branch, ...(web && base && base.branch !== 'HEAD' ? { url: compareUrl(web, base.branch, row.branch) } : {}) };
    },

    'chats.pullRequest': async ({ chatId, title, body, remote }) => {
      requireLiveChat(store, chatId);
      const { row, repoPath } = activeWorktree(chatId);
      const base = await baseBranch(repoPath);
      if (base.branch === 'HEAD') throw new AppError('PullRequestUnavailable', 'The checkout is on a detached HEAD: there is no branch to open a pull request into.');
      const { remote: r } = await push(chatId, remote ?? DEFAULT_REMOTE, false);
      return openPullRequest(d.run, { cwd: row.path, remoteUrl: r.url, head: row.branch, base: base.branch, title, body, env: d.env });
    },

    'chats.updateFromBase': async ({ chatId, strategy }) => {
      await idleChat(chatId);
      activeWorktree(chatId);
      const result = await worktrees.withWorktree(chatId, (w) => updateFromBase(w, strategy ?? 'merge'));
      if (result.updated) changed(chatId);
      return result;
    },
  };
}
