import type { AgentSpec } from '../agent-backend';
import { AGENT_PROFILES } from '../profiles/profiles';

/** The agents BooCoder knows out of the box, one per profile (started by its first launch candidate). Users can override any field or add their own ACP agents. */
export const BUILT_IN_AGENTS: readonly AgentSpec[] = AGENT_PROFILES.map((p) => ({
  id: p.id,
  name: p.name,
  kind: p.kind,
  command: p.launch[0]!.command,
  args: [...p.launch[0]!.args],
  env: {},
}));
