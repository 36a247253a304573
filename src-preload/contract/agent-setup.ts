import { z } from 'zod';

/** Where the agents' environment came from (the user's login shell, the Windows registry, or as started), with a notice when it could not be read. */
export const EnvironmentReport = z.object({
  source: z.enum(['login-shell', 'windows-registry', 'as-started']),
  shell: z.string().nullable(),
  durationMs: z.number(),
  notice: z.string().nullable(),
});
export type EnvironmentReport = z.infer<typeof EnvironmentReport>;

/** Where an agent's program was found: BooCoder's own install, BooCoder's bundled node_modules, PATH, or the command set in Settings. */
export const AgentFound = z.object({
  via: z.enum(['boocoder', 'bundled', 'path', 'configured']),
  /** The program's package version when it can be read (its package.json), else null. */
  version: z.string().nullable(),
});
export type AgentFound = z.infer<typeof AgentFound>;

/** An agent BooCoder can install from npm: the package, the version it pins, and the version in its own folder (null = not installed there). */
export const AgentInstallInfo = z.object({
  package: z.string(),
  pinnedVersion: z.string(),
  installedVersion: z.string().nullable(),
});
export type AgentInstallInfo = z.infer<typeof AgentInstallInfo>;

/** Whether an agent has credentials, read from its env and its own files without starting it. */
export const AuthSummary = z.object({
  state: z.enum(['signed-in', 'signed-out', 'unknown']),
  /** In words: what was found, or what to do. */
  detail: z.string(),
});
export type AuthSummary = z.infer<typeof AuthSummary>;

export const AuthMethodView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** api-key: a key field (stored in the core); terminal: a command run in a terminal; agent: the agent signs in itself. */
  kind: z.enum(['api-key', 'terminal', 'agent']),
  /** The variable an API key goes into. */
  envVar: z.string().nullable(),
  /** Whether that variable is set (its value never leaves the core). */
  keySet: z.boolean(),
});
export type AuthMethodView = z.infer<typeof AuthMethodView>;

export const ProviderCredential = z.object({
  id: z.string(),
  signedIn: z.boolean(),
  via: z.string(),
  /** The provider's key variable, for a key field (null: it signs in only through the agent's login). */
  envVar: z.string().nullable(),
});
export type ProviderCredential = z.infer<typeof ProviderCredential>;

export const AgentAuth = z.object({
  agent: z.string(),
  summary: AuthSummary,
  /** What the agent offered in `initialize` (ACP authMethods) and the profile adds, by name. */
  methods: z.array(AuthMethodView),
  /** The interactive login, as a command a user can run in a terminal. */
  signIn: z
    .object({
      display: z.string(),
      canOpenTerminal: z.boolean(),
      /** What to do in the terminal once it runs, or what is missing to run it. */
      note: z.string().nullable(),
    })
    .nullable(),
  /** opencode: its providers and which have credentials. */
  providers: z.array(ProviderCredential).nullable(),
  /** Set when the agent could not be asked for its sign-in methods (it could not start). */
  probeError: z.string().nullable(),
});
export type AgentAuth = z.infer<typeof AgentAuth>;

export const InstallProgress = z.object({
  agent: z.string(),
  package: z.string(),
  phase: z.enum(['started', 'log', 'done', 'failed']),
  line: z.string().optional(),
  version: z.string().optional(),
});
export type InstallProgress = z.infer<typeof InstallProgress>;
