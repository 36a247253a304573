import type { AgentProfile } from '../profiles/agent-profile';
import { askingModeToSet } from '../profiles/asking-mode';
import type { AgentEvent, AgentOptions, ContextFill, Usage } from '../../../../src-preload/contract';
import { addUsage } from '../../../../src-preload/contract';
import { AppError, isAppError } from '../../errors';
import type { AgentSessionHandle, ModelOption, PromptOptions, PromptResult } from '../agent-backend';
import { classifyAgentError, readableAgentMessage } from '../agent-errors';
import type { AgentBehaviours } from '../profiles/agent-profile';
import { drainIncoming, rpcErrorMessage, type AcpConnection, type ReadTextFileParams, type WriteTextFileParams } from './acp-connection';
import {
  initialMapperState,
  mapSessionUpdate,
  mapStopReason,
  nextTurnState,
  usageFromPromptResult,
  type MapperState,
} from './acp-event-mapper';
import {
  cancelledOutcome,
  mapPermissionRequest,
  selectedOutcome,
  type PermissionOutcome,
  type PermissionRequestParams,
} from './acp-permission';
import {
  applySessionOptionsUpdate,
  initialSessionOptions,
  modelConfigOption,
  modelsOf,
  modesOf,
  toAgentOptions,
  type SessionOptionsState,
} from './acp-session-options';
import { PromptResult as PromptResultWire, type SessionSetupResult } from './acp-wire';
import { readConfinedTextFile, writeConfinedTextFile } from './fs-confinement';
import { promptBlocks } from './prompt-blocks';

/**
 * One ACP session on a shared agent process. It runs one turn at a time: `prompt` sends
 * `session/prompt` and turns the `session/update` notifications routed to it into AgentEvents
 * until the prompt's result, which becomes the turn's single `turn.end`. Events are emitted only
 * while a turn runs, so a load replay (sent before the load result) and stray updates between
 * turns never reach a turn's listener.
 *
 * The `turn.start` and `handoff` events belong to whoever dispatches turns (it knows the
 * hand-off); a prompt emits from the agent's first output to `turn.end`.
 */

export interface CrashInfo {
  message: string;
}

interface PendingPermission {
  resolve: (outcome: PermissionOutcome) => void;
}

interface Turn {
  onEvent: (event: AgentEvent) => void;
  ended: boolean;
  /** Set by cancel(): a turn cancelled before its prompt went out never sends it. */
  cancelRequested: boolean;
  permissions: Map<string, PendingPermission>;
  /** Whether the agent produced any output (text, reasoning, a tool call) in this turn. */
  outputSeen: boolean;
  /** Where the agent's stderr stood when the turn began: a crash reports what it wrote since. */
  stderrMark: number;
  /** A `usage_update` (context fill, cumulative cost) arrived in this turn. */
  usageUpdateSeen: boolean;
  /** Woken by the turn's `usage_update`, when the prompt result came first. */
  onUsageUpdate: (() => void) | null;
  end: (result: PromptResult) => void;
}

export interface AcpSessionInit {
  agentId: string;
  connection: AcpConnection;
  sessionId: string;
  cwd: string;
  origin: 'new' | 'resumed' | 'loaded';
  setup: SessionSetupResult;
  agentName: string;
  behaviours: AgentBehaviours;
  /** The environment the agent runs in (where its own logs are, for usage read outside ACP). */
  env: NodeJS.ProcessEnv;
  /** The agent's cumulative cost for this session as last recorded (resumed sessions). */
  reportedCost: number | null;
  /** Called once when the session is disposed, so the backend stops routing to it. */
  onDispose: (session: AcpSession) => void;
  /** Boots the agent's services for a directory without a prompt, where its profile knows how. */
  warmDirectory?: ((cwd: string, signal: AbortSignal) => Promise<void>) | undefined;
}

/** A warm-up that takes longer than this is left to the first turn. */
const WARM_TIMEOUT_MS = 30_000;

