import type { Arena, ArenaSummary, SetupChoice, Settings, TurnPart } from '../../../src-preload/contract';
import { replyText } from '../../../src-preload/contract';
import type { AgentCatalog } from '../agents/catalog/agent-catalog';
import { requireLiveChat } from '../chats/chat-view';
import { AppError } from '../errors';
import type { EventBus } from '../events/event-bus';
import type { AgentPool, LiveSession } from '../sessions/agent-pool';
import { DEFAULT_SETUP_TIMEOUT_MS } from '../setup/run-setup-script';
import type { ContestantRow } from '../store/arenas-store';
import type { Store } from '../store/store';
import type { Dispatcher } from '../turns/dispatcher';
import { buildHandoff, unseenTurns } from '../turns/handoff';
import { KeyedMutex } from '../worktrees/keyed-mutex';
import { refs } from '../worktrees/refs';
import { changedPaths, diffTrees } from '../worktrees/tree-diff';
import { resolve, writeTreeFiles } from '../worktrees/worktree-git';
import type { WorktreeService } from '../worktrees/worktree-service';
import { arenaStatusAfter, contestantBase, discardRisk, isArenaOpen, isContestantLive, landedParts, pickPlan, pickRefusal, preparationFits, restoreRefusal } from './arena-policy';
import { arenaSummary, arenaView } from './arena-view';
import { ContestantRun } from './contestant-run';
import { ContestantPrewarmer, type Preparation } from './contestant-prewarmer';
import type { ArenaSetupScript } from './contestant-setup';
import { contestantIndexFile, forkScratch, keepUnderRef, removeScratch, scratchPath, snapshotScratch } from './scratch-worktrees';

interface LiveArena {
  id: string;
  chatId: string;
  /** Keeps the chat's turns queued while the contestants work. */
  hold: { ready: Promise<void>; release: () => void };
  runs: Map<string, ContestantRun>;
  /** Resolves once every contestant has ended and its result is recorded. */
  ended: Promise<void>;
  /** Its contestants as prepared while the user picked them, if they were. */
  prepared: Preparation | null;
}

const CONTESTANT_INTRO =
  'Context: you are one of several agents given the same request side by side, each in its own copy of this workspace; the user keeps one result. Here is the conversation so far in this workspace:';

/**
 * The arena: one prompt to several agents at once, each in its own scratch worktree forked from
 * the chat's worktree (unapplied changes included), set up by the repository's setup script when
 * one is set, and its own session, side by side; the user picks one, whose changes land in the
 * chat as that agent's turn, or discards them all.
 *
 * While contestants work the chat is held (its turns queue); a pick or discard holds it again
 * while it lands, so the chat's worktree never moves under an arena. Every contestant's final
 * state is kept under a ref before its worktree goes, and everything is stored as it happens: a
 * restart finds a running arena interrupted, with what each contestant had done, still pickable.
 */
export class ArenaService {
  private readonly live = new Map<string, LiveArena>();
  private readonly permissionOwners = new Map<string, LiveSession>();
  /** Pick, discard and recovery of one arena never overlap. */
  private readonly lock = new KeyedMutex();
  /** One contestant's state is recorded once; different contestants' are recorded side by side. */
  private readonly settling = new KeyedMutex();
  private accepting = true;
  private readonly prewarms: ContestantPrewarmer;

  constructor(
    private readonly deps: {
      store: Store;
      events: EventBus;
      pool: AgentPool;
      catalog: AgentCatalog;
      dispatcher: Dispatcher;
      worktrees: WorktreeService;
      settings: () => Settings;
      flushIntervalMs?: number;
      /** The environment setup scripts run with (as a chat's own setup). */
      toolEnv?: NodeJS.ProcessEnv;
    },
  ) {
    this.prewarms = new ContestantPrewarmer({
      ...deps,
      worktreesRoot: () => deps.worktrees.worktreesRoot(),
      forkPoint: async (chatId) => {
        const { tree, head, repoPath } = await deps.worktrees.snapshotForFork(chatId);
        return { tree, head, repoPath };
      },
      isChatBusy: (chatId) => deps.dispatcher.isChatBusy(chatId),
      hasSetupScript: (chatId) => this.setupScriptOf(chatId) !== null,
    });
  }

