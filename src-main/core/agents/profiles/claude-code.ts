import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { findExecutable } from '../catalog/find-executable';
import { GENERIC_BEHAVIOURS, nameIs, type AgentProfile, type SessionChild } from './agent-profile';

/**
 * Claude Code through Zed's ACP adapter (`@zed-industries/claude-agent-acp`, formerly
 * `claude-code-acp`). Each ACP session runs its own `claude` child. Tokens come in the prompt
 * result's `usage`, a cumulative session cost and the context fill in `usage_update` (the generic
 * mapper reads both). It writes files itself, never through `fs/*`.
 */
export const claudeCodeProfile: AgentProfile = {
  id: 'claude-code',
  name: 'Claude Code',
  kind: 'acp',
  launch: [
    { command: 'claude-agent-acp', args: [] },
    { command: 'claude-code-acp', args: [] },
  ],
  recognizes: nameIs('@zed-industries/claude-agent-acp', 'claude-agent-acp', '@zed-industries/claude-code-acp', 'claude-code-acp'),
  // IS_SANDBOX tells it that it runs in a sandbox, where it offers bypassPermissions even to root
  // (it refuses it as root otherwise): set only when BooCoder's sandbox holds it, never passed on.
  dropEnv: ['IS_SANDBOX'],
  launchEnv: ({ sandboxed }): Record<string, string> => (sandboxed ? { IS_SANDBOX: '1' } : {}),
  // Its file tool writes from the CLI child each session runs; in bypassPermissions it asks for
  // nothing, so that child is confined to its session's worktree (or, failing that, the process).
  processPerWorktree:
    "Claude Code writes files from its own processes, and in bypassPermissions without asking, so only a process confined to one worktree keeps it out of the others",
  sessionChild: ({ command, env }) => claudeCli(command, env),
  stateDirs: (env, home) => [path.join(home, '.claude'), ...(env.CLAUDE_CONFIG_DIR ? [env.CLAUDE_CONFIG_DIR] : [])],
  stateFiles: (env, home) => (env.CLAUDE_CONFIG_DIR ? [] : [{ path: path.join(home, '.claude.json'), initial: '{}' }]),
  // Its shell tool keeps its files under CLAUDE_CODE_TMPDIR, else /tmp (never TMPDIR).
  tempDirEnv: ['CLAUDE_CODE_TMPDIR'],
  // acceptEdits, bypassPermissions and dontAsk write without asking; plan writes nothing.
  askingModes: { modes: ['default', 'plan'], preferred: 'default' },
  npmPackage: { name: '@zed-industries/claude-agent-acp', version: '0.23.1', bin: 'claude-agent-acp' },
  signIn: {
    keyVars: ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN'],
    credentialFiles: (env, home) => [path.join(env.CLAUDE_CONFIG_DIR ?? path.join(home, '.claude'), '.credentials.json')],
    credentialsElsewhere: (env, _home, platform) =>
      platform === 'darwin' ? 'On macOS Claude Code keeps its login in the Keychain, which BooCoder does not read' : env.CLAUDE_CODE_USE_BEDROCK || env.CLAUDE_CODE_USE_VERTEX ? 'Claude Code is set to use Bedrock or Vertex' : null,
    // The adapter runs the bundled Claude Code CLI with --cli; /login is its sign-in command.
    login: { program: 'self', args: ['--cli', '/login'] },
  },
  behaviours: {
    ...GENERIC_BEHAVIOURS,
    reportsCost: true,
    answersLateAfterCancelOrError: true,
    costRestartsOnResume: true,
  },
};

/**
 * The Claude Code CLI the adapter starts for each session: the user's CLAUDE_CODE_EXECUTABLE, or
 * the `cli.js` of the Agent SDK next to the adapter (as the adapter finds it), run by the `node`
 * on the agent's PATH (the adapter's own interpreter). Null for a single-file build of the adapter
 * or a layout where it cannot be found.
 */
function claudeCli(command: string, env: NodeJS.ProcessEnv): SessionChild | null {
  const envVar = 'CLAUDE_CODE_EXECUTABLE';
  const node = findExecutable('node', { extraDirs: [], pathEnv: env.PATH });
  const script = (file: string): SessionChild | null => (/\.(c|m)?js$/.test(file) ? (node ? { envVar, command: [node, file] } : null) : { envVar, command: [file] });
  if (env.CLAUDE_AGENT_ACP_IS_SINGLE_FILE_BUN !== undefined) return null;
  if (env[envVar]) return script(env[envVar]);
  let dir: string;
  try {
    dir = path.dirname(realpathSync(command));
  } catch {
    return null;
  }
  for (;;) {
    const cli = path.join(dir, 'node_modules', '@anthropic-ai', 'claude-agent-sdk', 'cli.js');
    if (existsSync(cli)) return script(cli);
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}