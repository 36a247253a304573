import { pathToFileURL } from 'node:url';
import type { OpencodeClient } from '@opencode-ai/sdk/v2';
import type { AgentEvent, AgentOptions, ContextFill } from '../../../../src-preload/contract';
import { AppError } from '../../errors';
import type { AgentSessionHandle, ModelOption, PromptContent, PromptOptions, PromptResult } from '../agent-backend';
import {
  beginTurn,
  createMapperState,
  endTurn,
  mapWireEvent,
  shouldGiveUp,
  markCancelRequested,
  settleFromHistory,
  turnActive,
  type MapperState,
} from './opencode-event-mapper';
import { agentCommandIn } from '../agent-command';
import { ascendingId } from './opencode-ids';
import { parseWireEvent } from './opencode-wire';

/** How long a failed prompt request waits for news of the server's death before it is called a protocol error. */
const PROMPT_FAILURE_GRACE_MS = 1000;

/**
 * One opencode session on the shared server, reused turn after turn.
 *
 * It owns one event subscription for its directory (`event.subscribe({directory})`), not the
 * server-wide `global.event()` stream: the server then filters by directory for us, each
 * session's stream lives and dies with the session, and the global stream would also carry
 * every other directory's traffic plus `sync` duplicates that every session would have to
 * parse and drop. Events of other sessions in the same directory are dropped by the mapper's
 * sessionID guard.
 *
 * A turn is sent with `promptAsync` (the blocking `prompt` would hold an HTTP request open for
 * the whole turn, and fetch gives up on a response that takes more than 5 minutes) and ends at
 * `session.idle`, as the mapper decides.
 */

export interface OpencodeSessionInit {
  agentId: string;
  client: OpencodeClient;
  sessionId: string;
  cwd: string;
  origin: 'new' | 'resumed';
  pid: number | undefined;
  listModels: () => Promise<ModelOption[]>;
  /** Models, modes (opencode's primary agents) and the configured model, for this directory. */
  options: () => Promise<AgentOptions>;
  /** Called once when the session is disposed, so the backend forgets it. */
  onDispose: (session: OpencodeSession) => void;
  /** How long to wait for the event stream to connect. */
  connectTimeoutMs?: number;
  /** After a cancel, how long to wait for the server's idle before ending the turn anyway. */
  cancelGraceMs?: number;
}

interface RunningTurn {
  onEvent: (event: AgentEvent) => void;
  resolve: (result: PromptResult) => void;
  done: Promise<PromptResult>;
  /** The prompt request has been accepted by the server. */
  sent: boolean;
  detachSignal: () => void;
}

/** A pause that ends early when the signal fires. */
function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** An attachment as an opencode file part: an image inline as a data URL, a mentioned file by its path. */
const filePart = (a: PromptContent): { type: 'file'; mime: string; url: string; filename: string } =>
  a.type === 'image'
    ? { type: 'file', mime: a.mimeType, url: `data:${a.mimeType};base64,${a.data}`, filename: a.name ?? 'image' }
    : { type: 'file', mime: 'text/plain', url: pathToFileURL(a.path).href, filename: a.relativePath };

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Splits "providerID/modelID" (the model id may itself contain slashes). */
export function parseModel(model: string | undefined): { providerID: string; modelID: string } | undefined {
  if (!model) return undefined;
  const slash = model.indexOf('/');
  if (slash <= 0 || slash === model.length - 1) throw new AppError('InvalidInput', `model must be "provider/model", got "${model}"`);
  return { providerID: model.slice(0, slash), modelID: model.slice(slash + 1) };
}

export class OpencodeSession implements AgentSessionHandle {
  readonly agentId: string;
  readonly externalSessionId: string;
  readonly origin: 'new' | 'resumed';
  readonly cwd: string;
  readonly pid: number | undefined;

  private readonly client: OpencodeClient;
  private readonly state: MapperState;
  private readonly abort = new AbortController();
  private readonly init: OpencodeSessionInit;
  private turn: RunningTurn | null = null;
  private pump: Promise<void> = Promise.resolve();
  private disposed = false;
  private dead: AppError | null = null;
  private connects = 0;
  /** The abort request of a cancel, while in flight: a new prompt must not overtake it, or
   * the late abort would stop the new turn instead of the old one. */
  private aborting: Promise<unknown> | null = null;

