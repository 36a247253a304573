import type { AgentEvent, ContextFill, PermissionOption, PromptAttachment, SessionMode, Settings, StopReason, TurnPart, Usage } from '../../../src-preload/contract';
import { replyText } from '../../../src-preload/contract';
import type { AgentSessionHandle, AgentSpec } from '../agents/agent-backend';
import type { AgentCatalog } from '../agents/catalog/agent-catalog';
import { requireLiveChat } from '../chats/chat-view';
import { AppError } from '../errors';
import type { EventBus } from '../events/event-bus';
import type { AgentPool, LiveSession } from '../sessions/agent-pool';
import type { Store } from '../store/store';
import type { TurnRow } from '../store/turns-store';
import type { ChatWorkspace } from './chat-workspace';
import { profileReportsCost } from '../agents/profiles/profiles';
import { promptIsAgentCommand } from '../agents/agent-command';
import { buildHandoff, unseenTurns, withHandoff } from './handoff';
import { attachmentInfos, resolveAttachments } from './prompt-attachments';
import { autoPermissionChoice } from './permission-policy';
import { relativizeEvent } from './relativize-paths';
import { applyEventToParts } from './turn-parts';
import { statusForStopReason } from './turn-status';
import { TranscriptWriter } from './transcript-writer';

interface TurnRequest {
  turnId: string;
  /** The agent as configured when the turn was sent (resolved once, not again when it runs). */
  spec: AgentSpec;
  chatId: string;
  agent: string;
  prompt: string;
  model?: string | undefined;
  mode?: string | undefined;
  attachments?: PromptAttachment[] | undefined;
  /** Stored as 'queued' when sent (its chat was busy), so 'running' must be recorded when it starts. */
  queued: boolean;
}

interface ActiveTurn {
  request: TurnRequest;
  /** The chat's worktree, once known: paths in events are shown relative to it. */
  worktreePath: string | null;
  writer: TranscriptWriter;
  session: LiveSession | null;
  cancelRequested: boolean;
  /** Aborted by a cancel: stops a setup script the turn is waiting for. */
  abort: AbortController;
  /** 'snapshotting' once the reply has ended and only the worktree snapshot remains. */
  phase: 'running' | 'snapshotting';
  /** The model that ran the turn and its last context fill, as the agent reported them; stored when the turn ends. */
  model: string | null;
  context: ContextFill | null;
}

interface ChatLane {
  running: ActiveTurn | null;
  queue: TurnRequest[];
}

/**
 * Runs turns. Each chat is a lane: its turns run one at a time, in order, because every agent
 * in a chat shares one worktree and a turn's diff must be that turn's own (attribution).
 * Different chats run in parallel. A turn sent while its chat is busy is queued and says so
 * with a `turn.queued` event.
 */
export class Dispatcher {
  private readonly lanes = new Map<string, ChatLane>();
  private readonly active = new Map<string, ActiveTurn>();
  private readonly permissionOwners = new Map<string, { turnId: string; handle: AgentSessionHandle }>();
  private readonly idleWaiters = new Set<() => void>();
  /** The next seq of each unfinished turn: one numbering per turn, from queued to its end. */
  private readonly seqs = new Map<string, number>();
  /** Chats whose turns wait while something else works in them (an arena): holders per chat. */
  private readonly holds = new Map<string, number>();
  private accepting = true;

  constructor(
    private readonly deps: {
      store: Store;
      events: EventBus;
      pool: AgentPool;
      catalog: AgentCatalog;
      workspace: ChatWorkspace;
      settings: () => Settings;
      /** The repository's setup script for a new worktree, run before the turn's first snapshot. */
      setup?: { beforeTurn(chatId: string, turnId: string, signal: AbortSignal): Promise<'go' | 'cancel'> };
      /** How often streaming transcript parts are flushed to SQLite. */
      flushIntervalMs?: number;
    },
  ) {}

  send(input: Omit<TurnRequest, 'turnId' | 'spec' | 'queued'>): { turnId: string } {
    if (!this.accepting) throw new AppError('ShuttingDown', 'BooCoder is shutting down; the turn was not started.');
    requireLiveChat(this.deps.store, input.chatId);
    const spec = this.deps.catalog.require(input.agent);
    const lane = this.lane(input.chatId);
    // Waiting only for the previous turn's snapshot (tens of ms) is not worth a "queued" notice.
    const busy = this.isChatBusy(input.chatId);
    const row = this.deps.store.turns.create({
      chatId: input.chatId,
      agent: input.agent,
      prompt: input.prompt,
      model: input.model ?? null,
      status: busy ? 'queued' : 'running',
      attachments: attachmentInfos(input.attachments ?? []),
    });
    const request: TurnRequest = { ...input, spec, turnId: row.id, queued: busy };
    lane.queue.push(request);
    if (busy) this.emitLoose(request, { type: 'turn.queued', position: lane.queue.length - 1 + (lane.running?.phase === 'running' ? 1 : 0) });
    this.pump(input.chatId);
    return { turnId: row.id };
  }