  /**
   * Prepares `agents` as contestants of the chat's next arena while the user picks them (the
   * others prepared before are let go; none lets all go); states come as arena.prewarm.
   */
  prewarm(chatId: string, agents: string[]) {
    if (!this.accepting) throw new AppError('ShuttingDown', 'BooCoder is shutting down; nothing is prepared.');
    return this.prewarms.prepare(chatId, agents);
  }

  async start(input: { chatId: string; agents: string[]; prompt: string; modes?: Record<string, string> | undefined }): Promise<{ arenaId: string }> {
    if (!this.accepting) throw new AppError('ShuttingDown', 'BooCoder is shutting down; the arena was not started.');
    const { store, catalog, dispatcher, worktrees } = this.deps;
    requireLiveChat(store, input.chatId);
    const specs = input.agents.map((a) => catalog.require(a));
    const root = await worktrees.worktreesRoot();
    const prepared = this.prewarms.claim(input.chatId);
    const row = store.arenas.create({
      id: prepared?.id,
      chatId: input.chatId,
      prompt: input.prompt,
      agents: specs.map((s) => s.id),
      pathFor: (arenaId, agent) => scratchPath(root, arenaId, agent),
    });
    const hold = dispatcher.hold(input.chatId);
    const arena: LiveArena = { id: row.id, chatId: input.chatId, hold, runs: new Map(), ended: Promise.resolve(), prepared };
    for (const spec of specs) {
      const worktree = scratchPath(root, row.id, spec.id);
      arena.runs.set(
        spec.id,
        new ContestantRun(
          {
            arenas: store.arenas,
            pool: this.deps.pool,
            settings: this.deps.settings,
            emit: (event, seq) => this.deps.events.emit('arena.event', { arenaId: row.id, chatId: input.chatId, agent: spec.id, seq, event }),
            onSetup: (setup) => this.deps.events.emit('arena.setup', { arenaId: row.id, chatId: input.chatId, agent: spec.id, setup }),
            onSetupOutput: (chunk) => this.deps.events.emit('arena.setupOutput', { arenaId: row.id, chatId: input.chatId, agent: spec.id, chunk }),
            snapshot: () => snapshotScratch(worktree, this.indexFile({ path: worktree, agent: spec.id })),
            onPermission: (requestId, session) => {
              if (session) this.permissionOwners.set(requestId, session);
              else this.permissionOwners.delete(requestId);
            },
            flushIntervalMs: this.deps.flushIntervalMs,
          },
          row.id,
          input.chatId,
          spec,
          worktree,
        ),
      );
    }
    this.live.set(row.id, arena);
    arena.ended = this.run(arena, input.prompt, input.modes ?? {});
    this.updated(arena.chatId, arena.id);
    return { arenaId: row.id };
  }

  get(arenaId: string): Promise<Arena> {
    return arenaView(this.deps.store, this.requireArena(arenaId), this.liveParts(arenaId));
  }

  list(chatId: string): ArenaSummary[] {
    return this.deps.store.arenas.listByChat(chatId).map((a) => arenaSummary(this.deps.store, a));
  }

  async cancel(arenaId: string, agent?: string): Promise<void> {
    const row = this.requireArena(arenaId);
    const live = this.live.get(arenaId);
    if (agent !== undefined) {
      const contestant = this.deps.store.arenas.contestants(arenaId).find((c) => c.agent === agent);
      if (!contestant) throw new AppError('NotFound', `${agent} is not a contestant of arena ${arenaId}.`);
      const run = live?.runs.get(agent);
      if (!run || !isContestantLive(contestant.status)) throw new AppError('TurnNotRunning', `${agent} is not working in this arena (it is ${contestant.status}).`);
      await run.cancel();
      return;
    }
    if (!live || row.status !== 'running') return;
    await Promise.all([...live.runs.values()].map((r) => r.cancel().catch(() => {})));
  }

