import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentBackend, AgentSpec } from './agents/agent-backend';
import { agentsHandlers } from './agents/agents-handlers';
import { AcpBackend } from './agents/acp/acp-backend';
import { AgentCatalog } from './agents/catalog/agent-catalog';
import { OpencodeBackend } from './agents/opencode/opencode-backend';
import { APP_VERSION } from './app-info';
import { arenaHandlers } from './arena/arena-handlers';
import { ArenaService } from './arena/arena-service';
import { changesHandlers } from './changes/changes-handlers';
import { chatCloseHooks } from './chats/chat-close-hooks';
import { chatFilesHandler } from './chats/chat-files-handler';
import { chatsHandlers } from './chats/chats-handlers';
import { AppError } from './errors';
import { EventBus } from './events/event-bus';
import { reposHandlers } from './repos/repos-handlers';
import type { Handlers } from './rpc/handlers-type';
import { AgentProcessLedger } from './sessions/agent-process-ledger';
import { AgentPool, type BackendFactory } from './sessions/agent-pool';
import { sessionsHandlers } from './sessions/sessions-handlers';
import { Supervisor } from './sessions/supervisor';
import { Store } from './store/store';
import { Dispatcher } from './turns/dispatcher';
import { turnsHandlers } from './turns/turns-handlers';
import { usageHandlers } from './usage/usage-handlers';
import { WorktreeService } from './worktrees/worktree-service';

export interface CoreOptions {
  dataDir: string;
  /** Environment for agent children (default: this process's, so the user's keys and config apply). */
  agentEnv?: NodeJS.ProcessEnv;
  /** Folders searched for agent programs before PATH (default: BooCoder's own node_modules/.bin). */
  agentSearchDirs?: string[];
  /** The desktop shell's native folder dialog; absent in the headless host. */
  pickDirectory?: () => Promise<string | null>;
  /** Check outgoing event payloads against the contract (tests, development). */
  validateEvents?: boolean;
  /** Supervisor period (default 30 s). */
  supervisorIntervalMs?: number;
  /** How long running turns get to finish at quit before they are cancelled (default 3 s). */
  quitGraceMs?: number;
  /** Replaces the real agent programs (tests). */
  backendFactory?: BackendFactory;
}

const defaultSearchDirs = (): string[] => {
  // src-main/core (source) or out/main (bundle): either way the package root is two levels up.
  const here = path.dirname(fileURLToPath(import.meta.url));
  return [path.resolve(here, '..', '..', 'node_modules', '.bin')];
};

/** A silent turn on an unresponsive agent is given up after this long. */
const STALE_TURN_GRACE_MS = 10 * 60_000;

/**
 * The application core: the store, agents, worktrees and the contract's handlers, with no
 * Electron in sight. Electron's main process and the headless host both run one of these.
 */
export class Core {
  readonly store: Store;
  readonly events: EventBus;
  readonly agents: AgentCatalog;
  readonly pool: AgentPool;
  readonly worktrees: WorktreeService;
  readonly dispatcher: Dispatcher;
  readonly supervisor: Supervisor;
  readonly arena: ArenaService;
  readonly handlers: Handlers;
  private shutdownPromise: Promise<void> | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribePool: () => void;
  private readonly agentProcesses: AgentProcessLedger;

