import { z } from 'zod';

/**
 * Every error that crosses the boundary has one of these names, so callers can branch on it.
 * The message is for people.
 */
export const ErrorName = z.enum([
  'InvalidInput',
  'UnknownMethod',
  'NotFound',
  'NotADirectory',
  'NotAGitRepo',
  'ChatAtRisk',
  'ChatArchived',
  'ApplyConflict',
  'AgentUnavailable',
  'AgentStartFailed',
  'AgentCrashed',
  'AgentProtocolError',
  'PathOutsideWorktree',
  'PromptTooLarge',
  /** The agent's prompt capabilities do not allow an attachment of this kind (an image). */
  'AttachmentNotAccepted',
  /** A turn failed because the agent's model provider did (HTTP error, dropped stream, network). */
  'ProviderError',
  /** The prompt and history are too long for the agent's model. */
  'PromptTooLong',
  /** A turn failed inside the agent, with its own message. */
  'AgentError',
  /** The agent answered out of step; its session was replaced. */
  'AgentOutOfStep',
  /** npm is needed to install an agent and is not on the agents' PATH. */
  'NpmNotFound',
  /** The agent is not published on npm (or has no pinned package). */
  'NotInstallable',
  'InstallInProgress',
  /** npm failed; the message carries the tail of its log. */
  'InstallFailed',
  /** The agent needs the user to sign in (or a key) before it can start a session. */
  'AuthRequired',
  /** The agent's own sign-in (ACP authenticate) failed or was not finished in time. */
  'AuthFailed',
  'TurnNotRunning',
  'Unsupported',
  'DatabaseTooNew',
  'StorageError',
  'ShuttingDown',
  /** A turn is running in the chat; the operation waits for it to end. */
  'ChatBusy',
  /** Git has no user.name / user.email for the user's own commits. */
  'GitIdentityMissing',
  'NothingToCommit',
  /** No agent-drafted commit message (the agent failed or said nothing). */
  'DraftFailed',
  /** An update from the base branch conflicts (data.files); nothing was changed. */
  'UpdateConflict',
  'RemoteNotFound',
  /** git push failed; the message carries git's own. */
  'PushFailed',
  /** The remote is not on GitHub or GitLab, and gh cannot open a pull request there. */
  'PullRequestUnavailable',
  /** gh was asked and refused (data.compareUrl is the way out). */
  'PullRequestFailed',
  /** No program to open the worktree with, or it could not start. */
  'OpenFailed',
  /** A pre-warm was cancelled (the user moved on) before its session was ready. */
  'PrewarmCancelled',
  /** Dropping an arena would lose what its contestants changed (the data names them); retry with force. */
  'ArenaAtRisk',
  /** The arena was already picked or discarded. */
  'ArenaClosed',
  /** The contestant is still working: cancel it or wait for it to end. */
  'ContestantRunning',
  /** An arena is still open: pick a contestant instead of restoring it. */
  'ArenaOpen',
  /** The contestant was already brought into the chat (data.turnId), or changed nothing that could be. */
  'NothingToRestore',
  /** No failed setup script waits for a choice there (it is running, succeeded, was answered, or there is none). */
  'SetupNotWaiting',
  'Internal',
]);
export type ErrorName = z.infer<typeof ErrorName>;

export const WireError = z.object({
  name: z.string(),
  message: z.string(),
  /** Structured detail for errors a UI shows specially (the files of a conflict, the risk of an archive). */
  data: z.unknown().optional(),
});
export type WireError = z.infer<typeof WireError>;
