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
  'TurnNotRunning',
  'Unsupported',
  'DatabaseTooNew',
  'StorageError',
  'ShuttingDown',
  /** Dropping an arena would lose what its contestants changed (the data names them); retry with force. */
  'ArenaAtRisk',
  /** The arena was already picked or discarded. */
  'ArenaClosed',
  /** The contestant is still working: cancel it or wait for it to end. */
  'ContestantRunning',
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
