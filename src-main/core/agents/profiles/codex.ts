import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GENERIC_BEHAVIOURS, nameIs, type AgentProfile } from './agent-profile';
import { codexHome, codexTurnUsage } from './codex-session-log';

/**
 * Codex through Zed's ACP adapter (`codex-acp`, a native binary). Over ACP it reports only the
 * context fill (`usage_update {used, size}`), no tokens and no cost: the tokens are read from its
 * session log. Shell output comes only in `rawOutput` (the generic mapper reads it). It writes
 * files itself.
 */
export const codexProfile: AgentProfile = {
  id: 'codex',
  name: 'Codex',
  kind: 'acp',
  launch: [{ command: 'codex-acp', args: [] }],
  recognizes: nameIs('codex-acp', 'codex'),
  stateDirs: (env, home) => [codexHome(env, home)],
  // full-access writes anywhere without asking; auto writes its workspace and asks for the rest.
  askingModes: { modes: ['read-only', 'auto'], preferred: 'auto' },
  // Its own sandbox (auto mode) lets it write its process's folder, not the session's: the
  // worktrees are named as writable roots, else it cannot write its worktree at all. It also
  // makes /tmp writable and must create /tmp/.git for that, which fails where / is read-only:
  // inside BooCoder's sandbox it has the private TMPDIR instead.
  launchArgs: ({ worktreesRoot, sandboxed }) => [
    '-c',
    `sandbox_workspace_write.writable_roots=${JSON.stringify([worktreesRoot])}`,
    ...(sandboxed ? ['-c', 'sandbox_workspace_write.exclude_slash_tmp=true'] : []),
  ],
  processPerWorktree:
    'Codex edits files from its own process and sets its command sandbox for the whole process (in full-access it has none), so only a process confined to one worktree keeps it out of the others',
  npmPackage: { name: '@zed-industries/codex-acp', version: '0.16.0', bin: 'codex-acp' },
  signIn: {
    keyVars: ['OPENAI_API_KEY', 'CODEX_API_KEY'],
    keyMethods: { 'openai-api-key': 'OPENAI_API_KEY', 'codex-api-key': 'CODEX_API_KEY' },
    credentialFiles: (env, home) => [path.join(codexHome(env, home), 'auth.json')],
    credentialsElsewhere: (env, home) => {
      // A config.toml that picks its own model provider brings its own key variable (env_key).
      try {
        return /^\s*model_provider\s*=/m.test(readFileSync(path.join(codexHome(env, home), 'config.toml'), 'utf8')) ? 'Codex uses the model provider set in its config.toml' : null;
      } catch {
        return null;
      }
    },
    // codex-acp has no login of its own: the Codex CLI (@openai/codex) signs in to the same CODEX_HOME.
    login: { program: 'codex', args: ['login'], missing: 'The Codex CLI signs Codex in: install it with `npm install -g @openai/codex`, or give Codex an API key instead.' },
  },
  behaviours: {
    ...GENERIC_BEHAVIOURS,
    turnUsage: codexTurnUsage(),
  },
};
