import type { AuthSummary } from '../../../../src-preload/contract';
import type { AgentProfile } from '../profiles/agent-profile';

/**
 * Pure (over `exists`): whether an agent has credentials, from its environment (the user's
 * shell plus what Settings set) and the files its own login writes, without starting it. Words
 * a user can act on: what was found, or what to do.
 */
export function authSummary(input: {
  profile: AgentProfile | undefined;
  env: NodeJS.ProcessEnv;
  home: string;
  platform: NodeJS.Platform;
  exists: (file: string) => boolean;
}): AuthSummary {
  const signIn = input.profile?.signIn;
  if (!signIn) return { state: 'unknown', detail: 'BooCoder does not know how this agent signs in; it says so itself when it needs to.' };
  const key = signIn.keyVars.find((name) => input.env[name]);
  if (key) return { state: 'signed-in', detail: `API key ${key} is set.` };
  const file = signIn.credentialFiles(input.env, input.home).find((f) => input.exists(f));
  if (file) return { state: 'signed-in', detail: `Signed in (${file}).` };
  const elsewhere = signIn.credentialsElsewhere?.(input.env, input.home, input.platform) ?? null;
  if (elsewhere) return { state: 'unknown', detail: `${elsewhere}; it says so itself if it needs you to sign in.` };
  return { state: 'signed-out', detail: `Not signed in: sign in, or set ${signIn.keyVars.slice(0, 2).join(' or ')}.` };
}
