import type { AgentEvent, AgentOptions, ContextFill, PromptCapabilities } from '../../src-preload/contract';
import type {
  AgentBackend,
  AgentSessionHandle,
  AgentSpec,
  BackendProcessState,
  ModelOption,
  OpenSessionOptions,
  PromptOptions,
  PromptResult,
} from '../../src-main/core/agents/agent-backend';

/**
 * An in-memory agent for pool and dispatcher tests: each prompt replies with its text after an
 * optional delay; "[[hold]]" waits until released or cancelled; "[[ask]]" asks permission first.
 * It remembers prompts per session, so tests can check memory and hand-offs.
 */
export class FakeBackend implements AgentBackend {
  static nextPid = 10_000;
  readonly sessions = new Map<string, FakeSession>();
  state: BackendProcessState = { state: 'stopped' };
  starts = 0;
  probeOk = true;
  /** The slash commands its sessions advertise. */
  commands: AgentOptions['commands'] = [];
  disposed = false;
  private crashListeners = new Set<(s: Extract<BackendProcessState, { state: 'crashed' }>) => void>();
  private sessionSeq = 0;

  constructor(
    readonly spec: AgentSpec,
    readonly replyDelayMs = 0,
  ) {}

  async start(): Promise<void> {
    if (this.state.state === 'running') return;
    this.starts++;
    this.state = { state: 'running', pid: FakeBackend.nextPid++, startedAt: Date.now() };
  }

  async openSession(options: OpenSessionOptions): Promise<AgentSessionHandle> {
    await this.start();
    const pid = this.state.state === 'running' ? this.state.pid : undefined;
    const existing = options.resumeSessionId ? this.sessions.get(options.resumeSessionId) : undefined;
    if (existing) {
      const session = new FakeSession(this, existing.externalSessionId, 'resumed', options.cwd, pid, existing.history);
      this.sessions.set(session.externalSessionId, session);
      return session;
    }
    const session = new FakeSession(this, `${this.spec.id}-s${++this.sessionSeq}`, 'new', options.cwd, pid, []);
    this.sessions.set(session.externalSessionId, session);
    return session;
  }

  async probe(): Promise<boolean> {
    return this.probeOk;
  }

  processState(): BackendProcessState {
    return this.state;
  }

  onCrash(listener: (s: Extract<BackendProcessState, { state: 'crashed' }>) => void): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  /** Simulates the process dying: running prompts fail, sessions are lost unless `keepHistory`. */
  crash(keepHistory = true): void {
    const state = { state: 'crashed' as const, exitCode: null, signal: 'SIGKILL', stderrTail: 'killed' };
    this.state = state;
    for (const s of this.sessions.values()) s.failRunning({ name: 'AgentCrashed', message: 'The agent process exited (signal SIGKILL).' });
    if (!keepHistory) this.sessions.clear();
    for (const l of this.crashListeners) l(state);
  }

  async listModels(): Promise<ModelOption[]> {
    return [{ id: 'fake/model', name: 'Fake model' }];
  }

  profileId(): string | null {
    return null;
  }

  promptCapabilities(): PromptCapabilities | null {
    return this.state.state === 'running' ? { image: false, embeddedContext: false } : null;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const s of this.sessions.values()) s.failRunning({ name: 'AgentCrashed', message: 'The agent process was stopped.' });
    this.state = { state: 'stopped' };
  }
}

export class FakeSession implements AgentSessionHandle {
  readonly agentId: string;
  private running: { resolve: (r: PromptResult) => void; onEvent: (e: AgentEvent) => void; permission?: string } | null = null;
  private releaseHold: (() => void) | null = null;
  disposed = false;
  prompts = 0;
  readonly model = 'fake/model';
  readonly reportedCost = null;
  readonly context: ContextFill | null = null;

  constructor(
    private readonly backend: FakeBackend,
    readonly externalSessionId: string,
    readonly origin: 'new' | 'resumed' | 'loaded',
    readonly cwd: string,
    readonly pid: number | undefined,
    /** Every prompt this session has received (its "memory"). */
    readonly history: string[],
  ) {
    this.agentId = backend.spec.id;
  }

  async options(): Promise<AgentOptions> {
    return {
      models: await this.backend.listModels(),
      modes: [],
      currentModel: this.model,
      currentMode: null,
      commands: this.backend.commands,
      promptCapabilities: { image: false, embeddedContext: false },
      source: 'live',
    };
  }

  onOptionsChange(): () => void {
    return () => {};
  }

  async prompt(options: PromptOptions): Promise<PromptResult> {
    if (this.running) throw new Error('FakeSession: two prompts at once');
    this.prompts++;
    this.history.push(options.prompt);
    return new Promise<PromptResult>((resolve) => {
      this.running = { resolve, onEvent: options.onEvent };
      void this.play(options);
    });
  }

  private async play(options: PromptOptions): Promise<void> {
    const run = this.running!;
    const delay = this.backend.replyDelayMs;
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (options.prompt.includes('[[hold]]')) await new Promise<void>((r) => (this.releaseHold = r));
    if (this.running !== run) return;
    if (options.prompt.includes('[[ask]]')) {
      const requestId = `perm-${this.externalSessionId}-${this.prompts}`;
      run.permission = requestId;
      run.onEvent({
        type: 'permission.request',
        requestId,
        toolCallId: null,
        title: 'Write file',
        options: [
          { optionId: 'allow', name: 'Allow once', kind: 'allow_once' },
          { optionId: 'reject', name: 'Reject', kind: 'reject_once' },
        ],
      });
      return; // continues in replyPermission
    }
    this.complete(run);
  }

  private complete(run: NonNullable<FakeSession['running']>): void {
    if (this.running !== run) return;
    run.onEvent({ type: 'text.delta', text: `reply ${this.prompts} ` });
    run.onEvent({ type: 'text.delta', text: `(remembers ${this.history.length})` });
    run.onEvent({ type: 'usage', usage: { inputTokens: 10, outputTokens: 5, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0.01 } });
    run.onEvent({ type: 'turn.end', stopReason: 'end_turn' });
    this.running = null;
    run.resolve({ stopReason: 'end_turn' });
  }

  release(): void {
    this.releaseHold?.();
    this.releaseHold = null;
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  failRunning(error: { name: string; message: string }): void {
    const run = this.running;
    if (!run) return;
    this.running = null;
    run.onEvent({ type: 'turn.end', stopReason: 'error', error });
    run.resolve({ stopReason: 'error', error });
  }

  async cancel(): Promise<void> {
    const run = this.running;
    if (!run) return;
    this.running = null;
    this.releaseHold = null;
    if (run.permission) run.onEvent({ type: 'permission.resolved', requestId: run.permission, optionId: null });
    run.onEvent({ type: 'turn.end', stopReason: 'cancelled' });
    run.resolve({ stopReason: 'cancelled' });
  }

  async replyPermission(requestId: string, optionId: string): Promise<void> {
    const run = this.running;
    if (!run || run.permission !== requestId) throw new Error(`no pending permission ${requestId}`);
    run.permission = undefined;
    run.onEvent({ type: 'permission.resolved', requestId, optionId });
    this.complete(run);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}
