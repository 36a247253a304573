import type { Usage } from '../../../../src-preload/contract';

/**
 * Everything BooCoder knows about one agent program lives in that agent's profile: how to find
 * and start it, how to recognise it from what it says at `initialize`, which of its behaviours
 * need handling, where its usage arrives and where it keeps its state. The ACP and opencode code
 * stays generic and asks the profile; an agent without a profile gets the generic behaviour.
 */

/** One way to start the agent; a profile lists them in order and the first program found wins. */
export interface LaunchCandidate {
  command: string;
  args: readonly string[];
}

/** What an agent says about itself in `initialize` (`agentInfo`). */
export interface AgentIdentity {
  name: string | null;
  title?: string | null;
  version: string | null;
}

/** Where a turn's usage can be read besides the ACP messages every agent may send. */
export interface TurnUsageSource {
  /** Called before a turn's prompt goes out; resolves to a reader that yields that turn's usage once it has ended. */
  begin(context: { sessionId: string; env: NodeJS.ProcessEnv }): Promise<{ end(): Promise<Usage | null> }>;
}

export interface AgentBehaviours {
  /** Whether the agent reports a cost at all (else the UI says "no cost reported", never $0). */
  reportsCost: boolean;
  /**
   * An `fs/read_text_file` of a file that does not exist (yet) inside the worktree is answered
   * with empty content instead of an error: Gemini's write of a new file reads it first and
   * breaks on any error reply.
   */
  readsMissingFileAsEmpty: boolean;
  /**
   * After a cancel or a failed turn, the agent's next `session/prompt` answers `end_turn` at once
   * with no output and its real reply streams one prompt late (claude-agent-acp). Such a session
   * is replaced by a fresh one with the chat's history.
   */
  answersLateAfterCancelOrError: boolean;
  /**
   * Its cumulative cost (`usage_update.cost`) counts only what the session has spent since it was
   * last opened, so a resumed or loaded session starts again from zero (claude-agent-acp: a resume
   * starts a new `claude` child, whose `total_cost_usd` starts at 0). Otherwise a resumed session
   * goes on from the cost last recorded for it.
   */
  costRestartsOnResume?: boolean;
  /**
   * An update the agent sends in a shape of its own, put in ACP's (Gemini CLI announces a mode
   * change as reply text); anything else comes back as it was.
   */
  standardUpdate?: (update: Record<string, unknown>) => Record<string, unknown>;
  /** Usage the agent puts in its own place in the prompt result (Gemini: `_meta.quota`). */
  promptResultUsage?: (result: Record<string, unknown>) => Usage | null;
  /** Usage the agent keeps outside ACP (Codex: its session log's token counts). */
  turnUsage?: TurnUsageSource;
  /**
   * The process boots an instance per working directory and keeps it in memory after its
   * sessions go (opencode: 55–65 MB each, and disposing an instance does not give it back). Only
   * a restart returns that memory, so the supervisor recycles such a process when most of its
   * memory is idle directories and no turn is running.
   */
  keepsDirectoryInstances?: boolean;
}

/** A published npm package BooCoder can install into its own folder: the version it was tested with (package.json pins the same). */
export interface NpmPackage {
  name: string;
  version: string;
  /** The program the package puts in node_modules/.bin (the launch candidate it satisfies). */
  bin: string;
}

/** What it takes for an agent to have credentials, and how a user signs it in. */
export interface AgentSignIn {
  /** Variables any one of which holds a usable key (in the agent's env or the user's shell). */
  keyVars: readonly string[];
  /** ACP auth method ids that take an API key, and the variable the key goes into. */
  keyMethods?: Readonly<Record<string, string>>;
  /** Files whose presence means the user has signed in (absolute paths). */
  credentialFiles(env: NodeJS.ProcessEnv, home: string): string[];
  /**
   * Why credentials may be elsewhere, so "no key or login found" does not mean "signed out"
   * (Claude Code keeps its login in the macOS Keychain; a config file may name a provider).
   * Returns the reason, or null.
   */
  credentialsElsewhere?(env: NodeJS.ProcessEnv, home: string, platform: NodeJS.Platform): string | null;
  /** The interactive login: `self` runs the agent's own program with these arguments; otherwise a program found on PATH. */
  login: { program: 'self' | string; args: readonly string[]; then?: string; /** When `program` is not found: how to get it. */ missing?: string };
}