  /**
   * Answers a contestant's failed setup script: retry, continue without it, or cancel that
   * contestant (the way arena.cancel does). SetupNotWaiting when none of it waits.
   */
  async replySetup(arenaId: string, agent: string, choice: SetupChoice): Promise<void> {
    this.requireArena(arenaId);
    if (!this.deps.store.arenas.contestants(arenaId).some((c) => c.agent === agent)) throw new AppError('NotFound', `${agent} is not a contestant of arena ${arenaId}.`);
    const run = this.live.get(arenaId)?.runs.get(agent);
    if (!run?.setupWaiting) throw new AppError('SetupNotWaiting', `${agent} has no failed setup script waiting for a choice in this arena.`);
    if (choice === 'cancel') await this.cancel(arenaId, agent);
    else run.replySetup(choice);
  }

  /** Answers a contestant's permission request; false when the request is not an arena's. */
  async replyPermission(requestId: string, optionId: string): Promise<boolean> {
    const session = this.permissionOwners.get(requestId);
    if (!session) return false;
    await session.handle.replyPermission(requestId, optionId);
    return true;
  }

  pick(arenaId: string, agent: string): Promise<{ turnId: string }> {
    return this.lock.run(arenaId, async () => {
      const { store } = this.deps;
      const row = this.requireArena(arenaId);
      await this.recoverLocked(arenaId);
      const find = () => store.arenas.contestants(arenaId).find((c) => c.agent === agent);
      let winner = find();
      // One that has just ended may still be being recorded.
      if (winner && !isContestantLive(winner.status) && !winner.finalTree) {
        await this.settle(arenaId, agent).catch(() => {});
        winner = find();
      }
      const refusal = pickRefusal(row, winner, agent);
      if (refusal) throw new AppError(refusal.name, refusal.message);
      // The others are cancelled: their work so far is kept under their refs like any loser's.
      await this.stopContestants(arenaId);
      return this.landHeld(row.chatId, arenaId, winner!, 'pick', async (turnId) => {
        await this.closeArena(arenaId);
        store.arenas.setPicked(arenaId, agent, turnId);
      });
    });
  }

  /**
   * Brings a contestant of a closed (picked or discarded) arena back from its ref, as that agent's
   * turn in the chat: the way back for a loser the user wants after all.
   */
  restore(arenaId: string, agent: string): Promise<{ turnId: string }> {
    return this.lock.run(arenaId, async () => {
      const { store } = this.deps;
      const row = this.requireArena(arenaId);
      const contestant = store.arenas.contestants(arenaId).find((c) => c.agent === agent);
      const refusal = restoreRefusal(row, contestant, agent);
      if (refusal) throw new AppError(refusal.name, refusal.message, refusal.data);
      return this.landHeld(row.chatId, arenaId, contestant!, 'restore', (turnId) => store.arenas.setRestored(arenaId, agent, turnId));
    });
  }

  discard(arenaId: string, force = false): Promise<void> {
    return this.lock.run(arenaId, async () => {
      const { store } = this.deps;
      const row = this.requireArena(arenaId);
      if (!isArenaOpen(row.status)) throw new AppError('ArenaClosed', `This arena was already ${row.status}.`);
      await this.recoverLocked(arenaId);
      const risk = discardRisk(store.arenas.contestants(arenaId));
      if (risk.length > 0 && !force) {
        const told = risk.map((r) => `${r.agent}: ${r.files.length ? r.files.slice(0, 10).join(', ') : 'still working'}`).join('; ');
        throw new AppError('ArenaAtRisk', `Discarding this arena would drop its contestants' work (${told}). Pick one, or discard with force (refs keep everything).`, {
          contestants: risk,
        });
      }
      await this.stopContestants(arenaId);
      await this.closeArena(arenaId);
      store.arenas.setStatus(arenaId, 'discarded');
      this.updated(row.chatId, arenaId);
    });
  }

