import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createOpencodeClient, type OpencodeClient } from '@opencode-ai/sdk/v2';
import type { AgentOptions, PromptCapabilities } from '../../../../src-preload/contract';
import { AppError, isAppError } from '../../errors';
import type { AgentBackend, AgentLaunch, AgentSpec, BackendProcessState, LaunchWrapper, ModelOption, OpenSessionOptions } from '../agent-backend';
import { opencodeProfile } from '../profiles/opencode';
import { OpencodeSession } from './opencode-session';
import { startOpencodeServer, type RunningOpencodeServer } from './opencode-server';

/**
 * The opencode backend: one warm `opencode serve` on loopback serves every chat; each session
 * names its own directory on every call. The server is started lazily, shared by concurrent
 * starters, watched for unexpected exits (which end running turns with AgentCrashed), and
 * respawned by the next start().
 */

export interface OpencodeBackendOptions {
  /** The environment the server inherits before `spec.env` is applied. Default: process.env,
   * so the user's provider keys and config apply. */
  baseEnv?: NodeJS.ProcessEnv;
  /** How long to wait for the ready line. Default 30 s (a cold start takes 2–4 s). */
  readyTimeoutMs?: number;
  /** Title given to sessions this backend creates. */
  sessionTitle?: string;
  /**
   * The server's working directory. opencode serves calls that name no directory (model list)
   * from its own cwd, booting a project instance there with a file watcher; by default it gets
   * an empty temp dir of its own instead of inheriting the app's cwd (which may be $HOME or /).
   */
  serverCwd?: string;
  /** Wraps the server's launch (the write sandbox). */
  wrapLaunch?: LaunchWrapper;
}

type CrashedState = Extract<BackendProcessState, { state: 'crashed' }>;

interface Live {
  server: RunningOpencodeServer;
  client: OpencodeClient;
  /** Set before an intentional stop, so the exit is not reported as a crash. */
  stopping: boolean;
}

/** Flattens the server's provider list into "providerID/modelID" options. */
export function modelsFromProviders(data: unknown): ModelOption[] {
  if (typeof data !== 'object' || data === null) return [];
  const providers = (data as { providers?: unknown }).providers;
  if (!Array.isArray(providers)) return [];
  const out: ModelOption[] = [];
  for (const p of providers) {
    if (typeof p !== 'object' || p === null) continue;
    const { id, name, models } = p as { id?: unknown; name?: unknown; models?: unknown };
    if (typeof id !== 'string' || typeof models !== 'object' || models === null) continue;
    for (const [modelId, model] of Object.entries(models as Record<string, unknown>)) {
      const modelName = typeof model === 'object' && model !== null && typeof (model as { name?: unknown }).name === 'string' ? (model as { name: string }).name : modelId;
      out.push({ id: `${id}/${modelId}`, name: `${typeof name === 'string' ? name : id}: ${modelName}` });
    }
  }
  return out;
}

export class OpencodeBackend implements AgentBackend {
  readonly spec: AgentSpec;
  private readonly options: OpencodeBackendOptions;
  private live: Live | null = null;
  private starting: Promise<Live> | null = null;
  private crashed: CrashedState | null = null;
  private readonly sessions = new Set<OpencodeSession>();
  private readonly crashListeners = new Set<(state: CrashedState) => void>();
  private disposing: Promise<void> | null = null;
  /** The empty working directory made for the server (removed at dispose). */
  private ownCwd: string | null = null;

  constructor(spec: AgentSpec, options: OpencodeBackendOptions = {}) {
    this.spec = spec;
    this.options = options;
  }

  async start(): Promise<void> {
    await this.ensureLive();
  }

  private ensureLive(): Promise<Live> {
    if (this.disposing) return Promise.reject(new AppError('ShuttingDown', 'the opencode backend is disposed'));
    if (this.live) return Promise.resolve(this.live);
    if (!this.starting) {
      this.starting = this.spawn().finally(() => {
        this.starting = null;
      });
    }
    return this.starting;
  }

