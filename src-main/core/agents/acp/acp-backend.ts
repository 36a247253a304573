import { RequestError } from '@agentclientprotocol/sdk/unstable';
import { AppError, isAppError } from '../../errors';
import type { PromptCapabilities } from '../../../../src-preload/contract';
import type {
  AgentBackend,
  AgentSessionHandle,
  AgentLaunch,
  AgentSpec,
  BackendProcessState,
  LaunchWrapper,
  ModelOption,
  OpenSessionOptions,
} from '../agent-backend';
import { GENERIC_BEHAVIOURS, type AgentProfile } from '../profiles/agent-profile';
import { profileById, recognizeProfile } from '../profiles/profiles';
import {
  AcpConnection,
  describeExit,
  drainIncoming,
  rpcErrorMessage,
  type AcpClientHandlers,
  type AgentCapabilitiesSeen,
  type WireDirection,
} from './acp-connection';
import { authRequiredMessage } from '../auth/auth-required';
import { AcpSession } from './acp-session';
import { SessionSetupResult } from './acp-wire';
import type { ChildExit } from '../../util/managed-child';

/**
 * AgentBackend for any agent that speaks ACP over stdio (qwen `qwen --acp`, goose `goose acp`,
 * claude-agent-acp, `gemini --acp`, codex-acp, `opencode acp`, user commands).
 *
 * One warm child per backend hosts every session; it is started on first use, `initialize`d
 * once, and respawned on the next use after it dies. What the agent says about itself at
 * `initialize` picks its profile (the behaviours it needs handled); without one it is driven
 * generically. Sessions are reattached after a restart with `session/resume` (no replay) or
 * `session/load` (replay, swallowed) when the agent advertises them, else a new session is made
 * and its origin says so.
 */

export interface AcpBackendOptions {
  /** The environment the child starts from (default: this process's); `spec.env` goes on top. */
  baseEnv?: NodeJS.ProcessEnv;
  /** How long the agent may take to answer `initialize` (default 30 s: qwen needs ~3.5 s here). */
  initializeTimeoutMs?: number;
  /** The child's working directory (sessions each carry their own cwd). */
  cwd?: string;
  /** Timeout of the liveness probe (default 5 s). */
  probeTimeoutMs?: number;
  /** Timeout of session/new, load and resume (default 60 s). */
  sessionSetupTimeoutMs?: number;
  onWireMessage?: (direction: WireDirection, message: unknown) => void;
  /** Wraps the program's launch (the write sandbox). */
  wrapLaunch?: LaunchWrapper;
}

type CrashedState = Extract<BackendProcessState, { state: 'crashed' }>;

/** Session updates about the session's options, kept when they arrive before the session is attached. */
const OPTION_UPDATES: ReadonlySet<string> = new Set(['available_commands_update', 'current_mode_update', 'current_model_update', 'config_option_update']);

/** A method no agent implements: the answer "method not found" proves the agent is responsive. */
const PING_METHOD = '_boocoder/ping';
const METHOD_NOT_FOUND = -32601;
/** ACP's auth_required error: the agent needs the user to sign in first. */
const AUTH_REQUIRED = -32000;

const errorCode = (e: unknown): number | undefined =>
  typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'number'
    ? (e as { code: number }).code
    : undefined;

export class AcpBackend implements AgentBackend {
  readonly spec: AgentSpec;
  private readonly options: AcpBackendOptions;
  private connection: AcpConnection | null = null;
  /** How to boot a directory through the running process without a prompt (its profile's warm-up), if any. */
  private warmDirectory: ((cwd: string, signal: AbortSignal) => Promise<void>) | undefined;
  private starting: Promise<AcpConnection> | null = null;
  private state: BackendProcessState = { state: 'stopped' };
  /** Live sessions by ACP session id, for routing the agent's notifications and requests. */
  private readonly sessions = new Map<string, AcpSession>();
  private readonly crashListeners = new Set<(state: CrashedState) => void>();
  /** The models the agent's last new session offered (the pool stores its whole options for the next chat). */
  private lastModels: ModelOption[] = [];
  private profile: AgentProfile | undefined;
  /** When each session last got an update (attached or not), to wait out a load replay. */
  private readonly lastUpdateAt = new Map<string, number>();
  /**
   * Option updates (commands, mode, config) for sessions not attached yet: an agent may send them
   * the moment it answers session/new, before the session is attached here (opencode does).
   */
  private readonly earlyOptionUpdates = new Map<string, Array<Record<string, unknown>>>();
  private disposed = false;

