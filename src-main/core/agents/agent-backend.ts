import type { AgentProfile } from './profiles/agent-profile';
import type { AgentEvent, AgentOptions, ContextFill, PermissionOption, PromptCapabilities } from '../../../src-preload/contract';

/**
 * How the core drives agents. A backend knows how to start and supervise one kind of agent
 * program (a warm `opencode serve`, a warm ACP child); a session handle is one live
 * conversation in one directory, reused turn after turn.
 */

export interface AgentSpec {
  /** Catalog id, e.g. "opencode", "qwen", or a user-defined id. */
  id: string;
  name: string;
  kind: 'opencode' | 'acp';
  command: string;
  args: string[];
  env: Record<string, string>;
  /** False when the user turned this agent's write sandbox off (default: on where the platform has one). */
  sandbox?: boolean;
}

/** How an agent program is started; a launch wrapper (the sandbox) returns the same shape. */
export interface AgentLaunch {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Said with a start failure: what wrapped the program (a user command may fail only inside the sandbox). */
  note?: string;
}

/** Wraps an agent's launch (in the write sandbox); given the agent's profile for its state folders. */
export type LaunchWrapper = (spec: AgentSpec, profile: AgentProfile | undefined, launch: AgentLaunch) => Promise<AgentLaunch>;

export interface OpenSessionOptions {
  /** The chat's worktree: the agent works here and nowhere else. */
  cwd: string;
  /** A session id stored from an earlier run: reattach to it when the agent can. */
  resumeSessionId?: string;
  /**
   * The agent's cumulative cost for that session as last recorded, so a resumed session's first
   * cost report (cumulative) is not counted again in full.
   */
  reportedCost?: number | null;
}

/** An attachment of a prompt, resolved by the core (a mentioned file has its absolute path and text). */
export type PromptContent =
  | { type: 'image'; mimeType: string; data: string; name?: string }
  | { type: 'file'; path: string; relativePath: string; text: string | null };

export interface PromptOptions {
  prompt: string;
  /** Images and mentioned files, sent only where the agent's prompt capabilities allow (else Unsupported). */
  attachments?: PromptContent[];
  model?: string;
  mode?: string;
  /** Receives every normalized event of the turn, ending with exactly one `turn.end`. */
  onEvent: (event: AgentEvent) => void;
  signal?: AbortSignal;
}

export interface PromptResult {
  stopReason: Extract<AgentEvent, { type: 'turn.end' }>['stopReason'];
  error?: { name: string; message: string };
  /**
   * The session cannot be trusted any more (the agent answered out of step): the prompt was not
   * really answered, and its events were withheld. The caller replaces the session and sends the
   * prompt again with the chat's history.
   */
  sessionLost?: boolean;
}

export interface ModelOption {
  id: string;
  name: string;
}

export interface AgentSessionHandle {
  readonly agentId: string;
  readonly externalSessionId: string;
  /** How the session came to be: fresh, the same warm/stored session, or reloaded from the agent's history. */
  readonly origin: 'new' | 'resumed' | 'loaded';
  readonly cwd: string;
  /** Pid of the process hosting the session (shared by many sessions). */
  readonly pid: number | undefined;
  /** Runs one turn; resolves when it has ended (its `turn.end` was emitted). */
  prompt(options: PromptOptions): Promise<PromptResult>;
  /** Asks the agent to stop the current turn; never kills the process. */
  cancel(): Promise<void>;
  /** Answers a `permission.request` of the current turn. */
  replyPermission(requestId: string, optionId: string): Promise<void>;
  /** Stops listening and forgets the session on our side; the process lives on for other sessions. */
  dispose(): Promise<void>;
  /** The model the session runs with, as the agent reported it (null: not said). */
  readonly model: string | null;
  /** The agent's cumulative cost for this session as it last reported it (null: never reported). */
  readonly reportedCost: number | null;
  /** The context-window fill as last reported (null: never reported). */
  readonly context: ContextFill | null;
  /** Models, modes, slash commands, prompt capabilities and what is current, as the agent reports them. */
  options(): Promise<AgentOptions>;
  /** Called whenever the agent reports a change of those options (new commands, a mode change). */
  onOptionsChange(listener: (options: AgentOptions) => void): () => void;
  /**
   * Boots what the agent would otherwise boot during the session's first turn (opencode: the
   * per-directory services its first prompt starts), so a pre-warmed session's first turn is warm.
   */
  warm?(): Promise<void>;
  /** Optional capabilities. */
  listModels?(): Promise<ModelOption[]>;
  listModes?(): Promise<ModelOption[]>;
}

export type BackendProcessState =
  | { state: 'stopped' }
  | { state: 'starting' }
  | { state: 'running'; pid: number; startedAt: number }
  | { state: 'crashed'; exitCode: number | null; signal: string | null; stderrTail: string };

export interface AgentBackend {
  readonly spec: AgentSpec;
  /** Starts the process if needed (idempotent, concurrent callers share one start). */
  start(): Promise<void>;
  openSession(options: OpenSessionOptions): Promise<AgentSessionHandle>;
  /**
   * Rebinds one of the agent's stored sessions (not open in this process) to another folder, its
   * memory kept, so a later `openSession` there can resume it. Absent when the agent cannot: an
   * ACP session is bound to the folder it was created in.
   */
  moveSession?(externalSessionId: string, toCwd: string): Promise<void>;
  /** True when the process answers (health endpoint, or alive and responsive). */
  probe(): Promise<boolean>;
  processState(): BackendProcessState;
  /** Called when the process dies unexpectedly; sessions it hosted are gone. */
  onCrash(listener: (state: Extract<BackendProcessState, { state: 'crashed' }>) => void): () => void;
  listModels(): Promise<ModelOption[]>;
  /** The profile applied to the running agent (recognised at start), null before the start or for a generic agent. */
  profileId(): string | null;
  /** What prompts may carry, once started. */
  promptCapabilities(): PromptCapabilities | null;
  /** Stops the process and its whole process group; resolves when it is gone. */
  dispose(): Promise<void>;
}

export type { PermissionOption };
