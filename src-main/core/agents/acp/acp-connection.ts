import { Readable, Writable } from 'node:stream';
import * as acp from '@agentclientprotocol/sdk/unstable';
import { AppError } from '../../errors';
import { spawnManaged, type ChildExit, type ManagedChild } from '../../util/managed-child';
import { PermissionRequestParams, type PermissionOutcome } from './acp-permission';
import { InitializeResult, SessionNotification } from './acp-wire';
import { z } from 'zod';
import type { PromptCapabilities } from '../../../../src-preload/contract';
import type { AgentIdentity } from '../profiles/agent-profile';

/**
 * One ACP agent process and the JSON-RPC connection over its stdio: spawned in its own process
 * group, `initialize`d once, racing the handshake against the process dying and a timeout.
 * Requests the agent sends to the client are handed to `AcpClientHandlers`; anything else it
 * asks for is answered "method not found" by the SDK, unknown notifications are ignored, and a
 * line that is not JSON is answered with a parse error without closing the connection.
 */

export const ACP_PROTOCOL_VERSION = 1;

/**
 * Waits until messages already received have been dispatched. The SDK resolves a response as
 * soon as it is read but hands notifications to their handler a few microtasks later, so the
 * last updates of a turn (or of a load replay) can still be in flight when the result is in.
 */
export const drainIncoming = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export const ReadTextFileParams = z.looseObject({
  sessionId: z.string(),
  path: z.string(),
  line: z.number().int().nullish(),
  limit: z.number().int().nullish(),
});
export type ReadTextFileParams = z.infer<typeof ReadTextFileParams>;

export const WriteTextFileParams = z.looseObject({ sessionId: z.string(), path: z.string(), content: z.string() });
export type WriteTextFileParams = z.infer<typeof WriteTextFileParams>;

export interface AcpClientHandlers {
  onSessionUpdate(notification: SessionNotification): void;
  onRequestPermission(params: PermissionRequestParams, signal: AbortSignal): Promise<PermissionOutcome>;
  onReadTextFile(params: ReadTextFileParams): Promise<{ content: string }>;
  onWriteTextFile(params: WriteTextFileParams): Promise<Record<string, never>>;
}

export interface AgentCapabilitiesSeen {
  loadSession: boolean;
  resume: boolean;
  list: boolean;
  close: boolean;
  /** What a prompt may carry besides text (ACP: text and resource links always). */
  promptCapabilities: PromptCapabilities;
  identity: AgentIdentity;
  authMethods: Array<{ id: string; name: string; description: string | null; type: string | null; args: string[]; vars: string[] }>;
}

export type WireDirection = 'in' | 'out';

export interface AcpConnectionOptions {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  initializeTimeoutMs: number;
  handlers: AcpClientHandlers;
  clientName?: string;
  /** Sees every JSON-RPC message in both directions (fixture recording, debugging). */
  onWireMessage?: (direction: WireDirection, message: unknown) => void;
}

export interface RequestOptions {
  timeoutMs?: number;
}

/** The capabilities we read from an `initialize` result. */
export function capabilitiesOf(result: InitializeResult): AgentCapabilitiesSeen {
  const caps = result.agentCapabilities;
  const sessionCaps = caps?.sessionCapabilities;
  // A session capability is advertised by a present, non-null object (e.g. `resume: {}`).
  const advertised = (v: unknown) => v !== undefined && v !== null && v !== false;
  return {
    loadSession: caps?.loadSession === true,
    resume: advertised(sessionCaps?.resume),
    list: advertised(sessionCaps?.list),
    close: advertised(sessionCaps?.close),
    promptCapabilities: {
      image: caps?.promptCapabilities?.image === true,
      embeddedContext: caps?.promptCapabilities?.embeddedContext === true,
    },
    identity: {
      name: result.agentInfo?.name ?? null,
      title: result.agentInfo?.title ?? null,
      version: result.agentInfo?.version ?? null,
    },
    authMethods: (result.authMethods ?? []).map((m) => ({ id: m.id, name: m.name ?? m.id, description: m.description ?? null, type: m.type ?? null, args: m.args ?? [], vars: (m.vars ?? []).map((v) => v.name) })),
  };
}