export class AcpSession implements AgentSessionHandle {
  readonly agentId: string;
  readonly externalSessionId: string;
  readonly origin: 'new' | 'resumed' | 'loaded';
  readonly cwd: string;
  private readonly connection: AcpConnection;
  private readonly init: AcpSessionInit;
  private readonly onDisposeCallback: (session: AcpSession) => void;
  private optionsState: SessionOptionsState;
  private readonly optionsListeners = new Set<(options: AgentOptions) => void>();
  private lastContext: ContextFill | null = null;
  private mapperState: MapperState;
  /** The last turn was cancelled or failed: with an agent that then answers one prompt late, the next one is checked. */
  private outOfStepRisk = false;
  /** The agent has sent `usage_update` in this session: each turn's own is waited for. */
  private sendsUsageUpdates = false;
  private turn: Turn | null = null;
  private crash: CrashInfo | null = null;
  private disposed = false;
  private permissionSeq = 0;

  constructor(init: AcpSessionInit) {
    this.agentId = init.agentId;
    this.externalSessionId = init.sessionId;
    this.origin = init.origin;
    this.cwd = init.cwd;
    this.connection = init.connection;
    this.init = init;
    this.onDisposeCallback = init.onDispose;
    this.optionsState = initialSessionOptions(init.setup);
    this.mapperState = initialMapperState(init.reportedCost);
  }

  get pid(): number | undefined {
    return this.connection.pid;
  }

  /** What session/new (or load/resume) said about models, modes and config options. */
  get setupResult(): SessionSetupResult {
    return this.optionsState.setup;
  }

  get reportedCost(): number | null {
    return this.mapperState.lastCost;
  }

  get context(): ContextFill | null {
    return this.lastContext;
  }

  async options(): Promise<AgentOptions> {
    return toAgentOptions(this.optionsState, this.connection.capabilities.promptCapabilities);
  }

  onOptionsChange(listener: (options: AgentOptions) => void): () => void {
    this.optionsListeners.add(listener);
    return () => this.optionsListeners.delete(listener);
  }

  private setOptions(next: SessionOptionsState): void {
    this.optionsState = next;
    const options = toAgentOptions(next, this.connection.capabilities.promptCapabilities);
    for (const listener of this.optionsListeners) {
      try {
        listener(options);
      } catch {
        // One listener's failure must not keep the others from hearing.
      }
    }
  }

  get isCrashed(): boolean {
    return this.crash !== null;
  }

  get model(): string | null {
    return this.optionsState.currentModel;
  }

  get mode(): string | null {
    return this.optionsState.currentMode;
  }

  async listModels(): Promise<ModelOption[]> {
    return modelsOf(this.optionsState);
  }

  async listModes(): Promise<ModelOption[]> {
    return modesOf(this.optionsState);
  }

