import type { ChangedFile, Risk, SessionInfo } from '../../src-preload/contract';

/** The agents (and "you") behind a pending change, in the order they first appear. */
export function contributors(files: readonly ChangedFile[]): string[] {
  const seen: string[] = [];
  for (const f of files) {
    const who = f.agent ?? 'you';
    if (!seen.includes(who)) seen.push(who);
  }
  return seen;
}

export function totals(files: readonly ChangedFile[]): { additions: number; deletions: number } {
  return files.reduce((acc, f) => ({ additions: acc.additions + f.additions, deletions: acc.deletions + f.deletions }), { additions: 0, deletions: 0 });
}

/** Keeps a selection to the files still pending (a refresh may drop some). */
export function pruneSelection(selected: ReadonlySet<string>, files: readonly ChangedFile[]): Set<string> {
  const present = new Set(files.map((f) => f.path));
  return new Set([...selected].filter((p) => present.has(p)));
}

/**
 * Other agents' unapplied edits the selected agent has not seen yet: shown as a hint so the user
 * knows its next prompt carries a hand-off.
 */
export function unseenEditors(agent: string, sessions: readonly SessionInfo[], files: readonly ChangedFile[]): string[] {
  const mine = sessions.find((s) => s.agent === agent);
  if (!mine?.pendingHandoff) return [];
  return contributors(files).filter((who) => who !== agent && who !== 'you');
}

/** The lines of a work-loss guard: what archiving a chat would lose. */
export function riskLines(risk: Risk): string[] {
  const lines: string[] = [];
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (risk.unappliedFiles.length) lines.push(`${plural(risk.unappliedFiles.length, 'unapplied file', 'unapplied files')}: ${risk.unappliedFiles.join(', ')}`);
  if (risk.dirtyFiles.length) lines.push(`${plural(risk.dirtyFiles.length, 'uncommitted file', 'uncommitted files')} in the worktree: ${risk.dirtyFiles.join(', ')}`);
  if (risk.unpushedCommits.length) lines.push(`${plural(risk.unpushedCommits.length, 'commit', 'commits')} not on any branch you have: ${risk.unpushedCommits.join(', ')}`);
  return lines;
}

export const hasRisk = (risk: Risk): boolean => riskLines(risk).length > 0;

/** The files named by an ApplyConflict error's data, whatever shape the core sends. */
export function conflictFiles(data: unknown): string[] {
  if (Array.isArray(data)) return data.filter((x): x is string => typeof x === 'string');
  if (data && typeof data === 'object' && 'files' in data) return conflictFiles((data as { files: unknown }).files);
  return [];
}

/** The risk carried by a ChatAtRisk error's data, when the core attaches it. */
export function riskFromError(data: unknown): Risk | null {
  if (!data || typeof data !== 'object') return null;
  const d = (data as { risk?: unknown }).risk ?? data;
  if (!d || typeof d !== 'object') return null;
  const r = d as Partial<Record<keyof Risk, unknown>>;
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  if (!('unappliedFiles' in r) && !('dirtyFiles' in r) && !('unpushedCommits' in r)) return null;
  return { unappliedFiles: list(r.unappliedFiles), dirtyFiles: list(r.dirtyFiles), unpushedCommits: list(r.unpushedCommits) };
}
