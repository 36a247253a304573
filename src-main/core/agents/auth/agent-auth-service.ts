import os from 'node:os';
import type { AgentAuth } from '../../../../src-preload/contract';
import { AppError } from '../../errors';
import { AcpConnection, rpcErrorMessage } from '../acp/acp-connection';
import type { AgentCatalog, ResolvedAgent } from '../catalog/agent-catalog';
import { findExecutable } from '../catalog/find-executable';
import { opencodeProviders } from '../profiles/opencode-auth';
import { profileById } from '../profiles/profiles';
import { authMethodViews, displayCommand, type AdvertisedAuthMethod } from './auth-methods';

/** Opens a terminal running a command line (the desktop shell); absent in the headless host, where the command is shown instead. */
export interface TerminalOpener {
  available(): boolean;
  open(commandLine: string, env: NodeJS.ProcessEnv): Promise<boolean>;
}

export interface AgentAuthServiceOptions {
  catalog: AgentCatalog;
  /** The environment agents start with. */
  baseEnv: NodeJS.ProcessEnv;
  /** Where a probed agent starts (BooCoder's agent-cwd). */
  cwd: string;
  /** The methods a running agent advertised, when it is running (no probe needed then). */
  runningMethods(agent: string): AdvertisedAuthMethod[] | null;
  terminal?: TerminalOpener;
  platform?: NodeJS.Platform;
  probeTimeoutMs?: number;
}

const refuse = () => Promise.reject(new Error('BooCoder is only asking for sign-in methods'));

/**
 * Sign-in for agents: what each one needs, by name (its ACP authMethods plus what its profile
 * knows), whether it has credentials, and its interactive login, run in a terminal where the
 * desktop can open one and shown as a command otherwise. API keys go into the agent's stored
 * environment and never come back out.
 */
/** How long the user gets to finish an agent's own sign-in (a browser login). */
const AUTHENTICATE_TIMEOUT_MS = 5 * 60_000;

export class AgentAuthService {
  /** Agents started for sign-in, stopped when done or at shutdown. */
  private readonly connections = new Set<AcpConnection>();

  constructor(private readonly options: AgentAuthServiceOptions) {}

  /**
   * One of the agent's own sign-in methods (ACP `authenticate`): the agent signs the user in
   * itself, typically in a browser on this machine, and answers when done.
   */
  async authenticate(id: string, methodId: string): Promise<void> {
    const agent = this.options.catalog.get(id);
    if (agent.spec.kind !== 'acp' || !agent.executable) throw new AppError('AgentUnavailable', `${agent.spec.name} cannot sign in from here${agent.executable ? '' : ': it is not installed'}.`);
    const connection = await this.start(agent, this.env(agent));
    try {
      if (!connection.capabilities.authMethods.some((m) => m.id === methodId && m.type !== 'terminal' && m.type !== 'env_var')) {
        throw new AppError('InvalidInput', `${agent.spec.name} has no sign-in method "${methodId}" it runs itself.`, { fields: ['methodId'] });
      }
      await connection.request('authenticate', { methodId }, { timeoutMs: AUTHENTICATE_TIMEOUT_MS });
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('AuthFailed', `${agent.spec.name} could not sign you in: ${rpcErrorMessage(e)}`);
    } finally {
      await this.stop(connection);
    }
  }

  /** Stops every agent started for sign-in (quit). */
  async dispose(): Promise<void> {
    await Promise.all([...this.connections].map((c) => this.stop(c)));
  }

  private async start(agent: ResolvedAgent, env: NodeJS.ProcessEnv): Promise<AcpConnection> {
    const connection = await AcpConnection.start({
      command: agent.spec.command,
      args: agent.spec.args,
      env,
      cwd: this.options.cwd,
      initializeTimeoutMs: this.options.probeTimeoutMs ?? 30_000,
      handlers: { onSessionUpdate: () => undefined, onRequestPermission: refuse, onReadTextFile: refuse, onWriteTextFile: refuse },
    });
    this.connections.add(connection);
    return connection;
  }

  private async stop(connection: AcpConnection): Promise<void> {
    this.connections.delete(connection);
    await connection.close();
  }

  private env(agent: ResolvedAgent): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...this.options.baseEnv, ...agent.spec.env };
    for (const name of profileById(agent.spec.id)?.dropEnv ?? []) delete env[name];
    return env;
  }

  async details(id: string): Promise<AgentAuth> {
    const agent = this.options.catalog.get(id);
    const profile = agent.builtIn ? profileById(id) : undefined;
    const env = this.env(agent);
    let advertised: AdvertisedAuthMethod[] = [];
    let probeError: string | null = null;
    if (agent.spec.kind === 'acp' && agent.executable) {
      try {
        advertised = this.options.runningMethods(id) ?? (await this.probe(agent, env));
      } catch (e) {
        probeError = e instanceof Error ? e.message : String(e);
      }
    }
    const home = env.HOME ?? os.homedir();
    const providers = profile?.id === 'opencode' || profile?.id === 'opencode-acp' ? opencodeProviders(env, home) : null;
    return {
      agent: id,
      summary: agent.auth,
      methods: authMethodViews(advertised, profile?.signIn, env, providers === null),
      signIn: this.signInPlan(agent, advertised, env),
      providers,
      probeError,
    };
  }

  /** Opens the login in a terminal where possible; the command is returned either way. */
  async signIn(id: string): Promise<{ opened: boolean; display: string }> {
    const agent = this.options.catalog.get(id);
    const { signIn: plan } = await this.details(id);
    if (!plan) throw new AppError('Unsupported', `${agent.spec.name} has no sign-in BooCoder knows of. Give it an API key in its environment.`);
    if (!plan.canOpenTerminal || !this.options.terminal) return { opened: false, display: plan.display };
    return { opened: await this.options.terminal.open(plan.display, this.env(agent)), display: plan.display };
  }

  private signInPlan(agent: ResolvedAgent, advertised: AdvertisedAuthMethod[], env: NodeJS.ProcessEnv): AgentAuth['signIn'] {
    const login = agent.builtIn ? profileById(agent.spec.id)?.signIn?.login : undefined;
    const terminalMethod = advertised.find((m) => m.type === 'terminal');
    const canOpen = this.options.terminal?.available() ?? false;
    if (login) {
      if (login.program === 'self') {
        if (!agent.executable) return { display: displayCommand(agent.spec.command, login.args), canOpenTerminal: false, note: 'Install the agent first.' };
        return { display: displayCommand(agent.executable, login.args), canOpenTerminal: canOpen, note: login.then ?? null };
      }
      const program = findExecutable(login.program, { extraDirs: [], pathEnv: env.PATH, platform: this.options.platform });
      if (!program) return { display: displayCommand(login.program, login.args), canOpenTerminal: false, note: login.missing ?? `${login.program} was not found on PATH.` };
      return { display: displayCommand(program, login.args), canOpenTerminal: canOpen, note: login.then ?? null };
    }
    // An agent BooCoder has no profile for may still offer an ACP terminal login: its own program with these arguments.
    if (terminalMethod && agent.executable) return { display: displayCommand(agent.executable, [...agent.spec.args, ...terminalMethod.args]), canOpenTerminal: canOpen, note: terminalMethod.description };
    return null;
  }

  /** Starts the agent just for `initialize` and stops it again: the only way to learn its sign-in methods before a session. */
  private async probe(agent: ResolvedAgent, env: NodeJS.ProcessEnv): Promise<AdvertisedAuthMethod[]> {
    const connection = await this.start(agent, env);
    try {
      return connection.capabilities.authMethods;
    } finally {
      await this.stop(connection);
    }
  }
}