  constructor(spec: AgentSpec, options: AcpBackendOptions = {}) {
    this.spec = spec;
    this.options = options;
    this.profile = profileById(spec.id);
  }

  profileId(): string | null {
    return this.connection ? (this.profile?.id ?? null) : null;
  }

  promptCapabilities(): PromptCapabilities | null {
    return this.connection?.capabilities.promptCapabilities ?? null;
  }

  /**
   * The environment the child runs in: the base, the agent's own variables and its profile's
   * overrides, minus what its profile must not get.
   */
  private childEnv(): NodeJS.ProcessEnv {
    const profile = profileById(this.spec.id);
    const env: NodeJS.ProcessEnv = { ...(this.options.baseEnv ?? process.env), ...this.spec.env };
    Object.assign(env, profile?.envOverrides?.(env));
    for (const name of profile?.dropEnv ?? []) delete env[name];
    return env;
  }

  processState(): BackendProcessState {
    return this.state;
  }

  onCrash(listener: (state: CrashedState) => void): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  async start(): Promise<void> {
    await this.ensureConnection();
  }

  /** The agent's capabilities as read at `initialize`, once started. */
  capabilities(): AgentCapabilitiesSeen | null {
    return this.connection?.capabilities ?? null;
  }

  private ensureConnection(): Promise<AcpConnection> {
    if (this.disposed) return Promise.reject(new AppError('ShuttingDown', `Agent ${this.spec.name} is shutting down`));
    if (this.connection?.isAlive()) return Promise.resolve(this.connection);
    if (!this.starting) {
      this.starting = this.spawn().finally(() => {
        this.starting = null;
      });
    }
    return this.starting;
  }

  private async spawn(): Promise<AcpConnection> {
    this.state = { state: 'starting' };
    let connection: AcpConnection;
    let launch: AgentLaunch = { command: this.spec.command, args: this.spec.args, env: this.childEnv() };
    let warmDirectory: ((cwd: string, signal: AbortSignal) => Promise<void>) | undefined;
    try {
      const warmup = await profileById(this.spec.id)?.directoryWarmup?.prepare(launch);
      if (warmup) {
        launch = { ...launch, args: [...launch.args, ...warmup.args], env: { ...launch.env, ...warmup.env } };
        warmDirectory = warmup.warm;
      }
      if (this.options.wrapLaunch) launch = await this.options.wrapLaunch(this.spec, profileById(this.spec.id), launch);
      connection = await AcpConnection.start({
        command: launch.command,
        args: launch.args,
        env: launch.env,
        cwd: this.options.cwd,
        initializeTimeoutMs: this.options.initializeTimeoutMs ?? 30_000,
        handlers: this.handlers(),
        onWireMessage: this.options.onWireMessage,
      });
    } catch (e) {
      this.state = { state: 'stopped' };
      if (launch.note && isAppError(e)) throw new AppError(e.name, `${e.message}\n${launch.note}`, e.data);
      throw e;
    }
    if (this.disposed) {
      await connection.close();
      throw new AppError('ShuttingDown', `Agent ${this.spec.name} is shutting down`);
    }
    this.connection = connection;
    this.warmDirectory = warmDirectory;
    this.profile = recognizeProfile(connection.capabilities.identity, this.spec.id);
    this.state = { state: 'running', pid: connection.pid, startedAt: connection.child.startedAt };
    void connection.exited.then((exit) => this.onExit(connection, exit));
    return connection;
  }

  private onExit(connection: AcpConnection, exit: ChildExit): void {
    if (this.connection === connection) this.connection = null;
    if (connection.stopping) return;
    const tail = connection.stderrTail();
    const crashed: CrashedState = { state: 'crashed', exitCode: exit.code, signal: exit.signal, stderrTail: tail };
    this.state = crashed;
    // Each session adds what the agent wrote to stderr during its own turn, not earlier errors.
    const message = `Agent ${this.spec.name} (pid ${connection.pid}) ${describeExit(exit)}`;
    for (const [id, session] of this.sessions) {
      session.markCrashed({ message });
      this.sessions.delete(id);
    }
    for (const listener of this.crashListeners) {
      try {
        listener(crashed);
      } catch {
        // A listener's failure must not stop the others from hearing of the crash.
      }
    }
  }

