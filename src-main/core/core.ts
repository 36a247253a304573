import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentBackend, AgentSpec, LaunchWrapper } from './agents/agent-backend';
import { AgentSandbox } from './sandbox/agent-sandbox';
import { gitCommonDir } from './sandbox/git-common-dir';
import { detectSandboxSupport, type SandboxSupport } from './sandbox/sandbox-support';
import { agentSetupHandlers } from './agents/agent-setup-handlers';
import { agentsHandlers } from './agents/agents-handlers';
import { AgentAuthService, type TerminalOpener } from './agents/auth/agent-auth-service';
import { agentInstallRoot } from './agents/install/agent-install-dirs';
import { NpmInstaller } from './agents/install/npm-installer';
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
import { startedEnvironmentReport, type EnvironmentReport } from './environment/agent-environment';
import { EventBus } from './events/event-bus';
import { reposHandlers } from './repos/repos-handlers';
import type { Handlers } from './rpc/handlers-type';
import { AgentProcessLedger } from './sessions/agent-process-ledger';
import { AgentPool, type BackendFactory, type ProcessScope } from './sessions/agent-pool';
import { profileById } from './agents/profiles/profiles';
import { processScope } from './sandbox/process-scope';
import { sessionsHandlers } from './sessions/sessions-handlers';
import { Prewarmer } from './sessions/prewarmer';
import { prewarmHandlers } from './sessions/prewarm-handlers';
import { Supervisor } from './sessions/supervisor';
import { Store } from './store/store';
import { Dispatcher } from './turns/dispatcher';
import { turnsHandlers } from './turns/turns-handlers';
import { usageHandlers } from './usage/usage-handlers';
import { WorktreeService } from './worktrees/worktree-service';
import { launchDetached, onPath, type Launcher } from './open-in/open-in';
import { openInHandlers } from './open-in/open-in-handlers';
import { SetupGate } from './setup/setup-gate';
import { setupHandlers } from './setup/setup-handlers';
import { runCommand, type CommandRunner } from './shipping/command-runner';
import { shippingHandlers } from './shipping/shipping-handlers';

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
  /** What the machine offers to sandbox agents (default: detected at open). */
  sandboxSupport?: SandboxSupport;
  /** Environment of the user's tools: git push, gh, setup scripts, the editor lookup (default: this process's). */
  toolEnv?: NodeJS.ProcessEnv;
  /** Runs git push and gh (tests inject one to check the exact command). */
  commandRunner?: CommandRunner;
  /** Starts editors, terminals and file managers (tests inject one to check the exact command). */
  launcher?: Launcher;
  /** Where agentEnv came from (the desktop resolves the login shell's); default: as started, no notice. */
  environment?: EnvironmentReport;
  /** Opens a terminal for an agent's interactive sign-in (the desktop shell); absent: the command is shown. */
  terminal?: TerminalOpener;
  /** How long an agent's booted directory may go unused before its memory counts as idle (default 10 min). */
  directoryIdleMs?: number;
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
  readonly setup: SetupGate;
  readonly prewarmer: Prewarmer;
  readonly arena: ArenaService;
  readonly handlers: Handlers;
  private shutdownPromise: Promise<void> | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribePool: () => void;
  private readonly agentProcesses: AgentProcessLedger;
  private readonly installer: NpmInstaller;
  private readonly auth: AgentAuthService;

  readonly sandbox: AgentSandbox;

  private constructor(
    readonly options: CoreOptions,
    sandboxSupport: SandboxSupport,
  ) {
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
    const installRoot = agentInstallRoot(options.dataDir);
    this.agents = new AgentCatalog(this.store.agentConfig, { searchDirs: options.agentSearchDirs ?? defaultSearchDirs(), pathEnv: env.PATH, installRoot, baseEnv: env });
    // ACP agents start in a folder of BooCoder's own, never the host's working directory (Gemini, for
    // one, registers the directory it starts in as a project); each session names its worktree.
    const agentCwd = path.join(options.dataDir, 'agent-cwd');
    mkdirSync(agentCwd, { recursive: true });
    const worktreesRoot = path.join(options.dataDir, 'worktrees');
    this.sandbox = new AgentSandbox({
      support: sandboxSupport,
      worktreesRoot,
      sandboxRoot: path.join(options.dataDir, 'sandbox'),
      agentCwd,
      gitCommonDirs: () => this.gitCommonDirs(),
    });
    // A process of its own per worktree is confined to that worktree; a shared one to all of them.
    const wrapLaunchIn =
      (worktree: string | undefined): LaunchWrapper =>
      (spec, profile, launch) => {
        const enabled = spec.sandbox !== false;
        const sandboxed = this.sandbox.applies(enabled);
        const extra = profile?.launchArgs?.({ worktreesRoot: worktree ?? worktreesRoot, sandboxed }) ?? [];
        const env = { ...launch.env, ...profile?.launchEnv?.({ sandboxed }) };
        return this.sandbox.wrap(spec.id, profile, enabled, { ...launch, args: [...launch.args, ...extra], env }, worktree);
      };
    const factory: BackendFactory =
      options.backendFactory ??
      ((spec: AgentSpec, worktree?: string): AgentBackend =>
        spec.kind === 'opencode'
          ? new OpencodeBackend(spec, { baseEnv: env, wrapLaunch: wrapLaunchIn(worktree) })
          : new AcpBackend(spec, { baseEnv: env, cwd: worktree ?? agentCwd, wrapLaunch: wrapLaunchIn(worktree) }));
    const scopeOf = (spec: AgentSpec): ProcessScope => {
      const profile = profileById(spec.id);
      const support = this.sandbox.support;
      return processScope({
        profile,
        sandboxed: this.sandbox.applies(spec.sandbox !== false),
        nests: support.available && support.kind === 'bwrap' && support.nested,
        hasSessionChild: () => !!profile?.sessionChild?.({ command: spec.command, env: { ...env, ...spec.env } }),
      });
    };
    this.pool = new AgentPool(this.store, factory, () => this.store.settings.get(), Date.now, scopeOf);
    this.worktrees = new WorktreeService({ store: this.store, worktreesRoot });
    const toolEnv = options.toolEnv ?? process.env;
    this.setup = new SetupGate({ store: this.store, events: this.events, ensureWorktree: (chatId) => this.worktrees.ensure(chatId), env: toolEnv });
    // What turns, pre-warms and arenas all run on.
    const turnParts = {
      store: this.store,
      events: this.events,
      pool: this.pool,
      catalog: this.agents,
      settings: () => this.store.settings.get(),
    };
    this.dispatcher = new Dispatcher({ ...turnParts, setup: this.setup, workspace: this.worktrees });
    this.prewarmer = new Prewarmer({ ...turnParts, workspace: this.worktrees });
    this.arena = new ArenaService({ ...turnParts, dispatcher: this.dispatcher, worktrees: this.worktrees, toolEnv });
    this.supervisor = new Supervisor({
      pool: this.pool,
      intervalMs: options.supervisorIntervalMs ?? 30_000,
      staleGraceMs: STALE_TURN_GRACE_MS,
      memoryBudgetBytes: () => this.store.settings.get().memoryBudgetBytes,
      onRecycled: (agent, chatIds) => {
        for (const chatId of chatIds) {
          try {
            this.prewarmer.prewarm(chatId, agent);
          } catch {
            // The chat was closed or the agent removed meanwhile: nothing to prepare.
          }
        }
      },
      ...(options.directoryIdleMs !== undefined ? { directoryIdleMs: options.directoryIdleMs } : {}),
    });
    const unsubscribeStatus = this.pool.onChange(() => this.scheduleStatus());
    const unsubscribeOptions = this.pool.onOptions((chatId, agent, agentOptions) =>
      this.events.emit('agents.options', { agent, chatId, options: agentOptions }),
    );
    this.unsubscribePool = () => {
      unsubscribeStatus();
      unsubscribeOptions();
    };

    this.installer = new NpmInstaller({ root: installRoot, env, emit: (progress) => this.events.emit('agents.install.progress', progress) });
    const auth = (this.auth = new AgentAuthService({
      catalog: this.agents,
      baseEnv: env,
      cwd: agentCwd,
      runningMethods: (agent) => {
        const backend = this.pool.backend(agent);
        return backend instanceof AcpBackend ? (backend.capabilities()?.authMethods ?? null) : null;
      },
      ...(options.terminal ? { terminal: options.terminal } : {}),
    }));

    const unsupported = (what: string) => () => {
      throw new AppError('Unsupported', `${what} is not available here.`);
    };
    this.handlers = {
      'app.info': () => ({ version: APP_VERSION, dataDir: options.dataDir }),
      'app.environment': () => options.environment ?? startedEnvironmentReport(),
      'app.pickDirectory': options.pickDirectory
        ? async () => ({ path: await options.pickDirectory!() })
        : unsupported('A native folder dialog (type the path instead)'),
      ...reposHandlers(this.store, (repo) => this.coverRepo(repo.path)),
      ...chatsHandlers(this.store, this.events),
      ...chatFilesHandler(this.store),
      ...chatCloseHooks(this.store, this.events, this.dispatcher, this.pool, this.worktrees, this.prewarmer, this.arena),
      ...agentsHandlers(this.agents, this.pool, this.store, this.sandbox),
      ...agentSetupHandlers({ catalog: this.agents, pool: this.pool, installer: this.installer, auth, sandbox: this.sandbox }),
      ...sessionsHandlers(this.store, this.pool, this.agents),
      ...prewarmHandlers(this.prewarmer),
      ...turnsHandlers(this.store, this.dispatcher, this.arena),
      ...arenaHandlers(this.store, this.arena),
      ...changesHandlers(this.store, this.events, this.dispatcher, this.worktrees),
      ...usageHandlers(this.store),
      ...shippingHandlers({
        store: this.store,
        events: this.events,
        dispatcher: this.dispatcher,
        worktrees: this.worktrees,
        pool: this.pool,
        catalog: this.agents,
        run: options.commandRunner ?? runCommand,
        env: toolEnv,
        draftCwd: agentCwd,
      }),
      ...openInHandlers(this.store, this.worktrees, {
        launch: options.launcher ?? launchDetached,
        has: onPath(toolEnv.PATH),
        platform: process.platform,
        editorCommand: () => this.store.settings.get().editorCommand,
      }),
      ...setupHandlers(this.store, this.setup),
      'settings.get': () => this.store.settings.get(),
      'settings.update': (patch) => {
        const settings = this.store.settings.update(patch);
        // A lower budget or cap is kept at once, not at the next supervisor pass.
        if (patch.memoryBudgetBytes !== undefined || patch.maxLiveSessions !== undefined) void this.supervisor.tick();
        return settings;
      },
    };
  }

  static async open(options: CoreOptions): Promise<Core> {
    const support = options.sandboxSupport ?? (await detectSandboxSupport({ pathEnv: (options.agentEnv ?? process.env).PATH }));
    const core = new Core(options, support);
    // Contestants a previous run cut short: what their worktrees hold is recorded, so it can be picked.
    await core.arena.recoverAll();
    core.supervisor.start();
    return core;
  }

  /** The git dirs of every repository opened so far (cached: a repository's does not move). */
  private readonly commonDirs = new Map<string, string | null>();
  private async gitCommonDirs(): Promise<string[]> {
    const dirs: string[] = [];
    for (const repo of this.store.repos.list()) {
      if (!this.commonDirs.has(repo.path)) this.commonDirs.set(repo.path, await gitCommonDir(repo.path));
      const dir = this.commonDirs.get(repo.path);
      if (dir) dirs.push(dir);
    }
    return dirs;
  }

  /**
   * A repository opened after an agent's sandboxed process started is not writable for it (a
   * `git commit` in its worktree would fail): idle processes are restarted (their sessions
   * reattach on their next turn); a busy one gets it at its next start.
   */
  private async coverRepo(repoPath: string): Promise<void> {
    if (!this.commonDirs.has(repoPath)) this.commonDirs.set(repoPath, await gitCommonDir(repoPath));
    const dir = this.commonDirs.get(repoPath);
    if (!dir) return;
    for (const agent of this.pool.backendIds()) {
      if (this.sandbox.lacks(agent, dir) && !this.pool.isBusy(agent)) await this.pool.disposeBackend(agent);
    }
  }

  /** agents.status, coalesced: a burst of pool changes sends one event. */
  private scheduleStatus(): void {
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      if (this.shutdownPromise) return;
      const status = this.pool.status((id) => this.store.chats.get(id)?.title ?? id, this.store.settings.get().memoryBudgetBytes);
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
      this.installer.dispose();
      await this.auth.dispose();
      await this.prewarmer.drain();
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