  async cancel(turnId: string): Promise<void> {
    const turn = this.deps.store.turns.get(turnId);
    if (!turn) throw new AppError('NotFound', `No turn with id ${turnId}`);
    const lane = this.lanes.get(turn.chatId);
    const queuedIdx = lane?.queue.findIndex((r) => r.turnId === turnId) ?? -1;
    if (lane && queuedIdx >= 0) {
      const [request] = lane.queue.splice(queuedIdx, 1);
      this.deps.store.turns.finish(turnId, { status: 'cancelled', stopReason: 'cancelled' });
      this.emitLoose(request!, { type: 'turn.end', stopReason: 'cancelled' });
      return;
    }
    const active = this.active.get(turnId);
    if (!active || active.phase !== 'running') throw new AppError('TurnNotRunning', `Turn ${turnId} is not running (it is ${turn.status}).`);
    active.cancelRequested = true;
    active.abort.abort();
    if (active.session) await active.session.handle.cancel();
  }

  async replyPermission(requestId: string, optionId: string): Promise<void> {
    const owner = this.permissionOwners.get(requestId);
    if (!owner) throw new AppError('NotFound', `No pending permission request ${requestId} (it may have been answered or withdrawn).`);
    await owner.handle.replyPermission(requestId, optionId);
  }

  /** The in-memory parts of a running turn (fresher than what is flushed). */
  liveParts(turnId: string): TurnPart[] | undefined {
    return this.active.get(turnId)?.writer.parts;
  }

  /** True while a turn of the chat is queued or its agent is working (not while only its snapshot remains), or the chat is held. */
  isChatBusy(chatId: string): boolean {
    if (this.holds.has(chatId)) return true;
    const lane = this.lanes.get(chatId);
    return !!lane && ((lane.running !== null && lane.running.phase === 'running') || lane.queue.length > 0);
  }

  /**
   * Keeps the chat's turns waiting (sent ones are queued and say so) until `release`; `ready`
   * resolves once the turn running in it, if any, has ended and been snapshotted. For work that
   * needs the chat's worktree to stand still, like an arena forking from it and landing its pick.
   */
  hold(chatId: string): { ready: Promise<void>; release: () => void } {
    this.holds.set(chatId, (this.holds.get(chatId) ?? 0) + 1);
    let released = false;
    return {
      ready: this.waitForChat(chatId),
      release: () => {
        if (released) return;
        released = true;
        const left = (this.holds.get(chatId) ?? 1) - 1;
        if (left > 0) {
          this.holds.set(chatId, left);
          return;
        }
        this.holds.delete(chatId);
        if (this.lanes.has(chatId)) this.pump(chatId);
      },
    };
  }

  /** Resolves once the chat's last turn has been snapshotted, so its pending change is current. */
  async settled(chatId: string): Promise<void> {
    while (this.lanes.get(chatId)?.running?.phase === 'snapshotting') await this.nextTurnEnd();
  }

  runningTurns(): string[] {
    return [...this.active.keys()];
  }

  /** Cancels every queued and running turn of a chat and waits for them to end. */
  async cancelChat(chatId: string): Promise<void> {
    const lane = this.lanes.get(chatId);
    if (!lane) return;
    for (const r of [...lane.queue]) await this.cancel(r.turnId);
    if (lane.running) {
      await this.cancel(lane.running.request.turnId).catch(() => {});
      await this.waitForChat(chatId);
    }
  }

  /** Quit: refuse new turns, give running ones `graceMs` to finish, cancel the rest. */
  async drain(graceMs: number): Promise<void> {
    this.accepting = false;
    for (const lane of this.lanes.values()) {
      for (const r of lane.queue.splice(0)) {
        this.deps.store.turns.finish(r.turnId, { status: 'cancelled', stopReason: 'cancelled', error: { name: 'ShuttingDown', message: 'BooCoder quit before this turn started.' } });
        this.emitLoose(r, { type: 'turn.end', stopReason: 'cancelled' });
      }
    }
    if (this.active.size === 0) return;
    await Promise.race([this.waitIdle(), sleep(graceMs)]);
    await Promise.allSettled([...this.active.keys()].map((id) => this.cancel(id)));
    await Promise.race([this.waitIdle(), sleep(2000)]);
  }