  private handlers(): AcpClientHandlers {
    const session = (sessionId: string): AcpSession => {
      const s = this.sessions.get(sessionId);
      if (!s) throw new AppError('NotFound', `Unknown session ${sessionId}`);
      return s;
    };
    return {
      // Updates for sessions not (yet) attached, such as a load replay, are dropped.
      onSessionUpdate: (n) => {
        this.lastUpdateAt.set(n.sessionId, Date.now());
        const session = this.sessions.get(n.sessionId);
        if (session) session.handleUpdate(n.update);
        else if (OPTION_UPDATES.has(n.update.sessionUpdate)) this.keepEarly(n.sessionId, n.update);
      },
      onRequestPermission: (params, signal) => toRpc(() => session(params.sessionId).handlePermissionRequest(params, signal)),
      onReadTextFile: (params) => toRpc(() => session(params.sessionId).handleReadTextFile(params)),
      onWriteTextFile: (params) => toRpc(() => session(params.sessionId).handleWriteTextFile(params)),
    };
  }

  async openSession(options: OpenSessionOptions): Promise<AgentSessionHandle> {
    const connection = await this.ensureConnection();
    const timeoutMs = this.options.sessionSetupTimeoutMs ?? 60_000;
    const base = { cwd: options.cwd, mcpServers: [] };

    if (options.resumeSessionId) {
      const sessionId = options.resumeSessionId;
      const live = this.sessions.get(sessionId);
      // Where the agent's cost counter starts again with the reopened session, nothing of it is counted yet.
      const reportedCost = this.profile?.behaviours.costRestartsOnResume ? null : (options.reportedCost ?? null);
      if (live && !live.isCrashed) {
        // Still warm in this process: nothing to restore.
        return this.attach(connection, sessionId, options.cwd, 'resumed', live.setupResult, live.reportedCost, live);
      }
      const caps = connection.capabilities;
      if (caps.resume) {
        const setup = await this.trySetup(connection, 'session/resume', { ...base, sessionId }, timeoutMs);
        if (setup) return this.attach(connection, sessionId, options.cwd, 'resumed', setup, reportedCost);
      }
      if (caps.loadSession) {
        // Most agents replay before the load result, some (Gemini) just after it: either way
        // the session is attached only once the replay is over, so its updates are dropped and
        // history is never emitted as a live turn.
        const setup = await this.trySetup(connection, 'session/load', { ...base, sessionId }, timeoutMs);
        if (setup) {
          await this.replayOver(sessionId);
          return this.attach(connection, sessionId, options.cwd, 'loaded', setup, reportedCost);
        }
      }
    }

    const raw = await this.request(connection, 'session/new', base, timeoutMs);
    const setup = SessionSetupResult.safeParse(raw);
    if (!setup.success || !setup.data.sessionId) {
      throw new AppError('AgentProtocolError', `Unexpected session/new result from ${this.spec.name}`);
    }
    const session = this.attach(connection, setup.data.sessionId, options.cwd, 'new', setup.data, null);
    await session.startAsking(this.profile?.askingModes);
    this.lastModels = (await session.options()).models;
    return session;
  }

  /** Resolves once no update for the session has come for a moment (bounded): a replay sent after the load result is over. */
  private async replayOver(sessionId: string, quietMs = 200, maxMs = 5000): Promise<void> {
    const started = Date.now();
    for (;;) {
      const last = Math.max(this.lastUpdateAt.get(sessionId) ?? 0, started);
      const now = Date.now();
      if (now - last >= quietMs || now - started >= maxMs) break;
      await new Promise((r) => setTimeout(r, Math.min(quietMs, quietMs - (now - last))));
    }
    await drainIncoming();
  }


  /** Resume or load; null when the agent refuses (unknown session, …), so the caller falls back. */
  private async trySetup(
    connection: AcpConnection,
    method: string,
    params: unknown,
    timeoutMs: number,
  ): Promise<SessionSetupResult | null> {
    try {
      const raw = await this.request(connection, method, params, timeoutMs);
      // Let the rest of a replay be dispatched (and dropped) before the session is attached.
      await drainIncoming();
      const parsed = SessionSetupResult.safeParse(raw ?? {});
      return parsed.success ? parsed.data : {};
    } catch (e) {
      if (!connection.isAlive()) throw e;
      return null;
    }
  }