  private async serverCwd(): Promise<string> {
    if (this.options.serverCwd) return this.options.serverCwd;
    this.ownCwd ??= await mkdtemp(path.join(tmpdir(), 'boocoder-opencode-server-'));
    return this.ownCwd;
  }

  private async spawn(): Promise<Live> {
    const env: NodeJS.ProcessEnv = { ...(this.options.baseEnv ?? process.env), ...this.spec.env };
    Object.assign(env, opencodeProfile.envOverrides?.(env));
    let launch: AgentLaunch = { command: this.spec.command, args: this.spec.args, env };
    if (this.options.wrapLaunch) launch = await this.options.wrapLaunch(this.spec, opencodeProfile, launch);
    let server: RunningOpencodeServer;
    try {
      server = await startOpencodeServer({
        command: launch.command,
        args: launch.args,
        cwd: await this.serverCwd(),
        env: launch.env,
        readyTimeoutMs: this.options.readyTimeoutMs ?? 30_000,
      });
    } catch (e) {
      if (launch.note && isAppError(e)) throw new AppError(e.name, `${e.message}\n${launch.note}`, e.data);
      throw e;
    }
    const client = createOpencodeClient({ baseUrl: server.baseUrl, headers: { Authorization: server.authorization } });
    const live: Live = { server, client, stopping: false };
    if (this.disposing) {
      await server.child.stop();
      throw new AppError('ShuttingDown', 'the opencode backend was disposed while starting');
    }
    this.live = live;
    this.crashed = null;
    void server.child.exited.then((exit) => this.onExit(live, exit.code, exit.signal));
    return live;
  }

  private onExit(live: Live, code: number | null, signal: string | null): void {
    if (this.live === live) this.live = null;
    if (live.stopping) return;
    // Whatever the server had spawned (shells, language servers) dies with it.
    void live.server.child.stop(0);
    const stderrTail = live.server.child.stderrTail();
    const state: CrashedState = { state: 'crashed', exitCode: code, signal, stderrTail };
    this.crashed = state;
    const how = signal ? `signal ${signal}` : `code ${code ?? 'unknown'}`;
    const message = `opencode server exited unexpectedly (${how})${stderrTail ? `: ${stderrTail.slice(-1000)}` : ''}`;
    for (const session of this.sessions) session.markCrashed(message);
    this.sessions.clear();
    for (const listener of this.crashListeners) {
      try {
        listener(state);
      } catch {
        // one listener's failure must not hide the crash from the others
      }
    }
  }

  async openSession(options: OpenSessionOptions): Promise<OpencodeSession> {
    const live = await this.ensureLive();
    const { client } = live;
    const directory = options.cwd;
    let sessionId: string | undefined;
    let origin: 'new' | 'resumed' = 'new';
    if (options.resumeSessionId) {
      const found = await client.session.get({ sessionID: options.resumeSessionId, directory }).catch(() => undefined);
      if (found?.data?.id === options.resumeSessionId) {
        sessionId = found.data.id;
        origin = 'resumed';
      }
    }
    if (!sessionId) {
      const created = await client.session.create({ directory, title: this.options.sessionTitle ?? 'BooCoder' });
      if (!created.data) {
        throw new AppError('AgentProtocolError', `opencode could not create a session in ${directory}: ${JSON.stringify(created.error)}`);
      }
      sessionId = created.data.id;
    }
    const session = new OpencodeSession({
      agentId: this.spec.id,
      client,
      sessionId,
      cwd: directory,
      origin,
      pid: live.server.child.pid,
      listModels: () => this.listModels(directory),
      options: () => this.optionsFor(directory),
      onDispose: (s) => this.sessions.delete(s),
    });
    this.sessions.add(session);
    try {
      await session.connect();
    } catch (e) {
      await session.dispose();
      throw e;
    }
    // The server may have died while the session was connecting.
    if (this.live !== live) {
      await session.dispose();
      throw new AppError('AgentCrashed', 'the opencode server exited while the session was opening');
    }
    return session;
  }

