import { chmodSync, existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { AgentLaunch } from '../agents/agent-backend';
import type { AgentProfile, SessionChild } from '../agents/profiles/agent-profile';
import { bwrapArgs } from './bwrap-command';
import { findExecutable } from '../agents/catalog/find-executable';
import { sandboxPlan, type SandboxPlan } from './sandbox-plan';
import { worktreeGitDirs } from './git-common-dir';
import { worktreeShellScript } from './worktree-shell';
import { seatbeltArgs } from './seatbelt-profile';
import type { SandboxSupport } from './sandbox-support';


/** What the agents view says about one agent's sandbox. */
export type SandboxStatus =
  | { state: 'on'; kind: 'bwrap' | 'seatbelt' }
  | { state: 'off'; reason: string }
  | { state: 'unavailable'; reason: string };

export const SANDBOX_OFF_REASON = 'Turned off in Settings: this agent can write anywhere your user can.';

/** Pure: the status of an agent's sandbox from the machine's support and the user's choice. */
export function sandboxStatus(support: SandboxSupport, enabled: boolean): SandboxStatus {
  if (!enabled) return { state: 'off', reason: SANDBOX_OFF_REASON };
  if (!support.available) return { state: 'unavailable', reason: support.reason };
  return { state: 'on', kind: support.kind };
}

export interface AgentSandboxOptions {
  support: SandboxSupport;
  /** Where every chat's worktree lives (writable for every agent). */
  worktreesRoot: string;
  /** Parent of each agent's private temp directory. */
  sandboxRoot: string;
  /**
   * The empty folder ACP agents start in: writable, because Codex's own command sandbox makes
   * its process's folder a writable root (and needs to create a `.git` mount point there).
   */
  agentCwd?: string;
  /** The git common dirs of the repositories opened so far. */
  gitCommonDirs: () => Promise<string[]>;
}

/** A launch wrapped in the sandbox, with what it was planned for (to tell when a new repository needs a restart). */
export interface SandboxedLaunch extends AgentLaunch {
  plan: SandboxPlan | null;
}

/**
 * Wraps agent launches in the platform's write sandbox: the agent (and every process it starts)
 * can write only the worktrees, its own state folders, a private temp folder and what committing
 * needs of each repository's `.git`. An agent whose sandbox is off or unavailable starts as it is;
 * its status says so (never silently).
 */
export class AgentSandbox {
  /**
   * Writes the agent's shell wrappers (see worktree-shell.ts) and returns the PATH and SHELL that
   * put them first. Real shells are looked up on the agent's own PATH.
   */
  private installWorktreeShells(agentId: string, env: NodeJS.ProcessEnv, bwrap: string, plan: SandboxPlan, worktreesRoot: string): NodeJS.ProcessEnv {
    const binDir = path.join(this.agentDir(agentId), 'bin');
    mkdirSync(binDir, { recursive: true });
    const userShell = env.SHELL && path.isAbsolute(env.SHELL) ? env.SHELL : null;
    const names = [...new Set(['bash', 'sh', ...(userShell ? [path.basename(userShell)] : [])])];
    // A command may write its worktree, the temp folder and what committing needs; not the agent's own state.
    const alsoWritable = [plan.tmpDir, ...plan.gitWritable];
    const installed: string[] = [];
    for (const name of names) {
      const realShell = name === path.basename(userShell ?? '') ? userShell : findExecutable(name, { extraDirs: [], pathEnv: env.PATH });
      if (!realShell || path.dirname(realShell) === binDir) continue;
      const file = path.join(binDir, name);
      writeFileSync(file, worktreeShellScript({ realShell, bwrap, worktreesRoot, alsoWritable }), { mode: 0o755 });
      chmodSync(file, 0o755);
      installed.push(name);
    }
    if (installed.length === 0) return {};
    const shellName = userShell ? path.basename(userShell) : 'bash';
    return {
      PATH: [binDir, env.PATH].filter(Boolean).join(path.delimiter),
      ...(installed.includes(shellName) ? { SHELL: path.join(binDir, shellName) } : {}),
    };
  }

  /**
   * Writes the wrapper that starts the agent's per-session child (its profile's `sessionChild`)
   * confined to its session's worktree, and returns its path. The child is the agent's own
   * program: it may write its state folders and files besides, as the agent process may.
   */
  private installSessionChild(agentId: string, child: SessionChild, bwrap: string, plan: SandboxPlan, worktreesRoot: string): string {
    const binDir = path.join(this.agentDir(agentId), 'bin');
    mkdirSync(binDir, { recursive: true });
    const file = path.join(binDir, 'session-child');
    const [program, ...leadingArgs] = child.command;
    const alsoWritable = plan.writable.filter((p) => p !== worktreesRoot);
    writeFileSync(file, worktreeShellScript({ realShell: program, leadingArgs, bwrap, worktreesRoot, alsoWritable }), { mode: 0o755 });
    chmodSync(file, 0o755);
    return file;
  }

  private agentDir(agentId: string): string {
    return path.join(this.options.sandboxRoot, agentId.replace(/[^a-zA-Z0-9._-]/g, '_'));
  }

  /** The git dirs each agent's running sandbox was made for. */
  private readonly covered = new Map<string, Set<string>>();

  constructor(private readonly options: AgentSandboxOptions) {}

  /** Whether the agent's sandboxed process was started before this repository was opened (it cannot commit there). */
  lacks(agentId: string, gitCommonDir: string): boolean {
    const covered = this.covered.get(agentId);
    return covered !== undefined && !covered.has(path.resolve(gitCommonDir));
  }

  get support(): SandboxSupport {
    return this.options.support;
  }

  status(enabled: boolean): SandboxStatus {
    return sandboxStatus(this.options.support, enabled);
  }

  /** Whether an agent's process runs in the sandbox (its profile may need to know). */
  applies(enabled: boolean): boolean {
    return enabled && this.options.support.available;
  }

  /**
   * `confinedTo`: the one worktree a process of its own per worktree works in (see the profile's
   * `processPerWorktree`). It may write that worktree and only its repository's commit paths; it
   * starts there, so it needs no scratch folder and no per-command confinement.
   */
  async wrap(agentId: string, profile: AgentProfile | undefined, enabled: boolean, launch: AgentLaunch, confinedTo?: string): Promise<SandboxedLaunch> {
    const support = this.options.support;
    if (!enabled || !support.available) {
      this.covered.delete(agentId);
      return { ...launch, plan: null };
    }
    const home = launch.env.HOME ?? homedir();
    const stateDirs = profile?.stateDirs(launch.env, home) ?? [];
    const stateFiles = profile?.stateFiles?.(launch.env, home) ?? [];
    const tmpDir = path.join(this.agentDir(agentId), 'tmp');
    const own = confinedTo === undefined ? null : await worktreeGitDirs(confinedTo);
    const gitCommonDirs = confinedTo === undefined ? await this.options.gitCommonDirs() : own ? [own.commonDir] : [];
    const worktreesRoot = confinedTo ?? this.options.worktreesRoot;
    // bwrap binds only what exists, and an agent must find its state folders writable on its first run.
    const scratch = this.options.agentCwd && confinedTo === undefined ? [this.options.agentCwd] : [];
    for (const dir of [worktreesRoot, tmpDir, ...scratch, ...stateDirs, ...gitCommonDirs.map((d) => path.join(d, 'worktrees'))]) {
      mkdirSync(dir, { recursive: true });
    }
    for (const file of stateFiles) {
      if (existsSync(file.path)) continue;
      mkdirSync(path.dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.initial, { flag: 'wx' });
    }
    const existing = gitCommonDirs.filter((d) => existsSync(d));
    // A process confined to one worktree serves only that worktree's repository: it never lacks another's.
    if (confinedTo === undefined) this.covered.set(agentId, new Set(existing.map((d) => path.resolve(d))));
    // Real paths: Seatbelt matches after symlinks are resolved (macOS's /tmp is /private/tmp).
    const real = (p: string) => (existsSync(p) ? realpathSync(p) : p);
    const plan = sandboxPlan({
      worktreesRoot: real(worktreesRoot),
      stateDirs: [...scratch, ...stateDirs].map(real),
      stateFiles: stateFiles.map((f) => real(f.path)),
      tmpDir: real(tmpDir),
      gitCommonDirs: existing.map(real),
      ...(own ? { worktreeGitDir: real(own.gitDir) } : {}),
    });
    const env: NodeJS.ProcessEnv = { ...launch.env, TMPDIR: tmpDir, TMP: tmpDir, TEMP: tmpDir };
    for (const name of profile?.tempDirEnv ?? []) env[name] = tmpDir;
    if (support.kind === 'bwrap' && support.nested && confinedTo === undefined) {
      Object.assign(env, this.installWorktreeShells(agentId, env, support.program, plan, real(worktreesRoot)));
      const child = profile?.sessionChild?.({ command: launch.command, env: launch.env });
      if (child) env[child.envVar] = this.installSessionChild(agentId, child, support.program, plan, real(worktreesRoot));
    }
    const args = support.kind === 'bwrap' ? bwrapArgs(plan, launch.command, launch.args) : seatbeltArgs(plan, launch.command, launch.args);
    const note = `It ran in BooCoder's write sandbox (${support.kind}), where it can write only its worktree and its own state folders; if it needs more, turn the sandbox off for this agent in Settings.`;
    return { command: support.program, args, env, plan, note };
  }
}
