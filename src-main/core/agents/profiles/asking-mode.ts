import type { AgentProfile } from './agent-profile';

/**
 * Pure: the mode a new session must be switched to so that it asks before writing outside its
 * directory, or null when it already does (or the agent offers no such mode). A user config can
 * make an agent start in its auto-approve mode; BooCoder starts it asking unless the user picks
 * another mode for the turn.
 */
export function askingModeToSet(
  askingModes: AgentProfile['askingModes'],
  currentMode: string | null,
  offeredModes: readonly string[],
): string | null {
  if (!askingModes) return null;
  if (currentMode !== null && askingModes.modes.includes(currentMode)) return null;
  return offeredModes.includes(askingModes.preferred) ? askingModes.preferred : null;
}