  /** Before a chat is archived or deleted: its open arenas go, through the same guard as a discard. */
  async closeChat(chatId: string, force: boolean): Promise<void> {
    await this.prewarms.releaseChat(chatId);
    const open = this.deps.store.arenas.listByChat(chatId).filter((a) => isArenaOpen(a.status));
    if (!force) {
      for (const a of open) {
        await this.recover(a.id);
        const risk = discardRisk(this.deps.store.arenas.contestants(a.id));
        if (risk.length > 0) {
          throw new AppError('ChatAtRisk', `This chat has an arena whose contestants changed files (${risk.map((r) => r.agent).join(', ')}). Pick or discard it first, or close with force.`, {
            unappliedFiles: [],
            dirtyFiles: [],
            unpushedCommits: [],
            arenas: [{ arenaId: a.id, contestants: risk }],
          });
        }
      }
    }
    for (const a of open) await this.discard(a.id, true);
  }

  /**
   * After a restart: contestants cut short have their worktrees' state recorded now, so an
   * interrupted arena shows (and can land) what each had done.
   */
  async recoverAll(): Promise<void> {
    await this.prewarms.sweepLeftovers();
    for (const a of this.deps.store.arenas.listOpen()) {
      if (this.live.has(a.id)) continue;
      await this.recover(a.id).catch(() => {});
    }
  }

  /** Scratch worktrees as the reaper needs to know them: open ones are never touched, closed ones cleaned. */
  scratchWorktrees(): Array<{ path: string; open: boolean; arenaId: string; agent: string }> {
    const stored = this.deps.store.arenas.liveWorktrees().map((w) => ({ path: w.path, open: isArenaOpen(w.arenaStatus), arenaId: w.arenaId, agent: w.agent }));
    return [...stored, ...this.prewarms.worktrees().map((w) => ({ ...w, open: true }))];
  }

  /** Removes a closed arena's leftover scratch worktree (its state is kept under its ref first). */
  async removeLeftover(arenaId: string, agent: string): Promise<void> {
    await this.lock.run(arenaId, async () => {
      const row = this.requireArena(arenaId);
      if (isArenaOpen(row.status)) return;
      const c = this.deps.store.arenas.contestants(arenaId).find((x) => x.agent === agent);
      if (!c || c.worktreeRemoved) return;
      await this.settle(row.id, c.agent);
      await this.removeWorktree(row.id, c);
    });
  }

  /** Quit: no new arenas; running contestants are cancelled and their state recorded. */
  async drain(graceMs: number): Promise<void> {
    this.accepting = false;
    await this.prewarms.drain();
    const running = [...this.live.values()];
    if (running.length === 0) return;
    await Promise.race([Promise.all(running.map((a) => a.ended)), sleep(graceMs)]);
    for (const a of running) {
      for (const r of a.runs.values()) {
        r.interrupted = true;
        void r.cancel().catch(() => {});
      }
    }
    await Promise.race([Promise.all(running.map((a) => a.ended)), sleep(5000)]);
  }

  // ——— internals ———

