import type { Arena, ArenaContestant, ArenaFile, ArenaSummary, TurnPart } from '../../../src-preload/contract';
import { replyText } from '../../../src-preload/contract';
import type { ArenaRow, ContestantRow } from '../store/arenas-store';
import type { Store } from '../store/store';
import { contestantBase } from './arena-policy';
import { diffTreesWithText } from '../worktrees/tree-diff';

/** An arena as the contract shows it: each contestant with its transcript and, once ended, its diff against the fork point. */
export async function arenaView(store: Store, row: ArenaRow, live?: ReadonlyMap<string, { parts: TurnPart[]; eventsSeen: number }>): Promise<Arena> {
  const chat = store.chats.get(row.chatId);
  const repoPath = chat ? store.repos.get(chat.repoId)?.path : undefined;
  const contestants = await Promise.all(
    store.arenas.contestants(row.id).map(async (c): Promise<ArenaContestant> => {
      const running = live?.get(c.agent);
      const parts = running?.parts ?? store.arenas.parts(row.id, c.agent);
      return {
        agent: c.agent,
        status: c.status,
        ...(c.stopReason ? { stopReason: c.stopReason } : {}),
        ...(c.errorName ? { error: { name: c.errorName, message: c.errorMessage ?? '' } } : {}),
        text: replyText(parts),
        parts: structuredClone(parts),
        usage: c.usage,
        costReported: c.costReported,
        model: c.model,
        startedAt: c.startedAt,
        endedAt: c.endedAt,
        files: repoPath && row.forkTree ? await filesOf(repoPath, contestantBase(parts, row.forkTree), c) : [],
        archivedRef: c.archivedRef,
        restoredTurnId: c.restoredTurnId,
        eventsSeen: running?.eventsSeen ?? 0,
      };
    }),
  );
  return {
    id: row.id,
    chatId: row.chatId,
    prompt: row.prompt,
    status: row.status,
    contestants,
    ...(row.pickedAgent ? { pickedAgent: row.pickedAgent } : {}),
    ...(row.pickedTurnId ? { pickedTurnId: row.pickedTurnId } : {}),
    createdAt: row.createdAt,
    endedAt: row.endedAt,
  };
}

export function arenaSummary(store: Store, row: ArenaRow): ArenaSummary {
  return {
    id: row.id,
    chatId: row.chatId,
    prompt: row.prompt,
    status: row.status,
    contestants: store.arenas.contestants(row.id).map((c) => ({ agent: c.agent, status: c.status, fileCount: c.files?.length ?? 0 })),
    ...(row.pickedAgent ? { pickedAgent: row.pickedAgent } : {}),
    ...(row.pickedTurnId ? { pickedTurnId: row.pickedTurnId } : {}),
    createdAt: row.createdAt,
    endedAt: row.endedAt,
  };
}

/** The recorded files with their diff text against `base`, read from git (the trees are kept by the arena's refs). */
async function filesOf(repoPath: string, base: string, c: ContestantRow): Promise<ArenaFile[]> {
  if (!c.finalTree || !c.files || c.files.length === 0) return [];
  const { texts } = await diffTreesWithText(repoPath, base, c.finalTree);
  return c.files.map((f) => {
    const text = texts.get(f.path);
    return { ...f, diff: text?.diff ?? '', truncated: text?.truncated ?? false };
  });
}