export function describeExit(exit: ChildExit): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  if (exit.code !== null) return `exited with code ${exit.code}`;
  return 'could not be started';
}

/**
 * A readable message for an error, with a JSON-RPC error's `data` appended: agents often answer
 * a bare "Internal error" and put the reason there.
 */
export function rpcErrorMessage(e: unknown): string {
  const base = e instanceof Error ? e.message : String(e);
  if (typeof e !== 'object' || e === null || !('data' in e)) return base;
  const data = (e as { data: unknown }).data;
  if (data === undefined || data === null) return base;
  const detail =
    typeof data === 'string'
      ? data
      : typeof data === 'object' && 'details' in data && typeof data.details === 'string'
        ? data.details
        : typeof data === 'object' && 'message' in data && typeof data.message === 'string'
          ? data.message
          : JSON.stringify(data);
  if (!detail || detail === '{}' || base.includes(detail)) return base;
  return `${base}: ${detail.length > 500 ? `${detail.slice(0, 500)}…` : detail}`;
}

const withTail = (message: string, tail: string) => (tail ? `${message}\n--- stderr (tail) ---\n${tail}` : message);

/** Taps a web stream pair so every message passing through is also shown to `tap`. */
function tapStream(stream: acp.Stream, tap: (direction: WireDirection, message: unknown) => void): acp.Stream {
  const readable = stream.readable.pipeThrough(
    new TransformStream<acp.AnyMessage, acp.AnyMessage>({
      transform(message, controller) {
        tap('in', message);
        controller.enqueue(message);
      },
    }),
  );
  const writer = stream.writable.getWriter();
  const writable = new WritableStream<acp.AnyMessage>({
    async write(message) {
      tap('out', message);
      await writer.write(message);
    },
    async close() {
      await writer.close();
    },
    async abort(reason) {
      await writer.abort(reason);
    },
  });
  return { readable, writable };
}

export class AcpConnection {
  private closedByUs = false;

  private constructor(
    readonly child: ManagedChild,
    private readonly connection: acp.ClientConnection,
    readonly capabilities: AgentCapabilitiesSeen,
  ) {}

  get pid(): number {
    return this.child.pid;
  }

  get exited(): Promise<ChildExit> {
    return this.child.exited;
  }

  /** Whether the process is running and the connection open. */
  isAlive(): boolean {
    return this.child.isAlive() && !this.connection.signal.aborted;
  }

  /** Whether the process is being stopped on purpose (its exit is not a crash). */
  get stopping(): boolean {
    return this.closedByUs;
  }

  stderrTail(): string {
    return this.child.stderrTail();
  }

  /** A mark in the agent's stderr, to read what it wrote from there on (see stderrSince). */
  stderrMark(): number {
    return this.child.stderrWritten();
  }

  stderrSince(mark: number): string {
    return this.child.stderrSince(mark);
  }

