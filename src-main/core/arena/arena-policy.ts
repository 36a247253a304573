import type { ArenaStatus, StopReason, TurnPart, TurnStatus } from '../../../src-preload/contract';
import { statusForStopReason } from '../turns/turn-status';

/** The arena's decisions as pure functions of what is stored; arena-service.ts applies them. */

export const isContestantLive = (status: TurnStatus): boolean => status === 'queued' || status === 'running';

/** An arena runs while any contestant does; then it waits for a pick ('done'), unless it was cut short. */
export function arenaStatusAfter(current: ArenaStatus, contestants: ReadonlyArray<{ status: TurnStatus }>): ArenaStatus {
  if (current === 'picked' || current === 'discarded' || current === 'interrupted') return current;
  return contestants.some((c) => isContestantLive(c.status)) ? 'running' : 'done';
}

export const isArenaOpen = (status: ArenaStatus): boolean => status === 'running' || status === 'done' || status === 'interrupted';

/** Why a pick is refused, or null when it may go ahead. */
export function pickRefusal(
  arena: { status: ArenaStatus },
  contestant: { status: TurnStatus; finalTree: string | null } | undefined,
  agent: string,
): { name: 'ArenaClosed' | 'NotFound' | 'ContestantRunning'; message: string } | null {
  if (!isArenaOpen(arena.status)) return { name: 'ArenaClosed', message: `This arena was already ${arena.status}.` };
  if (!contestant) return { name: 'NotFound', message: `${agent} is not a contestant of this arena.` };
  if (isContestantLive(contestant.status)) return { name: 'ContestantRunning', message: `${agent} is still working; cancel it or wait for it to end before picking it.` };
  if (!contestant.finalTree) return { name: 'NotFound', message: `${agent}'s work was not recorded (its worktree could not be read); it cannot be picked.` };
  return null;
}

/** Why bringing a contestant back after its arena closed is refused, or null when it may go ahead. */
export function restoreRefusal(
  arena: { status: ArenaStatus; pickedAgent: string | null; pickedTurnId: string | null },
  contestant: { finalTree: string | null; files: ReadonlyArray<unknown> | null; restoredTurnId: string | null } | undefined,
  agent: string,
): { name: 'ArenaOpen' | 'NotFound' | 'NothingToRestore'; message: string; data?: { turnId: string } } | null {
  if (isArenaOpen(arena.status)) return { name: 'ArenaOpen', message: 'This arena is still open: pick a contestant instead.' };
  if (!contestant) return { name: 'NotFound', message: `${agent} is not a contestant of this arena.` };
  const landedAs = arena.pickedAgent === agent ? arena.pickedTurnId : contestant.restoredTurnId;
  if (landedAs) return { name: 'NothingToRestore', message: `${agent}'s work is in the chat already (turn ${landedAs}).`, data: { turnId: landedAs } };
  if (!contestant.finalTree) return { name: 'NotFound', message: `${agent}'s work was not recorded (its worktree could not be read); there is nothing to restore.` };
  if (!contestant.files || contestant.files.length === 0) return { name: 'NothingToRestore', message: `${agent} changed no files in this arena.` };
  return null;
}

/** The files a discard would drop, per contestant: the work-loss guard refuses when there are any. */
export function discardRisk(contestants: ReadonlyArray<{ agent: string; files: ReadonlyArray<{ path: string }> | null; status: TurnStatus }>): Array<{ agent: string; files: string[] }> {
  return contestants
    .map((c) => ({ agent: c.agent, files: (c.files ?? []).map((f) => f.path) }))
    .filter((c, i) => c.files.length > 0 || isContestantLive(contestants[i]!.status));
}

/** A contestant's turn status from how it stopped (cancelled by the user counts as cancelled whatever it said). */
export function contestantStatus(stopReason: StopReason, cancelRequested: boolean): { status: TurnStatus; stopReason: StopReason } {
  const stop: StopReason = cancelRequested && stopReason !== 'error' ? 'cancelled' : stopReason;
  return { status: statusForStopReason(stop), stopReason: stop };
}

/**
 * The chat paths a pick writes, and which of them the chat changed since the fork: a pick only
 * lands on files the chat left as they were at the fork (else it is refused, nothing changed).
 * `winner` lists the winner's changes against the fork (renames name both paths);
 * `chatSinceFork` the paths the chat's worktree changed since the fork.
 */
export function pickPlan(
  winner: ReadonlyArray<{ path: string; oldPath?: string | null | undefined }>,
  chatSinceFork: ReadonlySet<string>,
): { targets: string[]; conflicts: string[] } {
  const targets = [...new Set(winner.flatMap((f) => (f.oldPath ? [f.oldPath, f.path] : [f.path])))].sort();
  return { targets, conflicts: targets.filter((p) => chatSinceFork.has(p)) };
}

/**
 * The tree a contestant's changes are counted from: its worktree once its setup script was done
 * (what the script left is not the agent's change), else the fork point.
 */
export function contestantBase(parts: readonly TurnPart[], forkTree: string): string {
  for (const p of parts) if (p.kind === 'setup' && p.treeAfter) return p.treeAfter;
  return forkTree;
}

/** A contestant's transcript as it lands in the chat's turn: without its setup, which ran in its scratch worktree, not the chat's. */
export const landedParts = (parts: readonly TurnPart[]): TurnPart[] => parts.filter((p) => p.kind !== 'setup');

/**
 * Why contestants are not prepared ahead for the chat's next arena, or null when they may be. A
 * setup script runs in each contestant's worktree before its agent starts, with its output and
 * failures shown in the arena, so it waits for the start; a busy chat's worktree is about to
 * change, so a fork of it now would be stale.
 */
export function prewarmRefusal(chat: { hasSetupScript: boolean; chatBusy: boolean }): string | null {
  if (chat.hasSetupScript) return "the repository's setup script runs in each contestant's copy when the arena starts";
  if (chat.chatBusy) return 'a turn is running in this chat; its worktree is about to change';
  return null;
}

/**
 * Whether a preparation's scratch worktrees can serve the arena as they are: only when the chat's
 * worktree is still what they were forked from (same HEAD, same files) and no setup script has to
 * run in them first.
 */
export function preparationFits(prepared: { tree: string; head: string } | null, fork: { tree: string; head: string }, hasSetupScript: boolean): boolean {
  return !!prepared && !hasSetupScript && prepared.tree === fork.tree && prepared.head === fork.head;
}
