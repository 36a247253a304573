import type { AgentEvent, ContestantSetupPart, PermissionOption, SetupChoice, Settings, StopReason, TurnPart, Usage } from '../../../src-preload/contract';
import type { AgentSpec } from '../agents/agent-backend';
import { profileReportsCost } from '../agents/profiles/profiles';
import { AppError } from '../errors';
import type { AgentPool, LiveSession } from '../sessions/agent-pool';
import type { ArenasStore } from '../store/arenas-store';
import { promptIsAgentCommand } from '../agents/agent-command';
import { withHandoff } from '../turns/handoff';
import { autoPermissionChoice } from '../turns/permission-policy';
import { relativizeEvent } from '../turns/relativize-paths';
import { applyEventToParts } from '../turns/turn-parts';
import { TranscriptWriter } from '../turns/transcript-writer';
import { contestantStatus } from './arena-policy';
import { ContestantSetup, type ArenaSetupScript } from './contestant-setup';

export interface ContestantDeps {
  arenas: ArenasStore;
  pool: AgentPool;
  settings: () => Settings;
  /** One event of the contestant's stream, numbered from 0. */
  emit: (event: AgentEvent, seq: number) => void;
  /** A permission request of this contestant is open (or, with null, closed). */
  onPermission: (requestId: string, session: LiveSession | null) => void;
  /** The contestant's setup part changed (started, ended, failed, what came of a failure). */
  onSetup: (part: ContestantSetupPart) => void;
  onSetupOutput: (chunk: string) => void;
  /** The snapshot tree of the contestant's worktree now. */
  snapshot: () => Promise<string>;
  flushIntervalMs?: number | undefined;
}

/**
 * One arena contestant's turn: the repository's setup script in its scratch worktree first (when
 * one is set), then its own session of the agent there, the chat's story so far handed to it, its
 * events streamed and persisted as a turn's are (the same transcript parts, usage and permission
 * handling as the dispatcher's), ending with `turn.end`.
 */
export class ContestantRun {
  readonly writer: TranscriptWriter;
  session: LiveSession | null = null;
  cancelRequested = false;
  /** Cut short by a quit: it ends interrupted (still pickable after the restart), not cancelled. */
  interrupted = false;
  model: string | null = null;
  /** The next event's number; also how many went out. */
  seq = 0;
  /** Aborted by a cancel: stops its setup script, or the wait for a failed one's choice. */
  private readonly abort = new AbortController();
  private setup: ContestantSetup | null = null;

  constructor(
    private readonly deps: ContestantDeps,
    readonly arenaId: string,
    readonly chatId: string,
    readonly spec: AgentSpec,
    readonly worktree: string,
  ) {
    this.writer = new TranscriptWriter(deps.arenas.partsSink(arenaId, spec.id), `${arenaId}/${spec.id}`, [], deps.flushIntervalMs);
  }

  get parts(): TurnPart[] {
    return this.writer.parts;
  }

  /** Runs the prompt; never throws: failures end the contestant with an error. */
  async run(input: {
    prompt: string;
    handoff: { text: string; fromAgents: string[] } | null;
    mode?: string | undefined;
    setup: ArenaSetupScript | null;
  }): Promise<{ status: ReturnType<typeof contestantStatus>['status']; stopReason: StopReason }> {
    const { arenas, pool } = this.deps;
    let end: Extract<AgentEvent, { type: 'turn.end' }> | null = null;
    try {
      if (this.cancelRequested) throw new Cancelled();
      if (input.setup && (await this.setUp(input.setup)) === 'cancel') throw new Cancelled();
      const session = await pool.openEphemeral(this.arenaId, this.chatId, this.spec, this.worktree);
      this.session = session;
      pool.markBusy(session, true);
      if (this.cancelRequested) throw new Cancelled();
      arenas.startContestant(this.arenaId, this.spec.id, { externalSessionId: session.handle.externalSessionId });
      this.emit({ type: 'turn.start', sessionMode: 'new', externalSessionId: session.handle.externalSessionId, model: null });
      // A slash command goes as typed: the contestant runs it without the chat's story.
      const handoff = (await promptIsAgentCommand(input.prompt, session.handle)) ? null : input.handoff;
      if (handoff) this.emit({ type: 'handoff', fromAgents: handoff.fromAgents, text: handoff.text });
      const result = await session.handle.prompt({
        prompt: withHandoff(handoff?.text ?? null, input.prompt),
        ...(input.mode ? { mode: input.mode } : {}),
        onEvent: (event) => {
          pool.touch(session);
          if (event.type === 'turn.end') end = event;
          else this.onAgentEvent(session, event);
        },
      });
      end ??= { type: 'turn.end', stopReason: result.stopReason, ...(result.error ? { error: result.error } : {}) };
    } catch (e) {
      end = e instanceof Cancelled ? { type: 'turn.end', stopReason: 'cancelled' } : { type: 'turn.end', stopReason: 'error', error: errorOf(e) };
    }
    const finalEnd: Extract<AgentEvent, { type: 'turn.end' }> = end;
    if (this.session) pool.markBusy(this.session, false);
    const { status, stopReason } = this.interrupted
      ? { status: 'interrupted' as const, stopReason: 'interrupted' as const }
      : contestantStatus(finalEnd.stopReason, this.cancelRequested);
    this.emit({ ...finalEnd, stopReason });
    this.writer.flush();
    arenas.finishContestant(this.arenaId, this.spec.id, {
      status,
      stopReason,
      error: finalEnd.error,
      model: this.session?.handle.model ?? this.model,
      reportedCost: this.session?.handle.reportedCost ?? null,
    });
    return { status, stopReason };
  }