export interface AgentProfile {
  /** The built-in catalog id this profile backs. */
  id: string;
  name: string;
  kind: 'opencode' | 'acp';
  launch: readonly LaunchCandidate[];
  /** Whether `agentInfo` says this is the agent (so a custom command that is really it gets its care). */
  recognizes(identity: AgentIdentity): boolean;
  /**
   * Variables set on top of the agent's environment: settings BooCoder relies on, e.g. that its
   * own permission rules ask before it writes outside its directory (a second line behind the
   * sandbox; opencode's external_directory), or that it skips work BooCoder does itself.
   */
  envOverrides?(env: NodeJS.ProcessEnv): Record<string, string>;
  /** Variables that must not reach the agent. */
  dropEnv?: readonly string[];
  /** Where the agent keeps its own state and config (absolute paths), e.g. ~/.claude: writable in its sandbox. */
  stateDirs(env: NodeJS.ProcessEnv, home: string): string[];
  /**
   * Single files of state outside those folders, e.g. ~/.claude.json: writable in its sandbox. A
   * missing one is created with `initial` first (a file can be bound into the sandbox only once it
   * exists, and the agent must be able to parse it).
   */
  stateFiles?(env: NodeJS.ProcessEnv, home: string): Array<{ path: string; initial: string }>;
  /**
   * Arguments the agent needs from where BooCoder runs it: the folder its worktrees are in (every
   * chat's, or for a process of its own per worktree that one worktree), and whether it runs in
   * BooCoder's write sandbox (where / is read-only).
   */
  launchArgs?(context: { worktreesRoot: string; sandboxed: boolean }): string[];
  /** Variables the agent needs from where BooCoder runs it (set after `dropEnv`). */
  launchEnv?(context: { sandboxed: boolean }): Record<string, string>;
  /**
   * Set (with why) for an agent that, in its sandbox, runs one process per worktree instead of
   * one for every chat: one whose own file edits and command sandbox are set for its whole
   * process, so a shared process could write every chat's worktree. Its sessions stay warm; only
   * processes are not shared between chats.
   */
  processPerWorktree?: string;
  /**
   * For such an agent whose writing happens in a child it starts per session, through a variable
   * naming that child's program (Claude Code's CLI, CLAUDE_CODE_EXECUTABLE): the variable and the
   * real program. Where the sandbox can nest, BooCoder points the variable at a wrapper that starts
   * the child confined to its session's worktree, and one process serves every chat again. Null
   * when the child's program cannot be found: then it runs one process per worktree.
   */
  sessionChild?(launch: { command: string; env: NodeJS.ProcessEnv }): SessionChild | null;
  /** Variables besides TMPDIR through which the agent is told its temp folder (in its sandbox, a private one). */
  tempDirEnv?: readonly string[];
  /**
   * The agent's modes in which it asks before writing outside its directory, and the one a new
   * session is put in when it starts in another (a user config may make an agent start in its
   * auto-approve mode) and the user has not picked a mode.
   */
  askingModes?: { modes: readonly string[]; preferred: string };
  /**
   * How to boot what the agent would otherwise boot on a directory's first prompt, without a
   * prompt (nothing in any session's history, no model call), so a pre-warmed first turn is as
   * fast as the next: set up when the process starts, used by a pre-warm once the session is open.
   */
  directoryWarmup?: DirectoryWarmup;
  behaviours: AgentBehaviours;
  /** Published on npm: "Install" in Settings puts this pinned version into BooCoder's own folder. */
  npmPackage?: NpmPackage;
  signIn?: AgentSignIn;
}

/** A way into the agent besides ACP, made for its process as it starts (see AgentProfile.directoryWarmup). */
export interface DirectoryWarmup {
  /** Null when the launch is not one the warm-up knows (a command the user set to something else). */
  prepare(launch: { command: string; args: readonly string[] }): Promise<{
    /** Added to the agent's arguments and environment. */
    args: readonly string[];
    env: Readonly<Record<string, string>>;
    /** Boots the agent's services for `cwd`; never throws (a warm-up that fails only leaves the work to the first turn). */
    warm(cwd: string, signal: AbortSignal): Promise<void>;
  } | null>;
}

/** An agent's per-session child program, started through `envVar`. */
export interface SessionChild {
  envVar: string;
  /** The program and its leading arguments (e.g. node and the CLI's script). */
  command: readonly [string, ...string[]];
}

export const GENERIC_BEHAVIOURS: AgentBehaviours = {
  reportsCost: false,
  readsMissingFileAsEmpty: false,
  answersLateAfterCancelOrError: false,
};

/** Case-insensitive match of an agentInfo name against a few spellings. */
export const nameIs =
  (...names: string[]) =>
  (identity: AgentIdentity): boolean => {
    const name = identity.name?.toLowerCase().trim();
    return name !== undefined && names.some((n) => n.toLowerCase() === name);
  };