  /** opencode's control plane moves a session to another directory of the same project (its history with it). */
  async moveSession(externalSessionId: string, toCwd: string): Promise<void> {
    const { client } = await this.ensureLive();
    const moved = await client.experimental.controlPlane.moveSession({ sessionID: externalSessionId, destination: { directory: toCwd }, moveChanges: false });
    if (moved.error) throw new AppError('AgentProtocolError', `opencode could not move session ${externalSessionId} to ${toCwd}: ${JSON.stringify(moved.error)}`);
  }

  async probe(): Promise<boolean> {
    const live = this.live;
    if (!live || !live.server.child.isAlive()) return false;
    try {
      const res = await live.client.global.health({ signal: AbortSignal.timeout(3000) });
      return res.data?.healthy === true;
    } catch {
      return false;
    }
  }

  /** The server's loopback URL while it runs (every request to it needs the per-spawn password). */
  get url(): string | undefined {
    return this.live?.server.baseUrl;
  }

  processState(): BackendProcessState {
    if (this.live) return { state: 'running', pid: this.live.server.child.pid, startedAt: this.live.server.child.startedAt };
    if (this.starting) return { state: 'starting' };
    if (this.crashed) return this.crashed;
    return { state: 'stopped' };
  }

  onCrash(listener: (state: CrashedState) => void): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  /** Models of the configured providers; with a directory, as that project's config sees them. */
  async listModels(directory?: string): Promise<ModelOption[]> {
    const live = await this.ensureLive();
    const res = await live.client.config.providers(directory ? { directory } : undefined);
    if (!res.data) throw new AppError('AgentProtocolError', `opencode did not list its providers: ${JSON.stringify(res.error)}`);
    return modelsFromProviders(res.data);
  }

  profileId(): string | null {
    return this.live ? 'opencode' : null;
  }

  /** opencode takes images and files as file parts. */
  promptCapabilities(): PromptCapabilities {
    return { image: true, embeddedContext: true };
  }

  /** The models, the primary agents (opencode's modes), the configured model and the slash commands, as the directory's config sees them. */
  async optionsFor(directory?: string): Promise<AgentOptions> {
    const live = await this.ensureLive();
    const query = directory ? { directory } : undefined;
    const [models, agents, config, commands] = await Promise.all([
      this.listModels(directory),
      live.client.app.agents(query).then((r) => r.data ?? [], () => []),
      live.client.config.get(query).then((r) => r.data, () => undefined),
      live.client.command.list(query).then((r) => r.data ?? [], () => []),
    ]);
    const modes = agents.filter((a) => a.mode !== 'subagent' && !a.hidden).map((a) => ({ id: a.name, name: a.name }));
    return {
      models,
      modes,
      currentModel: config?.model ?? null,
      currentMode: modes.some((m) => m.id === 'build') ? 'build' : (modes[0]?.id ?? null),
      commands: commands.map((c) => ({ name: c.name, description: c.description ?? '' })),
      promptCapabilities: this.promptCapabilities(),
      source: 'live',
    };
  }

  dispose(): Promise<void> {
    this.disposing ??= this.doDispose();
    return this.disposing;
  }

  private async doDispose(): Promise<void> {
    // A start in flight finishes first, then is stopped like any other.
    await this.starting?.catch(() => undefined);
    const sessions = [...this.sessions];
    this.sessions.clear();
    await Promise.allSettled(sessions.map((s) => s.dispose()));
    const live = this.live;
    if (live) {
      live.stopping = true;
      await live.server.child.stop();
      this.live = null;
    }
    if (this.ownCwd) await rm(this.ownCwd, { recursive: true, force: true }).catch(() => undefined);
  }
}