  private async request(connection: AcpConnection, method: string, params: unknown, timeoutMs: number): Promise<unknown> {
    try {
      return await connection.request(method, params, { timeoutMs });
    } catch (e) {
      if (isAppError(e)) throw e;
      if (!connection.isAlive()) {
        const exit = await connection.exited;
        throw new AppError('AgentCrashed', `Agent ${this.spec.name} ${describeExit(exit)} during ${method}`);
      }
      if (errorCode(e) === AUTH_REQUIRED) throw new AppError('AuthRequired', authRequiredMessage(this.spec.name, rpcErrorMessage(e)));
      throw new AppError('AgentProtocolError', `${method} failed: ${rpcErrorMessage(e)}`);
    }
  }

  private attach(
    connection: AcpConnection,
    sessionId: string,
    cwd: string,
    origin: 'new' | 'resumed' | 'loaded',
    setup: SessionSetupResult,
    reportedCost: number | null,
    replacing?: AcpSession,
  ): AcpSession {
    const session = new AcpSession({
      agentId: this.spec.id,
      agentName: this.spec.name,
      connection,
      sessionId,
      cwd,
      origin,
      setup,
      behaviours: this.profile?.behaviours ?? GENERIC_BEHAVIOURS,
      env: this.childEnv(),
      reportedCost,
      warmDirectory: connection === this.connection ? this.warmDirectory : undefined,
      onDispose: (s) => {
        if (this.sessions.get(s.externalSessionId) === s) this.sessions.delete(s.externalSessionId);
      },
    });
    if (replacing) void replacing.dispose();
    this.sessions.set(sessionId, session);
    const early = this.earlyOptionUpdates.get(sessionId);
    this.earlyOptionUpdates.delete(sessionId);
    for (const update of early ?? []) session.handleUpdate(update);
    return session;
  }

  private keepEarly(sessionId: string, update: Record<string, unknown>): void {
    const kept = this.earlyOptionUpdates.get(sessionId) ?? [];
    // Bounded: only the last few matter (each replaces what came before), and a session that is never attached must not grow this.
    kept.push(update);
    if (kept.length > 8) kept.shift();
    this.earlyOptionUpdates.set(sessionId, kept);
    if (this.earlyOptionUpdates.size > 64) this.earlyOptionUpdates.delete(this.earlyOptionUpdates.keys().next().value!);
  }

  async listModels(): Promise<ModelOption[]> {
    return this.lastModels;
  }

  async probe(): Promise<boolean> {
    const connection = this.connection;
    if (!connection?.isAlive()) return false;
    try {
      await connection.request(PING_METHOD, {}, { timeoutMs: this.options.probeTimeoutMs ?? 5000 });
      return true;
    } catch (e) {
      // "Method not found" (or any JSON-RPC error) is an answer; a timeout or closed pipe is not.
      const code = errorCode(e);
      return code === METHOD_NOT_FOUND || (code !== undefined && code !== -32800 && connection.isAlive());
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const starting = this.starting;
    if (starting) await starting.catch(() => undefined);
    for (const session of this.sessions.values()) session.interrupt(`Agent ${this.spec.name} is shutting down`);
    this.sessions.clear();
    const connection = this.connection;
    this.connection = null;
    if (connection) await connection.close();
    this.state = { state: 'stopped' };
    this.crashListeners.clear();
  }
}

/** Errors from serving the agent's requests, as JSON-RPC errors it can understand. */
async function toRpc<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isAppError(e)) {
      const code = e.name === 'NotFound' ? -32002 : -32602;
      throw new RequestError(code, e.message, { name: e.name });
    }
    const errno = typeof e === 'object' && e !== null && 'code' in e ? (e as { code: unknown }).code : undefined;
    if (errno === 'ENOENT') throw new RequestError(-32002, e instanceof Error ? e.message : 'File not found', { code: errno });
    throw RequestError.internalError(undefined, e instanceof Error ? e.message : String(e));
  }
}
