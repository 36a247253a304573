import type { AgentIdentity, AgentProfile } from './agent-profile';
import { claudeCodeProfile } from './claude-code';
import { codexProfile } from './codex';
import { geminiProfile } from './gemini';
import { gooseProfile } from './goose';
import { opencodeProfile } from './opencode';
import { opencodeAcpProfile } from './opencode-acp';
import { qwenProfile } from './qwen';

/** Every agent BooCoder knows, in the order the app lists them. Adding an agent = adding its profile here. */
export const AGENT_PROFILES: readonly AgentProfile[] = [
  opencodeProfile,
  claudeCodeProfile,
  codexProfile,
  geminiProfile,
  qwenProfile,
  opencodeAcpProfile,
  gooseProfile,
];

export const profileById = (id: string): AgentProfile | undefined => AGENT_PROFILES.find((p) => p.id === id);

/**
 * The profile for a running agent: recognised from what it said in `initialize`, so a custom
 * command that is really Gemini gets Gemini's handling; an agent that says nothing about itself
 * falls back to the profile of the catalog id it was started as.
 */
export function recognizeProfile(identity: AgentIdentity | null, catalogId: string): AgentProfile | undefined {
  if (identity?.name) return AGENT_PROFILES.find((p) => p.recognizes(identity));
  return profileById(catalogId);
}

/** Whether the agent running with this profile reports a cost (unknown agents: only if one arrives). */
export const profileReportsCost = (profileId: string | null | undefined): boolean =>
  (profileId ? profileById(profileId)?.behaviours.reportsCost : undefined) ?? false;

/** Whether the agent keeps a memory-costly instance per directory it has served (see AgentBehaviours). */
export const profileKeepsDirectoryInstances = (profileId: string | null | undefined): boolean =>
  (profileId ? profileById(profileId)?.behaviours.keepsDirectoryInstances : undefined) ?? false;