  private async run(arena: LiveArena, prompt: string, modes: Record<string, string>): Promise<void> {
    const { store, worktrees } = this.deps;
    try {
      await arena.hold.ready;
      let fork: Awaited<ReturnType<WorktreeService['snapshotForFork']>>;
      let forkKept: Promise<void>;
      try {
        fork = await worktrees.snapshotForFork(arena.chatId);
        // Written while the worktrees are made; awaited before anything needs it (a contestant's ref).
        forkKept = keepUnderRef(fork.repoPath, refs.arenaFork(arena.id), fork.tree, fork.head, `boocoder: fork point of arena ${arena.id}`);
        forkKept.catch(() => {});
      } catch (e) {
        for (const r of arena.runs.values()) r.cancelRequested = true;
        for (const c of store.arenas.contestants(arena.id)) {
          store.arenas.finishContestant(arena.id, c.agent, { status: 'failed', stopReason: 'error', error: errorOf(e), model: null, reportedCost: null });
        }
        const { prepared } = arena;
        if (prepared) await Promise.all([...prepared.contestants.values()].map((pc) => this.prewarms.release(prepared, pc).catch(() => {})));
        return;
      }
      const turns = store.turns.listByChat(arena.chatId).filter((t) => t.status !== 'queued' && t.status !== 'running');
      const forkOrdinal = turns.at(-1)?.ordinal ?? 0;
      store.arenas.setFork(arena.id, { tree: fork.tree, ordinal: forkOrdinal });
      const handoff = this.historyFor(arena.chatId, forkOrdinal);
      const setup = this.setupScriptOf(arena.chatId);
      const contestants = store.arenas.contestants(arena.id);
      const { prepared } = arena;
      // What was prepared serves only while the chat's worktree is still what it was forked from.
      const fits = prepared !== null && preparationFits(await prepared.fork.catch(() => null), fork, setup !== null);
      if (prepared) await this.prewarms.adopted(prepared);
      const unpicked = prepared ? [...prepared.contestants.values()].filter((pc) => !contestants.some((c) => c.agent === pc.agent)) : [];
      await Promise.all([
        ...unpicked.map((pc) => this.prewarms.release(prepared!, pc).catch(() => {})),
        ...contestants.map(async (c) => {
          const runner = arena.runs.get(c.agent)!;
          try {
            const pc = prepared?.contestants.get(c.agent);
            if (fits && pc && (await pc.forked)) {
              await forkKept;
            } else {
              // A stale or failed preparation goes first: the fresh fork takes the same folder.
              if (pc) await this.prewarms.release(prepared!, pc);
              await prepared?.leaving.get(c.agent);
              await Promise.all([forkScratch(fork.repoPath, fork.head, fork.tree, c.path), forkKept]);
            }
          } catch (e) {
            store.arenas.finishContestant(arena.id, c.agent, { status: 'failed', stopReason: 'error', error: errorOf(e, 'Its scratch worktree could not be created'), model: null, reportedCost: null });
            this.deps.events.emit('arena.event', { arenaId: arena.id, chatId: arena.chatId, agent: c.agent, seq: 0, event: { type: 'turn.end', stopReason: 'error', error: errorOf(e) } });
            return;
          }
          await runner.run({ prompt, handoff, mode: modes[c.agent], setup });
          // Its prompts can no longer be answered once it ended.
          for (const [requestId, session] of this.permissionOwners) if (session === runner.session) this.permissionOwners.delete(requestId);
          await this.settle(arena.id, c.agent).catch(() => {});
          // Its session goes now, while the others may still work, not after the last of them.
          await runner.closeSession();
          this.updated(arena.chatId, arena.id);
        }),
      ]);
    } finally {
      await Promise.all([...arena.runs.values()].map((r) => r.closeSession()));
      const row = store.arenas.get(arena.id);
      if (row) store.arenas.setStatus(arena.id, arenaStatusAfter(this.accepting ? row.status : 'interrupted', store.arenas.contestants(arena.id)));
      this.live.delete(arena.id);
      arena.hold.release();
      this.updated(arena.chatId, arena.id);
    }
  }

  /** The repository's setup script, run in each contestant's worktree before its agent starts; null when none is set. */
  private setupScriptOf(chatId: string): ArenaSetupScript | null {
    const { store } = this.deps;
    const chat = store.chats.get(chatId);
    const repo = chat && store.repos.get(chat.repoId);
    const setup = chat && store.setup.get(chat.repoId);
    if (!repo || !setup?.script?.trim()) return null;
    return { script: setup.script, timeoutMs: setup.timeoutMs ?? DEFAULT_SETUP_TIMEOUT_MS, repoPath: repo.path, ...(this.deps.toolEnv ? { env: this.deps.toolEnv } : {}) };
  }