  constructor(init: OpencodeSessionInit) {
    this.init = init;
    this.agentId = init.agentId;
    this.externalSessionId = init.sessionId;
    this.origin = init.origin;
    this.cwd = init.cwd;
    this.pid = init.pid;
    this.client = init.client;
    this.state = createMapperState(init.sessionId);
  }

  /** Subscribes to the directory's events; resolves once the stream is live, so no turn event is missed. */
  async connect(): Promise<void> {
    const timeoutMs = this.init.connectTimeoutMs ?? 15_000;
    let onConnected!: () => void;
    let onFailed!: (e: Error) => void;
    const connected = new Promise<void>((resolve, reject) => {
      onConnected = resolve;
      onFailed = reject;
    });
    const timer = setTimeout(() => onFailed(new AppError('AgentProtocolError', `opencode event stream did not connect within ${timeoutMs} ms`)), timeoutMs);
    this.pump = this.runPump(onConnected, onFailed);
    try {
      await connected;
    } finally {
      clearTimeout(timer);
    }
  }

  private async runPump(onConnected: () => void, onFailed: (e: Error) => void): Promise<void> {
    const signal = this.abort.signal;
    // The SDK's SSE client reconnects by itself after network errors; a stream that ends
    // normally (server restarted the connection) is subscribed again here.
    while (!signal.aborted) {
      try {
        const sub = await this.client.event.subscribe(
          { directory: this.cwd },
          { signal, sseDefaultRetryDelay: 250, sseMaxRetryDelay: 2000 },
        );
        for await (const raw of sub.stream) {
          if (signal.aborted) break;
          this.onRaw(raw, onConnected);
        }
      } catch (e) {
        if (signal.aborted) break;
        if (this.connects === 0) onFailed(new AppError('AgentProtocolError', `opencode event stream failed: ${messageOf(e)}`));
      }
      if (!signal.aborted) await abortableSleep(250, signal);
    }
  }

  private onRaw(raw: unknown, onConnected: () => void): void {
    const ev = parseWireEvent(raw);
    if (!ev) return;
    if (ev.type === 'server.connected') {
      this.connects++;
      if (this.connects === 1) onConnected();
      else void this.resync();
      return;
    }
    const events = mapWireEvent(this.state, ev);
    if (events.length > 0) this.deliver(events);
    // A provider that keeps failing: stop opencode's endless retries; the turn ends as an error.
    if (shouldGiveUp(this.state)) void this.cancel();
  }

  private deliver(events: AgentEvent[]): void {
    const turn = this.turn;
    if (!turn) return;
    for (const event of events) {
      if (event.type === 'model') this.lastModel = event.model;
      try {
        turn.onEvent(event);
      } catch {
        // A listener's bug must not stall the turn.
      }
      if (event.type === 'turn.end') {
        this.turn = null;
        turn.detachSignal();
        turn.resolve(event.error ? { stopReason: event.stopReason, error: event.error } : { stopReason: event.stopReason });
      }
    }
  }

  /**
   * After the stream reconnected, the events of the gap are lost (the idle among them, maybe):
   * when the server says the session is idle, the stored history tells whether this turn is over.
   */
  private async resync(): Promise<void> {
    const turn = this.turn;
    if (!turn?.sent) return;
    try {
      const res = await this.client.session.status({ directory: this.cwd });
      const status = res.data?.[this.externalSessionId];
      if (this.turn !== turn || (status && status.type !== 'idle')) return;
      const history = await this.client.session.messages({ sessionID: this.externalSessionId, directory: this.cwd });
      if (this.turn !== turn || !Array.isArray(history.data)) return;
      this.deliver(settleFromHistory(this.state, history.data.map((m) => m.info)));
    } catch {
      // The server is gone or busy; the crash handler or the next event settles the turn.
    }
  }

