import type { AgentProfile } from '../agents/profiles/agent-profile';
import type { ProcessScope } from '../sessions/agent-pool';

/**
 * Pure: how many processes an agent runs. One per worktree only for an agent whose profile needs
 * it (`processPerWorktree`) and only inside the sandbox (unsandboxed, one process for every chat
 * is as safe and warmer), and not where a nested sandbox confines its per-session child instead.
 */
export function processScope(input: {
  profile: AgentProfile | undefined;
  sandboxed: boolean;
  /** The sandbox can start a sandbox inside itself (bwrap, probed). */
  nests: boolean;
  /** Whether the agent's per-session child (its profile's `sessionChild`) was found. */
  hasSessionChild: () => boolean;
}): ProcessScope {
  const { profile } = input;
  if (profile?.processPerWorktree === undefined || !input.sandboxed) return 'agent';
  return input.nests && profile.sessionChild && input.hasSessionChild() ? 'agent' : 'worktree';
}
