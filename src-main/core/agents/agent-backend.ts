import type { AgentEvent, PermissionOption } from '../../../src-preload/contract';

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
}

export interface OpenSessionOptions {
  /** The chat's worktree: the agent works here and nowhere else. */
  cwd: string;
  /** A session id stored from an earlier run: reattach to it when the agent can. */
  resumeSessionId?: string;
}

export interface PromptOptions {
  prompt: string;
  model?: string;
  mode?: string;
  /** Receives every normalized event of the turn, ending with exactly one `turn.end`. */
  onEvent: (event: AgentEvent) => void;
  signal?: AbortSignal;
}

export interface PromptResult {
  stopReason: Extract<AgentEvent, { type: 'turn.end' }>['stopReason'];
  error?: { name: string; message: string };
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
  /** True when the process answers (health endpoint, or alive and responsive). */
  probe(): Promise<boolean>;
  processState(): BackendProcessState;
  /** Called when the process dies unexpectedly; sessions it hosted are gone. */
  onCrash(listener: (state: Extract<BackendProcessState, { state: 'crashed' }>) => void): () => void;
  listModels(): Promise<ModelOption[]>;
  /** Stops the process and its whole process group; resolves when it is gone. */
  dispose(): Promise<void>;
}

export type { PermissionOption };