  async prompt(options: PromptOptions): Promise<PromptResult> {
    if (this.dead) throw this.dead;
    if (this.disposed) throw new AppError('TurnNotRunning', 'the session is disposed');
    const model = parseModel(options.model);
    if (this.turn) {
      // A cancelled turn whose idle has not come yet is over for us; anything else is a misuse.
      if (!this.state.turn?.cancelRequested) throw new AppError('Unsupported', 'a turn is already running in this session');
      this.deliver(endTurn(this.state, 'cancelled'));
    }
    if (this.aborting) {
      await this.aborting;
      if (this.turn) throw new AppError('Unsupported', 'a turn is already running in this session');
    }
    const messageID = ascendingId('msg');
    let resolve!: (r: PromptResult) => void;
    const done = new Promise<PromptResult>((r) => (resolve = r));
    const turn: RunningTurn = { onEvent: options.onEvent, resolve, done, sent: false, detachSignal: () => {} };
    this.turn = turn;
    beginTurn(this.state, messageID);
    if (options.signal) {
      const signal = options.signal;
      const onAbort = () => void this.cancel();
      if (signal.aborted) queueMicrotask(onAbort);
      else signal.addEventListener('abort', onAbort, { once: true });
      turn.detachSignal = () => signal.removeEventListener('abort', onAbort);
    }
    try {
      const command = await agentCommandIn(options.prompt, this.init);
      if (command) {
        this.sendCommand(turn, command, messageID, options);
        return await done;
      }
      const res = await this.client.session.promptAsync({
        sessionID: this.externalSessionId,
        directory: this.cwd,
        messageID,
        ...(model ? { model } : {}),
        ...(options.mode ? { agent: options.mode } : {}),
        parts: [{ type: 'text', text: options.prompt }, ...(options.attachments ?? []).map(filePart)],
      });
      if (res.error !== undefined || !res.response.ok) {
        const detail = res.error !== undefined ? JSON.stringify(res.error) : `HTTP ${res.response.status}`;
        // A server dying under the request answers oddly first; its exit is the real reason.
        await this.settleDeath(PROMPT_FAILURE_GRACE_MS);
        if (this.turn === turn) this.deliver(endTurn(this.state, 'error', { name: 'AgentProtocolError', message: `opencode refused the prompt: ${detail}` }));
      } else {
        turn.sent = true;
      }
    } catch (e) {
      await this.settleDeath(PROMPT_FAILURE_GRACE_MS);
      if (this.turn === turn) {
        const dead = this.deadError();
        const error = dead
          ? { name: dead.name, message: dead.message }
          : { name: 'AgentProtocolError', message: `could not send the prompt to opencode: ${messageOf(e)}` };
        this.deliver(endTurn(this.state, 'error', error));
      }
    }
    return done;
  }

  /**
   * Runs one of opencode's commands: the server expands its template into the prompt its model
   * gets. Its request answers only once the command has run, while the turn's events stream as
   * for any prompt, so the turn counts as sent at once and the answer only matters if it is a
   * refusal.
   */
  private sendCommand(turn: RunningTurn, command: { name: string; args: string }, messageID: string, options: PromptOptions): void {
    turn.sent = true;
    const endWith = (error: { name: string; message: string }) => {
      if (this.turn === turn && !this.state.turn?.cancelRequested) this.deliver(endTurn(this.state, 'error', error));
    };
    void this.client.session
      .command({
        sessionID: this.externalSessionId,
        directory: this.cwd,
        messageID,
        command: command.name,
        arguments: command.args,
        ...(options.model ? { model: options.model } : {}),
        ...(options.mode ? { agent: options.mode } : {}),
        ...(options.attachments?.length ? { parts: options.attachments.map(filePart) } : {}),
      })
      .then(
        async (res) => {
          if (res.error === undefined && res.response.ok) return;
          await this.settleDeath(PROMPT_FAILURE_GRACE_MS);
          const dead = this.deadError();
          const detail = res.error !== undefined ? JSON.stringify(res.error) : `HTTP ${res.response.status}`;
          endWith(dead ? { name: dead.name, message: dead.message } : { name: 'AgentProtocolError', message: `opencode refused the command /${command.name}: ${detail}` });
        },
        async () => {
          // No answer: the server died (its exit is the reason), or a long command outlived the
          // HTTP client's timeout while it still runs (its events and idle settle the turn).
          await this.settleDeath(PROMPT_FAILURE_GRACE_MS);
          const dead = this.deadError();
          if (dead) endWith({ name: dead.name, message: dead.message });
        },
      );
  }

