import { opencodeEnvOverrides } from './opencode-env-overrides';
import { opencodeSignIn } from './opencode-auth';
import { GENERIC_BEHAVIOURS, nameIs, type AgentProfile } from './agent-profile';
import { opencodeAcpWarmup } from './opencode-acp-warmup';
import { opencodeStateDirs } from './opencode-dirs';

/**
 * opencode in ACP mode (`opencode acp`): the same program as the server. Tokens in the prompt
 * result's `usage`, cumulative cost and context fill in `usage_update` (the generic mapper reads
 * both). With edits allowed it writes itself; asked first, it writes through `fs/*`.
 */
export const opencodeAcpProfile: AgentProfile = {
  id: 'opencode-acp',
  name: 'OpenCode (ACP)',
  kind: 'acp',
  launch: [{ command: 'opencode', args: ['acp'] }],
  recognizes: nameIs('opencode'),
  stateDirs: opencodeStateDirs,
  envOverrides: opencodeEnvOverrides,
  directoryWarmup: opencodeAcpWarmup,
  npmPackage: { name: 'opencode-ai', version: '1.18.33', bin: 'opencode' },
  signIn: opencodeSignIn,
  behaviours: { ...GENERIC_BEHAVIOURS, reportsCost: true, keepsDirectoryInstances: true },
};
