import { externalDirectoryAsk } from './opencode-permission';
import { snapshotsOff } from './opencode-snapshots';

/**
 * The environment opencode (server or ACP) gets on top of its own: its permission rules ask
 * before it touches anything outside the session's directory (a second line behind the sandbox),
 * and it keeps no snapshots of its own.
 */
export function opencodeEnvOverrides(env: NodeJS.ProcessEnv): Record<string, string> {
  return {
    OPENCODE_PERMISSION: externalDirectoryAsk(env.OPENCODE_PERMISSION),
    OPENCODE_CONFIG_CONTENT: snapshotsOff(env.OPENCODE_CONFIG_CONTENT),
  };
}