  /** Resolves at the next moment any turn ends. */
  private nextTurnEnd(): Promise<void> {
    return new Promise((resolve) => {
      const once = () => {
        this.idleWaiters.delete(once);
        resolve();
      };
      this.idleWaiters.add(once);
    });
  }

  private async waitIdle(): Promise<void> {
    while (this.active.size > 0) await this.nextTurnEnd();
  }

  private async waitForChat(chatId: string): Promise<void> {
    while (this.lanes.get(chatId)?.running) await this.nextTurnEnd();
  }

  private lane(chatId: string): ChatLane {
    let lane = this.lanes.get(chatId);
    if (!lane) {
      lane = { running: null, queue: [] };
      this.lanes.set(chatId, lane);
    }
    return lane;
  }

  private pump(chatId: string): void {
    const lane = this.lane(chatId);
    if (lane.running || lane.queue.length === 0 || this.holds.has(chatId)) return;
    const request = lane.queue.shift()!;
    const turn: ActiveTurn = {
      request,
      worktreePath: null,
      writer: new TranscriptWriter(this.deps.store.turns, request.turnId, [], this.deps.flushIntervalMs),
      session: null,
      cancelRequested: false,
      abort: new AbortController(),
      phase: 'running',
      model: null,
      context: null,
    };
    lane.running = turn;
    this.active.set(request.turnId, turn);
    void this.run(turn).finally(() => {
      lane.running = null;
      this.active.delete(request.turnId);
      for (const w of [...this.idleWaiters]) w();
      if (lane.queue.length === 0) this.lanes.delete(chatId);
      else this.pump(chatId);
    });
  }

  private async run(turn: ActiveTurn): Promise<void> {
    const { store } = this.deps;
    const { request } = turn;
    let before: { treeBefore: string } | null = null;
    let endEvent: Extract<AgentEvent, { type: 'turn.end' }> | null = null;
    try {
      if (request.queued) store.turns.setStatus(request.turnId, 'running');
      const { spec } = request;
      if (this.deps.setup && (await this.deps.setup.beforeTurn(request.chatId, request.turnId, turn.abort.signal)) === 'cancel') throw new TurnCancelled();
      const begun = await this.deps.workspace.beginTurn(request.chatId);
      before = begun;
      turn.worktreePath = begun.path;
      if (turn.cancelRequested) throw new TurnCancelled();
      // A pre-warmed session no turn has used yet is as new to this turn as one opened for it.
      const already = this.deps.pool.get(request.chatId, request.agent);
      const wasLive = already !== undefined && !already.prewarmed;
      const stored = store.sessions.get(request.chatId, request.agent);
      const session = await this.deps.pool.getOrCreate(request.chatId, spec, begun.path);
      turn.session = session;
      this.deps.pool.markBusy(session, true);
      if (turn.cancelRequested) throw new TurnCancelled();

      const row = store.turns.get(request.turnId)!;
      const attachments = await resolveAttachments(begun.path, request.attachments ?? []);
      let current = session;
      const lostMemory = (session.handle.origin === 'new' && !!session.storedSessionId && !wasLive) || session.historyOwed === true;
      // A slash command goes to the agent as typed; what the agent has not seen is told with the next prompt.
      const command = await promptIsAgentCommand(request.prompt, session.handle);
      let handoff = this.handoffFor(row, spec, stored?.seenThroughOrdinal ?? 0, lostMemory);
      let handoffHeld = command && handoff !== null;
      if (handoffHeld) {
        session.historyOwed = lostMemory;
        handoff = null;
      }
      const sessionMode: SessionMode = wasLive ? 'resumed' : lostMemory && handoff ? 'history' : session.handle.origin;
      store.turns.setSessionMode(request.turnId, sessionMode);
      this.emit(turn, { type: 'turn.start', sessionMode, externalSessionId: session.handle.externalSessionId, model: request.model ?? null });
      // An agent that answered out of step gets one fresh session with the chat's history.
      for (let attempt = 0; ; attempt++) {
        if (handoff) this.emit(turn, { type: 'handoff', fromAgents: handoff.fromAgents, text: handoff.text });
        const live = current;
        const result = await live.handle.prompt({
          prompt: withHandoff(handoff?.text ?? null, request.prompt),
          ...(attachments.length > 0 ? { attachments } : {}),
          ...(request.model ? { model: request.model } : {}),
          ...(request.mode ? { mode: request.mode } : {}),
          onEvent: (event) => {
            this.deps.pool.touch(live);
            if (event.type === 'turn.end') {
              endEvent = event;
              return;
            }
            this.onAgentEvent(turn, live, event);
          },
        });
        this.recordReported(request, live);
        if (result.sessionLost && attempt === 0 && !turn.cancelRequested) {
          this.deps.pool.markBusy(live, false);
          await this.deps.pool.discard(live);
          current = await this.deps.pool.getOrCreate(request.chatId, spec, begun.path);
          turn.session = current;
          this.deps.pool.markBusy(current, true);
          store.turns.setSessionMode(request.turnId, 'history');
          handoff = this.handoffFor(row, spec, 0, true);
          if (command && handoff) {
            current.historyOwed = true;
            handoffHeld = true;
            handoff = null;
          }
          endEvent = null;
          continue;
        }
        endEvent ??= { type: 'turn.end', stopReason: result.stopReason, ...(result.error ? { error: result.error } : {}) };
        break;
      }
      // Not recording it only means a redundant hand-off next time: the turn itself succeeded.
      if (!handoffHeld) {
        current.historyOwed = false;
        persistOrRetry(() => store.sessions.setSeenThrough(request.chatId, request.agent, row.ordinal));
      }
    } catch (e) {
      endEvent =
        e instanceof TurnCancelled
          ? { type: 'turn.end', stopReason: 'cancelled' }
          : { type: 'turn.end', stopReason: 'error', error: errorOf(e) };
    }
    await this.finish(turn, before, endEvent ?? { type: 'turn.end', stopReason: 'error', error: { name: 'Internal', message: 'The turn ended without a result.' } });
  }