  /** Ends its session once it has ended (a second call does nothing): nothing more is asked of it. */
  async closeSession(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session) await this.deps.pool.close(session);
  }

  async cancel(): Promise<void> {
    this.cancelRequested = true;
    this.abort.abort();
    if (this.session) await this.session.handle.cancel();
  }

  /** Its setup script failed and waits for the user's choice. */
  get setupWaiting(): boolean {
    return this.setup?.waiting ?? false;
  }

  /** Answers its failed setup script; false when none waits. */
  replySetup(choice: SetupChoice): boolean {
    return this.setup?.reply(choice) ?? false;
  }

  /**
   * Runs the setup script before the session opens. Nothing else is in the transcript yet, so its
   * part is the first; it is on disk before the agent starts, with the tree the contestant's
   * changes are counted from.
   */
  private async setUp(setup: ArenaSetupScript): Promise<'go' | 'cancel'> {
    this.setup = new ContestantSetup({
      setup,
      cwd: this.worktree,
      now: Date.now,
      onPart: (part) => {
        this.keepSetupPart(part);
        this.deps.onSetup(part);
      },
      onOutput: (chunk, part) => {
        this.keepSetupPart(part);
        this.deps.onSetupOutput(chunk);
      },
      snapshot: this.deps.snapshot,
    });
    const outcome = await this.setup.run(this.abort.signal);
    this.writer.flush();
    return outcome;
  }

  private keepSetupPart(part: ContestantSetupPart): void {
    this.writer.parts[0] = part;
    this.writer.markDirty([0]);
  }

  private onAgentEvent(session: LiveSession, event: AgentEvent): void {
    if (event.type === 'usage') {
      this.emit({ ...event, costReported: this.addUsage(event.usage) });
      return;
    }
    if (event.type === 'model') this.model = event.model;
    if (event.type === 'permission.request') {
      this.deps.onPermission(event.requestId, session);
      this.emit(event);
      const auto = autoPermissionChoice(this.deps.settings().permissionPolicy, event.options as PermissionOption[], (event.diffs?.length ?? 0) > 0);
      if (auto) void session.handle.replyPermission(event.requestId, auto).catch(() => {});
      return;
    }
    if (event.type === 'permission.resolved') this.deps.onPermission(event.requestId, null);
    this.emit(event);
  }

  private addUsage(usage: Usage): boolean {
    const costReported = usage.cost > 0 || profileReportsCost(this.deps.pool.backend(this.spec.id)?.profileId());
    try {
      this.deps.arenas.addUsage(this.arenaId, this.spec.id, usage, costReported);
    } catch {
      // The database is locked or full: the contestant goes on; only this increment is not counted.
    }
    return costReported;
  }

  private emit(event: AgentEvent): void {
    const shown = relativizeEvent(event, this.worktree);
    this.writer.markDirty(applyEventToParts(this.writer.parts, shown));
    this.deps.emit(shown, this.seq++);
  }
}

class Cancelled extends Error {}

function errorOf(e: unknown): { name: string; message: string } {
  return { name: e instanceof AppError ? e.name : 'Internal', message: e instanceof Error ? e.message : String(e) };
}
