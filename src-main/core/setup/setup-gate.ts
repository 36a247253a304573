import type { SetupChoice, SetupRun, SetupState } from '../../../src-preload/contract';
import { AppError } from '../errors';
import type { EventBus } from '../events/event-bus';
import type { Store } from '../store/store';
import { PendingChoice } from './pending-choice';
import { DEFAULT_SETUP_TIMEOUT_MS } from './run-setup-script';
import { settleSetup } from './settle-setup';

interface Waiting {
  state: SetupState;
  choice: PendingChoice<SetupChoice>;
}

export interface SetupGateDeps {
  store: Store;
  events: EventBus;
  /** Creates the chat's worktree if needed; the script runs in it. */
  ensureWorktree: (chatId: string) => Promise<{ path: string }>;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

/**
 * The per-repository setup script, run once in each new worktree before its first turn. The
 * dispatcher calls beforeTurn ahead of the turn's first snapshot, so whatever the script leaves
 * behind that git does not ignore shows up as the user's own edit, never as the agent's. Output
 * streams as `setup.output`; a failure (non-zero exit, timeout) keeps the log on screen and the
 * turn waits for the user: retry, continue without it, or cancel the turn (the script then runs
 * again before the chat's next turn). A worktree that had its setup is marked in the store, so
 * a restart does not run it again.
 */
export class SetupGate {
  private readonly byChat = new Map<string, Waiting>();
  private readonly now: () => number;

  constructor(private readonly deps: SetupGateDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** 'go' when the turn may start, 'cancel' when the user (or a turn cancel through `signal`) cancelled it. */
  async beforeTurn(chatId: string, turnId: string, signal: AbortSignal): Promise<'go' | 'cancel'> {
    const { store } = this.deps;
    if (store.worktrees.get(chatId) && store.setup.isDone(chatId)) return 'go';
    const chat = store.chats.get(chatId);
    if (!chat) return 'go';
    const { path: cwd } = await this.deps.ensureWorktree(chatId);
    const setup = store.setup.get(chat.repoId);
    const repo = store.repos.get(chat.repoId);
    if (!setup.script?.trim() || !repo) {
      store.setup.markDone(chatId, this.now());
      return 'go';
    }
    const choice = new PendingChoice<SetupChoice>();
    const show = (run: SetupRun): SetupState => {
      const state: SetupState = { chatId, turnId, ...run };
      this.byChat.set(chatId, { state, choice });
      return state;
    };
    try {
      const outcome = await settleSetup({
        script: setup.script,
        cwd,
        repoPath: repo.path,
        timeoutMs: setup.timeoutMs ?? DEFAULT_SETUP_TIMEOUT_MS,
        env: this.deps.env,
        signal,
        now: this.now,
        choice,
        onRun: (run) => this.deps.events.emit('setup.state', show(run)),
        onOutput: (chunk, run) => {
          show(run);
          this.deps.events.emit('setup.output', { chatId, turnId, chunk });
        },
      });
      if (outcome === 'go') store.setup.markDone(chatId, this.now());
      return outcome;
    } finally {
      this.byChat.delete(chatId);
    }
  }

  /** The chat's setup run while it runs or waits; null otherwise. */
  status(chatId: string): SetupState | null {
    return this.byChat.get(chatId)?.state ?? null;
  }

  reply(chatId: string, choice: SetupChoice): void {
    if (!this.byChat.get(chatId)?.choice.reply(choice)) throw new AppError('NotFound', `Chat ${chatId} has no failed setup waiting for a choice.`);
  }
}