  /**
   * What the session reports of itself (cumulative cost, context fill, model) outlives it, for a
   * resume and the usage panel. Written only when it changed: most warm turns change nothing.
   */
  private recordReported(request: TurnRequest, session: LiveSession): void {
    const { handle } = session;
    const reported = { reportedCost: handle.reportedCost, context: handle.context, model: handle.model };
    const key = JSON.stringify(reported);
    if (session.reportedKey === key) return;
    session.reportedKey = key;
    persistOrRetry(() => this.deps.store.sessions.setReported(request.chatId, request.agent, reported));
  }

  private onAgentEvent(turn: ActiveTurn, session: LiveSession, event: AgentEvent): void {
    if (event.type === 'usage') {
      this.emit(turn, { ...event, costReported: this.addUsage(turn, event.usage) });
      return;
    }
    if (event.type === 'context') turn.context = event.context;
    if (event.type === 'model') turn.model = event.model;
    if (event.type === 'permission.request') {
      this.permissionOwners.set(event.requestId, { turnId: turn.request.turnId, handle: session.handle });
      this.emit(turn, event);
      const auto = autoPermissionChoice(this.deps.settings().permissionPolicy, event.options as PermissionOption[], (event.diffs?.length ?? 0) > 0);
      if (auto) void session.handle.replyPermission(event.requestId, auto).catch(() => {});
      return;
    }
    if (event.type === 'permission.resolved') this.permissionOwners.delete(event.requestId);
    this.emit(turn, event);
  }

  /** Counts a usage increment; returns whether it counts as a reported cost (the agent reports costs, or this one has one). */
  private addUsage(turn: ActiveTurn, usage: Usage): boolean {
    const { store, events } = this.deps;
    const { chatId, agent, turnId } = turn.request;
    const costReported = usage.cost > 0 || profileReportsCost(this.deps.pool.backend(agent)?.profileId());
    let totals: Usage | undefined;
    try {
      // The turn's and the session's totals move together, or (locked, full) neither does.
      totals = store.db.transaction(() => {
        store.turns.addUsage(turnId, usage, costReported);
        return store.sessions.addUsage(chatId, agent, usage, costReported);
      })();
    } catch {
      // The database is locked or full: the turn goes on; only this usage increment is not counted.
      return costReported;
    }
    if (totals) events.emit('usage.updated', { chatId, agent, totals });
    return costReported;
  }