  private constructor(readonly options: CoreOptions) {
    this.store = Store.open(path.join(options.dataDir, 'boocoder.db'));
    // Restart reconciliation: nothing is live after a restart; unfinished turns can never finish.
    this.store.turns.markInterrupted();
    this.store.arenas.markInterrupted();
    this.store.sessions.markAllNotLive();
    // Agents a killed core left running (they normally exit with it): stopped before new ones start.
    this.agentProcesses = new AgentProcessLedger(path.join(options.dataDir, 'agent-processes.json'));
    this.agentProcesses.reapLeftovers();

    this.events = new EventBus(options.validateEvents ?? false);
    const env = options.agentEnv ?? process.env;
    this.agents = new AgentCatalog(this.store.agentConfig, { searchDirs: options.agentSearchDirs ?? defaultSearchDirs(), pathEnv: env.PATH });
    // ACP agents start in a folder of BooCoder's own, never the host's working directory (Gemini, for
    // one, registers the directory it starts in as a project); each session names its worktree.
    const agentCwd = path.join(options.dataDir, 'agent-cwd');
    mkdirSync(agentCwd, { recursive: true });
    const factory: BackendFactory =
      options.backendFactory ??
      ((spec: AgentSpec): AgentBackend =>
        spec.kind === 'opencode' ? new OpencodeBackend(spec, { baseEnv: env }) : new AcpBackend(spec, { baseEnv: env, cwd: agentCwd }));
    this.pool = new AgentPool(this.store, factory, () => this.store.settings.get());
    this.worktrees = new WorktreeService({ store: this.store, worktreesRoot: path.join(options.dataDir, 'worktrees') });
    this.dispatcher = new Dispatcher({
      store: this.store,
      events: this.events,
      pool: this.pool,
      catalog: this.agents,
      workspace: this.worktrees,
      settings: () => this.store.settings.get(),
    });
    this.arena = new ArenaService({
      store: this.store,
      events: this.events,
      pool: this.pool,
      catalog: this.agents,
      dispatcher: this.dispatcher,
      worktrees: this.worktrees,
      settings: () => this.store.settings.get(),
    });
    this.supervisor = new Supervisor({ pool: this.pool, intervalMs: options.supervisorIntervalMs ?? 30_000, staleGraceMs: STALE_TURN_GRACE_MS });
    const unsubscribeStatus = this.pool.onChange(() => this.scheduleStatus());
    const unsubscribeOptions = this.pool.onOptions((chatId, agent, agentOptions) =>
      this.events.emit('agents.options', { agent, chatId, options: agentOptions }),
    );
    this.unsubscribePool = () => {
      unsubscribeStatus();
      unsubscribeOptions();
    };

    const unsupported = (what: string) => () => {
      throw new AppError('Unsupported', `${what} is not available here.`);
    };
    this.handlers = {
      'app.info': () => ({ version: APP_VERSION, dataDir: options.dataDir }),
      'app.pickDirectory': options.pickDirectory
        ? async () => ({ path: await options.pickDirectory!() })
        : unsupported('A native folder dialog (type the path instead)'),
      ...reposHandlers(this.store),
      ...chatsHandlers(this.store, this.events),
      ...chatFilesHandler(this.store),
      ...chatCloseHooks(this.store, this.events, this.dispatcher, this.pool, this.worktrees, this.arena),
      ...agentsHandlers(this.agents, this.pool, this.store),
      ...sessionsHandlers(this.store, this.pool, this.agents),
      ...turnsHandlers(this.store, this.dispatcher, this.arena),
      ...arenaHandlers(this.store, this.arena),
      ...changesHandlers(this.store, this.events, this.dispatcher, this.worktrees),
      ...usageHandlers(this.store),
      'settings.get': () => this.store.settings.get(),
      'settings.update': (patch) => this.store.settings.update(patch),
    };
  }

  static async open(options: CoreOptions): Promise<Core> {
    const core = new Core(options);
    // Contestants a previous run cut short: what their worktrees hold is recorded, so it can be picked.
    await core.arena.recoverAll();
    core.supervisor.start();
    return core;
  }

  /** agents.status, coalesced: a burst of pool changes sends one event. */
  private scheduleStatus(): void {
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      if (this.shutdownPromise) return;
      const status = this.pool.status((id) => this.store.chats.get(id)?.title ?? id);
      this.agentProcesses.record(status.processes.map((p) => p.pid));
      this.events.emit('agents.status', status);
    }, 50);
  }

  /**
   * The quit hook, run once however often it is called: running turns get a short grace and
   * are then cancelled, every agent process group is stopped, the reaper runs, the worktree
   * watchers stop, SQLite closes.
   */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      await this.supervisor.stop();
      await Promise.all([this.dispatcher.drain(this.options.quitGraceMs ?? 3000), this.arena.drain(this.options.quitGraceMs ?? 3000)]);
      this.unsubscribePool();
      if (this.statusTimer) clearTimeout(this.statusTimer);
      await this.pool.dispose();
      this.agentProcesses.record([]);
      try {
        await this.worktrees.reap(this.arena);
      } catch {
        // The reaper never deletes without its preflight; a failed pass just leaves things for next time.
      }
      this.worktrees.close();
      this.store.close();
    })();
    return this.shutdownPromise;
  }
}