  /** The chat's turns up to the fork, for a contestant whose session starts knowing nothing. */
  private historyFor(chatId: string, forkOrdinal: number): { text: string; fromAgents: string[] } | null {
    const { store, catalog } = this.deps;
    const earlier = unseenTurns(store.turns.listSince(chatId, 0), '', 0, { beforeOrdinal: forkOrdinal + 1, ownHistory: true });
    const text = buildHandoff(
      earlier.map((t) => ({ agentName: catalog.displayName(t.agent), prompt: t.prompt, reply: replyText(store.turns.parts(t.id)), changedFiles: t.changedFiles })),
      { ownHistory: true, intro: CONTESTANT_INTRO },
    );
    return text ? { text, fromAgents: [...new Set(earlier.map((t) => t.agent))] } : null;
  }

  /**
   * Records an ended contestant's final state (tree, files against the fork, ref) once, while its
   * worktree is there. Each contestant has its own index and ref, so contestants ending together
   * are recorded side by side; a pick waits for its winner's recording, and pick and discard for
   * everyone's through stopContestants.
   */
  private settle(arenaId: string, agent: string): Promise<void> {
    return this.settling.run(`${arenaId}\0${agent}`, () => this.settleNow(arenaId, agent));
  }

  private async settleNow(arenaId: string, agent: string): Promise<void> {
    const { store } = this.deps;
    const c = store.arenas.contestants(arenaId).find((x) => x.agent === agent);
    if (!c || c.finalTree || c.worktreeRemoved) return;
    const row = store.arenas.get(arenaId)!;
    const repoPath = this.repoPathOf(row.chatId);
    if (!row.forkTree) return;
    let tree: string;
    try {
      tree = await snapshotScratch(c.path, this.indexFile(c));
    } catch {
      // The worktree never came to be or is gone: nothing of it to keep.
      return;
    }
    const ref = refs.arenaContestant(arenaId, c.position, c.agent);
    // Its files and its ref both come from the tree alone: read side by side.
    const [entries] = await Promise.all([
      diffTrees(repoPath, contestantBase(store.arenas.parts(arenaId, c.agent), row.forkTree), tree),
      this.forkCommit(repoPath, arenaId).then((fork) => keepUnderRef(repoPath, ref, tree, fork, `boocoder: ${c.agent} in arena ${arenaId}`)),
    ]);
    store.arenas.setResult(arenaId, c.agent, {
      finalTree: tree,
      archivedRef: ref,
      files: entries.map((e) => ({
        path: e.path,
        ...(e.oldPath ? { oldPath: e.oldPath } : {}),
        status: e.status,
        additions: e.additions,
        deletions: e.deletions,
        binary: e.binary,
      })),
    });
  }

  private recover(arenaId: string): Promise<void> {
    return this.lock.run(arenaId, () => this.recoverLocked(arenaId));
  }

  private async recoverLocked(arenaId: string): Promise<void> {
    if (this.live.has(arenaId)) return;
    for (const c of this.deps.store.arenas.contestants(arenaId)) await this.settle(arenaId, c.agent).catch(() => {});
  }

  /** Cancels whatever still runs in the arena and waits for it to have ended and been recorded. */
  private async stopContestants(arenaId: string): Promise<void> {
    const live = this.live.get(arenaId);
    if (!live) return;
    await Promise.all([...live.runs.values()].map((r) => r.cancel().catch(() => {})));
    await Promise.all([...live.runs.values()].map((r) => waitFor(() => !this.live.has(arenaId) || !isContestantLive(this.deps.store.arenas.contestants(arenaId).find((c) => c.agent === r.spec.id)!.status))));
    // Each ended contestant is recorded here unless its run already did (or is doing) it.
    await Promise.all(this.deps.store.arenas.contestants(arenaId).map((c) => this.settle(arenaId, c.agent).catch(() => {})));
  }

