import type { AgentEvent } from '../../../../src-preload/contract';
import { AppError, isAppError } from '../../errors';
import type { AgentSessionHandle, ModelOption, PromptOptions, PromptResult } from '../agent-backend';
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
import { PromptResult as PromptResultWire, type ConfigOption, type SessionSetupResult } from './acp-wire';
import { readConfinedTextFile, writeConfinedTextFile } from './fs-confinement';

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
  end: (result: PromptResult) => void;
}

export interface AcpSessionInit {
  agentId: string;
  connection: AcpConnection;
  sessionId: string;
  cwd: string;
  origin: 'new' | 'resumed' | 'loaded';
  setup: SessionSetupResult;
  /** Called once when the session is disposed, so the backend stops routing to it. */
  onDispose: (session: AcpSession) => void;
}


/** The model config option of a session, if the agent offers models through config options. */
function modelConfigOption(options: readonly ConfigOption[] | null | undefined): ConfigOption | undefined {
  return options?.find((o) => o.category === 'model' || o.id === 'model');
}

function configChoices(option: ConfigOption | undefined): ModelOption[] {
  const out: ModelOption[] = [];
  for (const entry of option?.options ?? []) {
    if ('value' in entry && typeof entry.value === 'string') {
      out.push({ id: entry.value, name: typeof entry.name === 'string' ? entry.name : entry.value });
    } else if ('options' in entry && Array.isArray(entry.options)) {
      for (const nested of entry.options) out.push({ id: nested.value, name: nested.name ?? nested.value });
    }
  }
  return out;
}

export class AcpSession implements AgentSessionHandle {
  readonly agentId: string;
  readonly externalSessionId: string;
  readonly origin: 'new' | 'resumed' | 'loaded';
  readonly cwd: string;
  private readonly connection: AcpConnection;
  private readonly setup: SessionSetupResult;
  private readonly onDisposeCallback: (session: AcpSession) => void;
  private currentModel: string | null;
  private currentMode: string | null;
  private mapperState: MapperState = initialMapperState();
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
    this.setup = init.setup;
    this.onDisposeCallback = init.onDispose;
    const modelOption = modelConfigOption(init.setup.configOptions);
    this.currentModel =
      init.setup.models?.currentModelId ?? (typeof modelOption?.currentValue === 'string' ? modelOption.currentValue : null);
    this.currentMode = init.setup.modes?.currentModeId ?? null;
  }

  get pid(): number | undefined {
    return this.connection.pid;
  }

  /** What session/new (or load/resume) said about models, modes and config options. */
  get setupResult(): SessionSetupResult {
    return this.setup;
  }

  get isCrashed(): boolean {
    return this.crash !== null;
  }

  get model(): string | null {
    return this.currentModel;
  }

  get mode(): string | null {
    return this.currentMode;
  }

  async listModels(): Promise<ModelOption[]> {
    const models = this.setup.models?.availableModels;
    if (models && models.length > 0) return models.map((m) => ({ id: m.modelId, name: m.name ?? m.modelId }));
    return configChoices(modelConfigOption(this.setup.configOptions));
  }

  async listModes(): Promise<ModelOption[]> {
    const modes = this.setup.modes?.availableModes;
    if (modes && modes.length > 0) return modes.map((m) => ({ id: m.id, name: m.name ?? m.id }));
    return configChoices(this.setup.configOptions?.find((o) => o.category === 'mode' || o.id === 'mode'));
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
      const raw = await this.connection.request('session/prompt', {
        sessionId: this.externalSessionId,
        prompt: [{ type: 'text', text: options.prompt }],
      });
      await drainIncoming();
      const parsed = PromptResultWire.safeParse(raw);
      if (!parsed.success) {
        turn.end({
          stopReason: 'error',
          error: { name: 'AgentProtocolError', message: `Unexpected session/prompt result: ${parsed.error.message}` },
        });
      } else {
        const usage = usageFromPromptResult(parsed.data.usage, this.mapperState);
        if (usage && !turn.ended) this.safeEmit(turn, usage);
        turn.end({ stopReason: mapStopReason(parsed.data.stopReason) });
      }
    } catch (e) {
      if (!this.connection.isAlive() || this.crashInfo()) {
        // The process died under the turn; the backend's crash handling ends it with the exit
        // details. Wait for that (bounded) rather than racing it with a vaguer message.
        await Promise.race([this.connection.exited, new Promise((r) => setTimeout(r, 2000))]);
        turn.end({
          stopReason: 'error',
          error: { name: 'AgentCrashed', message: this.crashInfo()?.message ?? `The agent process stopped: ${rpcErrorMessage(e)}` },
        });
      } else {
        const name = isAppError(e) ? e.name : 'AgentProtocolError';
        turn.end({ stopReason: 'error', error: { name, message: rpcErrorMessage(e) } });
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    return done;
  }

  private async applyModeAndModel(mode: string | undefined, model: string | undefined): Promise<void> {
    if (mode && mode !== this.currentMode) {
      await this.connection.request('session/set_mode', { sessionId: this.externalSessionId, modeId: mode });
      this.currentMode = mode;
    }
    if (model && model !== this.currentModel) {
      const option = modelConfigOption(this.setup.configOptions);
      if (option) {
        // The standard way: models offered as a session config option.
        await this.connection.request('session/set_config_option', {
          sessionId: this.externalSessionId,
          configId: option.id,
          value: model,
        });
      } else if (this.setup.models) {
        // The older, unstable `session/set_model` (models listed in the session/new result).
        await this.connection.request('session/set_model', { sessionId: this.externalSessionId, modelId: model });
      } else {
        throw new AppError('Unsupported', `Agent ${this.agentId} does not offer a choice of model`);
      }
      this.currentModel = model;
    }
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
    this.turn?.end({ stopReason: 'error', error: { name: 'AgentCrashed', message: info.message } });
  }

  /** Ends a turn in flight because the backend is shutting down. */
  interrupt(message: string): void {
    this.turn?.end({ stopReason: 'interrupted', error: { name: 'ShuttingDown', message } });
    this.disposed = true;
  }

  // --- requests and notifications routed here by the backend ---

  handleUpdate(update: unknown): void {
    const turn = this.turn;
    if (!turn || turn.ended) return;
    const result = mapSessionUpdate(update, this.mapperState);
    this.mapperState = result.state;
    for (const event of result.events) this.safeEmit(turn, event);
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
      this.safeEmit(turn, mapPermissionRequest(requestId, params));
    });
  }

  async handleReadTextFile(params: ReadTextFileParams): Promise<{ content: string }> {
    return { content: await readConfinedTextFile(this.cwd, params.path, { line: params.line, limit: params.limit }) };
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
