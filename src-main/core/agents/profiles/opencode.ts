import { opencodeEnvOverrides } from './opencode-env-overrides';
import { opencodeSignIn } from './opencode-auth';
import { GENERIC_BEHAVIOURS, type AgentProfile } from './agent-profile';
import { opencodeStateDirs } from './opencode-dirs';

/** The opencode server (`opencode serve`), driven over HTTP by the opencode backend; usage and cost from step-finish parts. */
export const opencodeProfile: AgentProfile = {
  id: 'opencode',
  name: 'OpenCode',
  kind: 'opencode',
  launch: [{ command: 'opencode', args: [] }],
  // The server does not speak ACP; nothing is recognised from an initialize.
  recognizes: () => false,
  stateDirs: opencodeStateDirs,
  envOverrides: opencodeEnvOverrides,
  npmPackage: { name: 'opencode-ai', version: '1.18.33', bin: 'opencode' },
  signIn: opencodeSignIn,
  behaviours: { ...GENERIC_BEHAVIOURS, reportsCost: true, keepsDirectoryInstances: true },
};