  /** Lands a contestant with the chat's turns held (none runs while its worktree moves), then records how. */
  private async landHeld(
    chatId: string,
    arenaId: string,
    contestant: ContestantRow,
    how: 'pick' | 'restore',
    record: (turnId: string) => void | Promise<void>,
  ): Promise<{ turnId: string }> {
    const hold = this.deps.dispatcher.hold(chatId);
    try {
      await hold.ready;
      const turnId = await this.land(arenaId, contestant, how);
      await record(turnId);
      this.deps.events.emit('changes.updated', { chatId });
      this.updated(chatId, arenaId);
      return { turnId };
    } finally {
      hold.release();
    }
  }

  /**
   * Lands a contestant's work in the chat's worktree as its turn, picked or restored later; returns
   * the turn's id. Refuses (nothing changed) on a conflict.
   */
  private async land(arenaId: string, winner: ContestantRow, how: 'pick' | 'restore'): Promise<string> {
    const { store, worktrees, pool } = this.deps;
    const row = store.arenas.get(arenaId)!;
    const repoPath = this.repoPathOf(row.chatId);
    const entries = await diffTrees(repoPath, contestantBase(store.arenas.parts(arenaId, winner.agent), row.forkTree!), winner.finalTree!);
    const begun = await worktrees.beginTurn(row.chatId);
    let turnId: string | null = null;
    let ordinal = 0;
    try {
      const plan = pickPlan(entries, await changedPaths(repoPath, row.forkTree!, begun.treeBefore));
      if (plan.conflicts.length > 0) {
        const wayOut = how === 'restore' ? ' Discard or commit those files first, then restore it.' : '';
        throw new AppError('ApplyConflict', `The chat changed ${plan.conflicts.join(', ')} since the arena started; ${winner.agent}'s version was not landed (nothing changed).${wayOut}`, {
          files: plan.conflicts,
        });
      }
      if (plan.targets.length > 0) await writeTreeFiles(begun.path, winner.finalTree!, plan.targets);
      const others = store.arenas.contestants(arenaId).filter((c) => c.agent !== winner.agent).map((c) => c.agent);
      // A pick took place when the contestant ran: its start and end are the contestant's. A
      // restore comes after turns that followed the arena, so it ends now, as long as the contestant took.
      const now = Date.now();
      const took = winner.startedAt !== null && winner.endedAt !== null ? winner.endedAt - winner.startedAt : 0;
      const when = how === 'pick' ? { start: winner.startedAt ?? row.createdAt, end: winner.endedAt ?? now } : { start: now - took, end: now };
      const turn = store.turns.create({ chatId: row.chatId, agent: winner.agent, prompt: row.prompt, model: winner.model, status: 'running' }, when.start);
      turnId = turn.id;
      ordinal = turn.ordinal;
      const marker = { kind: 'arena' as const, arenaId, others, ...(how === 'restore' ? { restored: true as const } : {}) };
      const parts = [marker, ...landedParts(store.arenas.parts(arenaId, winner.agent))];
      store.turns.writeParts(turn.id, parts.map((part, idx) => ({ idx, part })));
      store.turns.addUsage(turn.id, winner.usage, winner.costReported);
      store.turns.setSessionMode(turn.id, 'new');
      store.turns.finish(turn.id, {
        status: winner.status,
        stopReason: winner.stopReason ?? 'end_turn',
        ...(winner.errorName ? { error: { name: winner.errorName, message: winner.errorMessage ?? '' } } : {}),
        model: winner.model,
      }, when.end);
    } finally {
      const { changedPaths: changed } = await worktrees.endTurn(row.chatId, winner.agent, begun);
      if (turnId) store.turns.setChangedFiles(turnId, changed);
    }
    // The winner's contestant session takes the place of the chat's session of that agent. An
    // agent's session is bound to the folder it was opened in, and the contestant's folder is
    // going. opencode can move a stored session to another folder of the project (its history
    // with it), so the winner goes on in its contestant session, resumed in the chat's worktree
    // on its next turn, told only of what others did after the pick. The others cannot: qwen
    // refuses to resume a session elsewhere, Claude Code resumes it and then fails on the gone
    // folder, Codex resumes it and writes its next file outside the chat's worktree (all
    // measured with the real programs). For them the chat's session of the winner is marked as
    // one that cannot come back, and its next turn opens a new session told the whole chat — the
    // arena turn, its own, included — as any agent whose memory was lost is. A restore does the
    // same: the chat's session of that agent never saw the restored work, and a hand-off tells an
    // agent only of other agents' turns.
    await pool.evict(row.chatId, winner.agent, 'evicted');
    if (how === 'pick' && winner.externalSessionId && (await this.carryOver(winner, winner.externalSessionId, begun.path))) {
      store.sessions.upsert(row.chatId, winner.agent, { externalSessionId: winner.externalSessionId, status: 'evicted' });
      store.sessions.setSeenThrough(row.chatId, winner.agent, ordinal);
    } else {
      store.sessions.upsert(row.chatId, winner.agent, { externalSessionId: movedSessionId(winner.externalSessionId ?? arenaId), status: 'evicted' });
    }
    store.sessions.addUsage(row.chatId, winner.agent, winner.usage, winner.costReported);
    return turnId!;
  }