  /**
   * Spawns the agent and completes `initialize`. Throws AppError('AgentStartFailed') carrying
   * the stderr tail when the process cannot start, dies, answers badly or does not answer in time;
   * the process is stopped before the error is thrown.
   */
  static async start(options: AcpConnectionOptions): Promise<AcpConnection> {
    const child = spawnManaged({ command: options.command, args: options.args, env: options.env, cwd: options.cwd });
    const label = [options.command, ...options.args].join(' ');
    const fail = async (reason: string): Promise<never> => {
      await child.stop(1000);
      throw new AppError('AgentStartFailed', withTail(`Agent "${label}" failed to start: ${reason}`, child.stderrTail()));
    };

    let stream = acp.ndJsonStream(
      Writable.toWeb(child.child.stdin) as WritableStream<Uint8Array>,
      Readable.toWeb(child.child.stdout) as ReadableStream<Uint8Array>,
    );
    if (options.onWireMessage) stream = tapStream(stream, options.onWireMessage);
    const connection = AcpConnection.clientApp(options).connect(stream);

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), options.initializeTimeoutMs);
    });
    const initialize = connection.agent
      .request(acp.methods.agent.initialize, {
        protocolVersion: ACP_PROTOCOL_VERSION,
        // auth.terminal: BooCoder can run an agent's terminal login (its "Sign in" action), so agents offer it.
        clientCapabilities: { fs: { readTextFile: true, writeTextFile: true }, terminal: false, auth: { terminal: true } },
        clientInfo: { name: options.clientName ?? 'boocoder', version: '0.1.0' },
      })
      .then(
        (result): { ok: true; result: unknown } => ({ ok: true, result }),
        (error: unknown): { ok: false; error: unknown } => ({ ok: false, error }),
      );
    const outcome = await Promise.race([initialize, child.exited.then((exit) => ({ exit })), timeout]);
    clearTimeout(timer);

    if (outcome === 'timeout') {
      connection.close();
      return fail(`no answer to initialize within ${options.initializeTimeoutMs} ms`);
    }
    if ('exit' in outcome) {
      connection.close();
      return fail(`the process ${describeExit(outcome.exit)} during the handshake`);
    }
    if (!outcome.ok) {
      connection.close();
      // The pipe usually closes a moment before the exit is reported: prefer the exit status.
      const exit = await Promise.race([child.exited, new Promise<null>((r) => setTimeout(() => r(null), 1000))]);
      if (exit) return fail(`the process ${describeExit(exit)} during the handshake`);
      const message = rpcErrorMessage(outcome.error);
      return fail(`initialize failed: ${message}`);
    }
    const parsed = InitializeResult.safeParse(outcome.result);
    if (!parsed.success) {
      connection.close();
      return fail(`unexpected initialize result: ${parsed.error.message}`);
    }
    if (parsed.data.protocolVersion !== ACP_PROTOCOL_VERSION) {
      connection.close();
      return fail(`it speaks ACP protocol version ${parsed.data.protocolVersion}, this app speaks ${ACP_PROTOCOL_VERSION}`);
    }
    const self = new AcpConnection(child, connection, capabilitiesOf(parsed.data));
    // The connection dies with the process; closing it rejects requests still waiting.
    void child.exited.then((exit) => connection.close(new Error(`agent process ${describeExit(exit)}`)));
    // And the process goes with the connection: an agent whose stdout closed or broke the
    // framing cannot be talked to any more, and must not linger beside its replacement.
    connection.signal.addEventListener('abort', () => {
      if (!self.closedByUs && child.isAlive()) void child.stop();
    });
    return self;
  }

  private static clientApp(options: AcpConnectionOptions): acp.ClientApp {
    const h = options.handlers;
    return acp
      .client({ name: options.clientName ?? 'boocoder' })
      .onNotification(acp.methods.client.session.update, SessionNotification, ({ params }) => {
        h.onSessionUpdate(params);
      })
      .onRequest(acp.methods.client.session.requestPermission, PermissionRequestParams, ({ params, signal }) =>
        h.onRequestPermission(params, signal),
      )
      .onRequest(acp.methods.client.fs.readTextFile, ReadTextFileParams, ({ params }) => h.onReadTextFile(params))
      .onRequest(acp.methods.client.fs.writeTextFile, WriteTextFileParams, ({ params }) => h.onWriteTextFile(params));
  }

  /** Sends a request; the raw result is returned for the caller to parse. */
  async request(method: string, params: unknown, options: RequestOptions = {}): Promise<unknown> {
    if (options.timeoutMs === undefined) return this.connection.agent.request<unknown>(method, params);
    return this.connection.agent.request<unknown>(method, params, {
      cancellationSignal: AbortSignal.timeout(options.timeoutMs),
      stopWaitingOnCancel: true,
    });
  }

  async notify(method: string, params: unknown): Promise<void> {
    await this.connection.agent.notify(method, params);
  }

  /** Stops the process group; resolves once it is gone. */
  async close(): Promise<ChildExit> {
    this.closedByUs = true;
    this.connection.close();
    return this.child.stop();
  }
}
