import path from 'node:path';

/**
 * What a sandboxed agent process may write. Everything else on the filesystem stays readable and
 * is read-only; the network is untouched. The plan is the same for every platform's sandbox; only
 * how it is enforced differs (bwrap on Linux, Seatbelt on macOS).
 */
export interface SandboxPlan {
  /** Absolute paths writable inside the sandbox (directories or single files), most general first. */
  writable: string[];
  /** The agent's private temp directory (TMPDIR inside the sandbox). */
  tmpDir: string;
  /** Of those, what a commit in a worktree needs of each repository's `.git`. */
  gitWritable: string[];
}

export interface SandboxPlanInput {
  /** Where BooCoder keeps every chat's worktree. */
  worktreesRoot: string;
  /** The agent's own state and config, from its profile (e.g. ~/.claude, ~/.codex). */
  stateDirs: readonly string[];
  /** Single files of state, from its profile (e.g. ~/.claude.json). */
  stateFiles: readonly string[];
  tmpDir: string;
  /** The git common dirs (`.git`) of the repositories whose worktrees the agent works in. */
  gitCommonDirs: readonly string[];
  /**
   * For a process confined to one worktree: that worktree's admin folder in its repository's
   * `.git`, writable instead of every worktree's.
   */
  worktreeGitDir?: string;
}

/**
 * Of a repository's `.git`, what committing in one of its worktrees needs: objects, refs, their
 * logs, and the worktrees' own admin folders (index, HEAD), or only `worktreeGitDir` when given.
 * Never `hooks/` or `config`: a hook written there would run in the user's own checkout.
 */
export const gitWritablePaths = (commonDir: string, worktreeGitDir?: string): string[] => [
  ...['objects', 'refs', 'logs'].map((name) => path.join(commonDir, name)),
  worktreeGitDir ?? path.join(commonDir, 'worktrees'),
];

/** Whether `child` is `parent` or inside it. */
export const isWithin = (child: string, parent: string): boolean => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** Pure: the writable set, absolute and without duplicates or paths already inside another. */
export function sandboxPlan(input: SandboxPlanInput): SandboxPlan {
  const gitWritable = input.gitCommonDirs.flatMap((d) => gitWritablePaths(d, input.worktreeGitDir)).map((p) => path.resolve(p));
  const all = [input.worktreesRoot, input.tmpDir, ...input.stateDirs, ...input.stateFiles].map((p) => path.resolve(p)).concat(gitWritable);
  const unique = [...new Set(all)].sort((a, b) => a.length - b.length || a.localeCompare(b));
  const writable = unique.filter((p, i) => !unique.slice(0, i).some((q) => isWithin(p, q)));
  return { writable, tmpDir: path.resolve(input.tmpDir), gitWritable };
}