  /** Moves the winner's contestant session to the chat's worktree where its agent can; false otherwise (or when the move fails). */
  private async carryOver(winner: ContestantRow, externalSessionId: string, chatWorktree: string): Promise<boolean> {
    try {
      return await this.deps.pool.moveSession(this.deps.catalog.require(winner.agent), externalSessionId, chatWorktree);
    } catch {
      // The pick has landed; the winner then goes on with the whole story instead.
      return false;
    }
  }

  /** Every contestant's worktree goes (its state is under its ref); their sessions end. */
  private async closeArena(arenaId: string): Promise<void> {
    for (const c of this.deps.store.arenas.contestants(arenaId)) if (!c.worktreeRemoved) await this.removeWorktree(arenaId, c);
  }

  private async removeWorktree(arenaId: string, c: ContestantRow): Promise<void> {
    const row = this.deps.store.arenas.get(arenaId)!;
    await removeScratch(this.repoPathOf(row.chatId), c.path, this.indexFile(c));
    this.deps.store.arenas.markWorktreeRemoved(arenaId, c.agent);
  }

  private forkCommit(repoPath: string, arenaId: string): Promise<string> {
    return resolve(repoPath, refs.arenaFork(arenaId));
  }

  private indexFile(c: Pick<ContestantRow, 'path' | 'agent'>): string {
    return contestantIndexFile(c.path, c.agent);
  }

  private repoPathOf(chatId: string): string {
    const chat = this.deps.store.chats.get(chatId);
    const repo = chat && this.deps.store.repos.get(chat.repoId);
    if (!repo) throw new AppError('NotFound', `The repository of chat ${chatId} is not known.`);
    return repo.path;
  }

  private requireArena(arenaId: string) {
    const row = this.deps.store.arenas.get(arenaId);
    if (!row) throw new AppError('NotFound', `No arena ${arenaId}.`);
    return row;
  }

  private liveParts(arenaId: string): Map<string, { parts: TurnPart[]; eventsSeen: number }> | undefined {
    const live = this.live.get(arenaId);
    if (!live) return undefined;
    return new Map([...live.runs].map(([agent, r]) => [agent, { parts: r.parts, eventsSeen: r.seq }]));
  }

  private updated(chatId: string, arenaId: string): void {
    this.deps.events.emit('arena.updated', { chatId, arenaId });
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A stored session id no agent knows: the session it names lived in an arena's scratch folder, now removed. */
const movedSessionId = (contestantSession: string): string => `arena-contestant-gone:${contestantSession}`;

async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await sleep(25);
}

function errorOf(e: unknown, prefix?: string): { name: string; message: string } {
  const message = e instanceof Error ? e.message : String(e);
  return { name: e instanceof AppError ? e.name : 'Internal', message: prefix ? `${prefix}: ${message}` : message };
}