  /**
   * Ends a turn. The reply is complete when the agent stops, so `turn.end` goes out first; the
   * worktree snapshot follows off the reply's latency path, while the chat's lane stays held so
   * the next turn's "before" snapshot cannot interleave with it (attribution stays exact).
   */
  private async finish(turn: ActiveTurn, before: { treeBefore: string } | null, end: Extract<AgentEvent, { type: 'turn.end' }>): Promise<void> {
    const { store, events } = this.deps;
    const { request } = turn;
    for (const [id, owner] of this.permissionOwners) if (owner.turnId === request.turnId) this.permissionOwners.delete(id);
    if (turn.session) this.deps.pool.markBusy(turn.session, false);
    const stopReason: StopReason = turn.cancelRequested && end.stopReason !== 'error' ? 'cancelled' : end.stopReason;
    turn.phase = 'snapshotting';
    this.emit(turn, { ...end, stopReason });
    turn.writer.flush();
    // A locked or full database must not leave the turn "running" for ever: retried until it lands.
    persistOrRetry(() =>
      store.turns.finish(request.turnId, { status: statusForStopReason(stopReason), stopReason, error: end.error, model: turn.model, context: turn.context }),
    );
    if (!before) return;
    try {
      const { changedPaths } = await this.deps.workspace.endTurn(request.chatId, request.agent, before);
      store.turns.setChangedFiles(request.turnId, changedPaths);
    } catch (e) {
      // After turn.end nothing more goes on the turn's stream; the failure stays in its transcript.
      const error = errorOf(e, 'The worktree snapshot after this turn failed; its changes show up after the next turn');
      turn.writer.markDirty(applyEventToParts(turn.writer.parts, { type: 'error', ...error }));
      turn.writer.flush();
    }
    events.emit('changes.updated', { chatId: request.chatId });
  }

  /** The hand-off for this agent: others' turns it has not seen, or the whole chat if its memory is gone. */
  private handoffFor(row: TurnRow, spec: AgentSpec, seenThrough: number, lostMemory: boolean): { text: string; fromAgents: string[] } | null {
    const { store } = this.deps;
    const earlier = unseenTurns(store.turns.listSince(row.chatId, lostMemory ? 0 : seenThrough), spec.id, seenThrough, {
      beforeOrdinal: row.ordinal,
      ownHistory: lostMemory,
    });
    if (earlier.length === 0) return null;
    const text = buildHandoff(
      earlier.map((t) => ({
        agentName: this.deps.catalog.displayName(t.agent),
        prompt: t.prompt,
        reply: replyText(store.turns.parts(t.id)),
        changedFiles: t.changedFiles,
      })),
      { ownHistory: lostMemory },
    );
    if (!text) return null;
    return { text, fromAgents: [...new Set(earlier.map((t) => t.agent))] };
  }

  private emit(turn: ActiveTurn, event: AgentEvent): void {
    const { request } = turn;
    const shown = turn.worktreePath ? relativizeEvent(event, turn.worktreePath) : event;
    turn.writer.markDirty(applyEventToParts(turn.writer.parts, shown));
    this.deps.events.emit('turn.event', { chatId: request.chatId, turnId: request.turnId, agent: request.agent, seq: this.nextSeq(request.turnId, shown), event: shown });
  }

  /** Events of a turn that is not running (queued, or cancelled before it started). */
  private emitLoose(request: TurnRequest, event: AgentEvent): void {
    this.deps.events.emit('turn.event', { chatId: request.chatId, turnId: request.turnId, agent: request.agent, seq: this.nextSeq(request.turnId, event), event });
  }

  private nextSeq(turnId: string, event: AgentEvent): number {
    const seq = this.seqs.get(turnId) ?? 0;
    if (event.type === 'turn.end') this.seqs.delete(turnId);
    else this.seqs.set(turnId, seq + 1);
    return seq;
  }
}

class TurnCancelled extends Error {}

/**
 * Runs a store write now, or when it fails (database locked or full) again every second for a
 * while, in the background: the caller goes on either way and nothing throws out of a turn's end.
 */
function persistOrRetry(write: () => void, attemptsLeft = 300): void {
  try {
    write();
  } catch {
    if (attemptsLeft <= 0) return;
    setTimeout(() => persistOrRetry(write, attemptsLeft - 1), 1000).unref();
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function errorOf(e: unknown, prefix?: string): { name: string; message: string } {
  const name = e instanceof AppError ? e.name : 'Internal';
  const message = e instanceof Error ? e.message : String(e);
  return { name, message: prefix ? `${prefix}: ${message}` : message };
}