  async prompt(options: PromptOptions): Promise<PromptResult> {
    if (this.disposed) throw new AppError('AgentUnavailable', 'This agent session was closed');
    if (this.turn) throw new AppError('InvalidInput', 'A turn is already running in this session');

    let resolveDone!: (result: PromptResult) => void;
    const done = new Promise<PromptResult>((resolve) => (resolveDone = resolve));
    const turn: Turn = {
      onEvent: options.onEvent,
      ended: false,
      cancelRequested: false,
      permissions: new Map(),
      outputSeen: false,
      stderrMark: this.connection.stderrMark(),
      usageUpdateSeen: false,
      onUsageUpdate: null,
      end: (result) => {
        if (turn.ended) return;
        turn.ended = true;
        this.withdrawPermissions(turn);
        this.safeEmit(turn, {
          type: 'turn.end',
          stopReason: result.stopReason,
          ...(result.error ? { error: result.error } : {}),
        });
        if (this.turn === turn) this.turn = null;
        this.mapperState = nextTurnState(this.mapperState);
        this.outOfStepRisk = result.stopReason === 'cancelled' || result.stopReason === 'error';
        resolveDone(result);
      },
    };
    this.turn = turn;

    if (this.crash) {
      turn.end({ stopReason: 'error', error: { name: 'AgentCrashed', message: this.crash.message } });
      return done;
    }

    const onAbort = () => void this.cancel();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (options.signal?.aborted) {
        turn.end({ stopReason: 'cancelled' });
        return await done;
      }
      await this.applyModeAndModel(options.mode, options.model);
      if (turn.cancelRequested) {
        turn.end({ stopReason: 'cancelled' });
        return await done;
      }
      if (this.model) this.safeEmit(turn, { type: 'model', model: this.model });
      const prompt = promptBlocks(options.prompt, options.attachments ?? [], this.connection.capabilities.promptCapabilities, this.init.agentName);
      const usageOutsideAcp = await this.init.behaviours.turnUsage?.begin({ sessionId: this.externalSessionId, env: this.init.env }).catch(() => undefined);
      const raw = await this.connection.request('session/prompt', { sessionId: this.externalSessionId, prompt });
      await drainIncoming();
      const parsed = PromptResultWire.safeParse(raw);
      if (!parsed.success) {
        turn.end({
          stopReason: 'error',
          error: { name: 'AgentProtocolError', message: `Unexpected session/prompt result: ${parsed.error.message}` },
        });
      } else {
        const stopReason = mapStopReason(parsed.data.stopReason);
        if (this.answeredOutOfStep(turn, stopReason)) {
          turn.end({
            stopReason: 'error',
            error: { name: 'AgentOutOfStep', message: `${this.init.agentName} answered a prompt late after the last cancel or error.` },
            sessionLost: true,
          });
          this.closeOnAgent();
          return await done;
        }
        await this.trailingUsageUpdate(turn);
        const usage = await this.turnUsage(parsed.data, usageOutsideAcp);
        if (usage && !turn.ended) this.safeEmit(turn, { type: 'usage', usage });
        turn.end({ stopReason });
      }
    } catch (e) {
      if (!this.connection.isAlive() || this.crashInfo()) {
        // The process died under the turn; the backend's crash handling ends it with the exit
        // details. Wait for that (bounded) rather than racing it with a vaguer message.
        await Promise.race([this.connection.exited, new Promise((r) => setTimeout(r, 2000))]);
        turn.end({
          stopReason: 'error',
          error: { name: 'AgentCrashed', message: this.crashMessage(turn) ?? `The agent process stopped: ${rpcErrorMessage(e)}` },
        });
      } else {
        const message = rpcErrorMessage(e);
        // Our own refusals keep their names; what the agent answered is named by what it says.
        const name = isAppError(e) ? e.name : classifyAgentError(message);
        turn.end({ stopReason: 'error', error: { name, message: isAppError(e) ? message : readableAgentMessage(message) } });
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    return done;
  }

  /** Puts a new session in the agent's asking mode when it started in one that writes without asking. */
  async startAsking(askingModes: AgentProfile['askingModes']): Promise<void> {
    const mode = askingModeToSet(askingModes, this.mode, modesOf(this.optionsState).map((m) => m.id));
    if (mode) await this.applyModeAndModel(mode, undefined);
  }

  private async applyModeAndModel(mode: string | undefined, model: string | undefined): Promise<void> {
    const state = this.optionsState;
    if (mode && mode !== state.currentMode) {
      await this.connection.request('session/set_mode', { sessionId: this.externalSessionId, modeId: mode });
      this.setOptions({ ...this.optionsState, currentMode: mode });
    }
    if (model && model !== state.currentModel) {
      const option = modelConfigOption(state.setup);
      if (option) {
        // The standard way: models offered as a session config option.
        await this.connection.request('session/set_config_option', {
          sessionId: this.externalSessionId,
          configId: option.id,
          value: model,
        });
      } else if (state.setup.models) {
        // The older, unstable `session/set_model` (models listed in the session/new result).
        await this.connection.request('session/set_model', { sessionId: this.externalSessionId, modelId: model });
      } else {
        throw new AppError('Unsupported', `Agent ${this.agentId} does not offer a choice of model`);
      }
      this.setOptions({ ...this.optionsState, currentModel: model });
    }
  }

  /**
   * claude-agent-acp's known bug: after a cancel or an error, the next prompt returns `end_turn`
   * at once with nothing said, and its real reply streams during the prompt after it.
   */
  private answeredOutOfStep(turn: Turn, stopReason: string): boolean {
    return this.init.behaviours.answersLateAfterCancelOrError && this.outOfStepRisk && stopReason === 'end_turn' && !turn.outputSeen;
  }

  /** Tells the agent to let go of a session we stop using (where it can), so its late output goes nowhere. */
  private closeOnAgent(): void {
    this.disposed = true;
    this.onDisposeCallback(this);
    if (this.connection.capabilities.close && this.connection.isAlive()) {
      void this.connection.request('session/close', { sessionId: this.externalSessionId }, { timeoutMs: 5000 }).catch(() => {});
    }
  }

  /**
   * opencode (and at times others) sends a turn's `usage_update` just after its prompt result:
   * the cost and context fill belong to this turn, so an agent that sends them (or whose profile
   * says it reports a cost) gets a moment to deliver them before the turn ends.
   */
  private async trailingUsageUpdate(turn: Turn, graceMs = 250): Promise<void> {
    if (turn.usageUpdateSeen || !(this.sendsUsageUpdates || this.init.behaviours.reportsCost)) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, graceMs);
      function done() {
        clearTimeout(timer);
        turn.onUsageUpdate = null;
        resolve();
      }
      turn.onUsageUpdate = done;
    });
    await drainIncoming();
  }

  /** The turn's usage from the prompt result (the agent's own place for it first) and from outside ACP. */
  private async turnUsage(result: PromptResultWire, outsideAcp: { end(): Promise<Usage | null> } | undefined): Promise<Usage | null> {
    const own = this.init.behaviours.promptResultUsage?.(result) ?? null;
    const standard = own ? null : usageFromPromptResult(result.usage, this.mapperState);
    const fromResult = own ?? (standard?.type === 'usage' ? standard.usage : null);
    const outside = outsideAcp ? await outsideAcp.end().catch(() => null) : null;
    if (fromResult && outside) return addUsage(fromResult, outside);
    return fromResult ?? outside;
  }

  /** For a pre-warm: what the agent would boot on this directory's first prompt, booted now (a no-op where its profile knows no way). */
  async warm(): Promise<void> {
    await this.init.warmDirectory?.(this.cwd, AbortSignal.timeout(WARM_TIMEOUT_MS));
  }

  async cancel(): Promise<void> {
    const turn = this.turn;
    if (!turn || turn.ended) return;
    turn.cancelRequested = true;
    // ACP: on cancel the client answers every pending permission request "cancelled".
    this.withdrawPermissions(turn);
    if (!this.connection.isAlive()) return;
    try {
      await this.connection.notify('session/cancel', { sessionId: this.externalSessionId });
    } catch {
      // The connection closed under us: the crash handling ends the turn.
    }
  }

  async replyPermission(requestId: string, optionId: string): Promise<void> {
    const turn = this.turn;
    const pending = turn?.permissions.get(requestId);
    if (!turn || !pending) throw new AppError('NotFound', `No pending permission request ${requestId}`);
    turn.permissions.delete(requestId);
    pending.resolve(selectedOutcome(optionId));
    this.safeEmit(turn, { type: 'permission.resolved', requestId, optionId });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    const turn = this.turn;
    if (turn && !turn.ended) {
      await this.cancel();
      turn.end({ stopReason: 'cancelled' });
    }
    this.disposed = true;
    this.onDisposeCallback(this);
  }

  /** The process hosting this session died: end the turn in flight, refuse further turns. */
  markCrashed(info: CrashInfo): void {
    if (this.crash) return;
    this.crash = info;
    const turn = this.turn;
    if (turn) turn.end({ stopReason: 'error', error: { name: 'AgentCrashed', message: this.crashMessage(turn)! } });
  }

  /** The exit, with what the agent wrote to stderr during this turn (not the errors of earlier turns). */
  private crashMessage(turn: Turn): string | null {
    const crash = this.crashInfo();
    if (!crash) return null;
    const stderr = this.connection.stderrSince(turn.stderrMark);
    return stderr ? `${crash.message}\n--- stderr (this turn) ---\n${stderr}` : crash.message;
  }

  /** Ends a turn in flight because the backend is shutting down. */
  interrupt(message: string): void {
    this.turn?.end({ stopReason: 'interrupted', error: { name: 'ShuttingDown', message } });
    this.disposed = true;
  }

  // --- requests and notifications routed here by the backend ---

  handleUpdate(sent: Record<string, unknown>): void {
    const update = this.init.behaviours.standardUpdate?.(sent) ?? sent;
    // Commands, mode and config changes belong to the session, whenever they arrive.
    const options = applySessionOptionsUpdate(this.optionsState, update);
    if (options) {
      this.setOptions(options);
      return;
    }
    const turn = this.turn;
    if (!turn || turn.ended) {
      // Between turns only the context fill is news (no cost: a cumulative cost is taken in a turn).
      const fill = update.sessionUpdate === 'usage_update' ? mapSessionUpdate(update, this.mapperState).events.find((e) => e.type === 'context') : undefined;
      if (fill?.type === 'context') this.lastContext = fill.context;
      return;
    }
    const result = mapSessionUpdate(update, this.mapperState);
    this.mapperState = result.state;
    if (update.sessionUpdate === 'usage_update') {
      this.sendsUsageUpdates = true;
      turn.usageUpdateSeen = true;
      queueMicrotask(() => turn.onUsageUpdate?.());
    }
    for (const event of result.events) {
      if (event.type === 'context') this.lastContext = event.context;
      if (event.type === 'text.delta' || event.type === 'reasoning.delta' || event.type === 'tool.start') turn.outputSeen = true;
      this.safeEmit(turn, event);
    }
  }

  handlePermissionRequest(params: PermissionRequestParams, signal: AbortSignal): Promise<PermissionOutcome> {
    const turn = this.turn;
    // Nobody is there to answer outside a turn: decline rather than leave the agent waiting.
    if (!turn || turn.ended) return Promise.resolve(cancelledOutcome());
    const requestId = `${this.externalSessionId}:perm-${++this.permissionSeq}`;
    return new Promise<PermissionOutcome>((resolve) => {
      turn.permissions.set(requestId, { resolve });
      signal.addEventListener(
        'abort',
        () => {
          if (turn.permissions.delete(requestId)) {
            resolve(cancelledOutcome());
            this.safeEmit(turn, { type: 'permission.resolved', requestId, optionId: null });
          }
        },
        { once: true },
      );
      this.safeEmit(turn, mapPermissionRequest(requestId, params, this.cwd));
    });
  }

  async handleReadTextFile(params: ReadTextFileParams): Promise<{ content: string }> {
    try {
      return { content: await readConfinedTextFile(this.cwd, params.path, { line: params.line, limit: params.limit }) };
    } catch (e) {
      // Confinement has passed by now: only a missing file inside the worktree is answered empty.
      if (this.init.behaviours.readsMissingFileAsEmpty && isMissingFile(e)) return { content: '' };
      throw e;
    }
  }

  async handleWriteTextFile(params: WriteTextFileParams): Promise<Record<string, never>> {
    await writeConfinedTextFile(this.cwd, params.path, params.content);
    return {};
  }

  /** Read through a method: the crash can be set by the backend while a prompt awaits. */
  private crashInfo(): CrashInfo | null {
    return this.crash;
  }

  private withdrawPermissions(turn: Turn): void {
    for (const [requestId, pending] of turn.permissions) {
      pending.resolve(cancelledOutcome());
      this.safeEmit(turn, { type: 'permission.resolved', requestId, optionId: null });
    }
    turn.permissions.clear();
  }

  /** A listener that throws must not break the session's bookkeeping. */
  private safeEmit(turn: Turn, event: AgentEvent): void {
    try {
      turn.onEvent(event);
    } catch {
      // The listener's problem; the turn goes on.
    }
  }
}

const isMissingFile = (e: unknown): boolean => typeof e === 'object' && e !== null && 'code' in e && (e as { code: unknown }).code === 'ENOENT';
