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

export interface AgentProfile {
  /** The built-in catalog id this profile backs. */
  id: string;
  name: string;
  kind: 'opencode' | 'acp';
  launch: readonly LaunchCandidate[];
  /** Whether `agentInfo` says this is the agent (so a custom command that is really it gets its care). */
  recognizes(identity: AgentIdentity): boolean;
  /** Variables that must not reach the agent. */
  dropEnv?: readonly string[];
  /** Where the agent keeps its own state and config (absolute paths), e.g. ~/.claude. */
  stateDirs(env: NodeJS.ProcessEnv, home: string): string[];
  behaviours: AgentBehaviours;
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