  /**
   * A directory's first prompt on the server starts its file watcher and location services
   * (0.6–1 s here, before the model is even asked); a file search starts the same services and
   * nothing else: no model call, nothing in the session's history; listing its providers and
   * agents sets those up for the directory. What is left to the first
   * turn is opencode's snapshot repository for the directory, which only a prompt creates (a
   * user shell command in a scratch session was tried and made no difference).
   */
  async warm(): Promise<void> {
    if (this.disposed || this.dead) return;
    await Promise.all([
      this.client.find.files({ directory: this.cwd, query: '.', limit: 1 }, { signal: this.abort.signal }).catch(() => undefined),
      // The directory's providers and agents, set up on first use: reading a chat's session
      // options does it, an arena contestant's session never reads them (0.4–0.6 s of CPU).
      this.init.options().catch(() => undefined),
    ]);
  }

  async cancel(): Promise<void> {
    const turn = this.turn;
    if (!turn || !turnActive(this.state)) return;
    markCancelRequested(this.state);
    // The server may be gone; the grace timer below still ends the turn.
    const aborting = this.client.session.abort({ sessionID: this.externalSessionId, directory: this.cwd }).catch(() => undefined);
    this.aborting = aborting;
    await aborting;
    if (this.aborting === aborting) this.aborting = null;
    // The server confirms with error + idle within tens of ms; if that never comes, end it anyway.
    const grace = this.init.cancelGraceMs ?? 3000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([turn.done, new Promise<void>((r) => (timer = setTimeout(r, grace)))]);
    clearTimeout(timer);
    if (this.turn === turn) this.deliver(endTurn(this.state, 'cancelled'));
  }

  async replyPermission(requestId: string, optionId: string): Promise<void> {
    if (optionId !== 'once' && optionId !== 'always' && optionId !== 'reject') {
      throw new AppError('InvalidInput', `unknown permission option "${optionId}" (once, always, reject)`);
    }
    if (this.dead) throw this.dead;
    const res = await this.client.permission.reply({ requestID: requestId, reply: optionId, directory: this.cwd });
    if (res.error !== undefined || !res.response.ok) {
      throw new AppError('NotFound', `opencode did not accept the reply to permission ${requestId}: ${JSON.stringify(res.error ?? res.response.status)}`);
    }
  }

  /** opencode's usage comes as increments (step-finish), never as a cumulative cost or a context fill. */
  readonly reportedCost = null;
  readonly context: ContextFill | null = null;
  private lastModel: string | null = null;

  /** The model the last turn ran with, as its assistant messages said. */
  get model(): string | null {
    return this.lastModel;
  }

  options(): Promise<AgentOptions> {
    return this.init.options();
  }

  /** opencode announces no option changes on its event stream; options are read when asked. */
  onOptionsChange(): () => void {
    return () => {};
  }

  listModels(): Promise<ModelOption[]> {
    return this.init.listModels();
  }

  /** The server died: the running turn ends with an error and the session is unusable. */
  markCrashed(message: string): void {
    if (this.dead) return;
    this.dead = new AppError('AgentCrashed', message);
    if (this.turn) this.deliver(endTurn(this.state, 'error', { name: 'AgentCrashed', message }));
    this.abort.abort();
  }

  /** Waits up to `ms` for the server's exit to be reported (markCrashed), so a failure is named by its cause. */
  private settleDeath(ms: number): Promise<void> {
    return abortableSleep(ms, this.abort.signal);
  }

  private deadError(): AppError | null {
    return this.dead;
  }

  get isAlive(): boolean {
    return !this.dead && !this.disposed;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.turn) {
      // Stop the work on the server too, so a forgotten turn does not keep writing files.
      markCancelRequested(this.state);
      if (!this.dead) await this.client.session.abort({ sessionID: this.externalSessionId, directory: this.cwd }).catch(() => undefined);
      this.deliver(endTurn(this.state, 'cancelled'));
    }
    this.abort.abort();
    // The stream ends at once on abort, unless the SDK is in a retry pause (at most 2 s): do
    // not make dispose wait for that.
    await Promise.race([this.pump.catch(() => undefined), abortableSleep(500, new AbortController().signal)]);
    this.init.onDispose(this);
  }
}
