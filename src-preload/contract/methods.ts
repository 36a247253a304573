import { z } from 'zod';
import { ContextFill, SessionMode, StopReason, Usage } from './agent-event';
import { AgentAuth, AgentFound, AgentInstallInfo, AuthSummary, EnvironmentReport } from './agent-setup';

/** Ids are opaque strings; a bounded length keeps a hostile payload from growing the database. */
const Id = z.string().min(1).max(200);
/** A prompt may be long (a pasted log) but not unbounded. */
export const MAX_PROMPT_CHARS = 200_000;
const Path = z.string().min(1).max(4096);
/** Repo-relative file paths selected in the diff panel. */
export const RelPaths = z.array(z.string().min(1).max(4096)).max(10_000);

export const Repo = z.object({ id: Id, path: z.string() });
export type Repo = z.infer<typeof Repo>;

export const Chat = z.object({ id: Id, repoId: Id, title: z.string(), archived: z.boolean() });
export type Chat = z.infer<typeof Chat>;

export const Risk = z.object({
  unappliedFiles: z.array(z.string()),
  dirtyFiles: z.array(z.string()),
  unpushedCommits: z.array(z.string()),
});
export type Risk = z.infer<typeof Risk>;

export const AgentKind = z.enum(['opencode', 'acp']);
/** Whether the agent's processes run in BooCoder's write sandbox, and if not, why. */
export const AgentSandboxInfo = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('on'),
    kind: z.enum(['bwrap', 'seatbelt']),
    /** It runs one process per worktree, confined to it (its own file edits could reach the other chats' otherwise). */
    perWorktree: z.literal(true).optional(),
  }),
  z.object({ state: z.literal('off'), reason: z.string() }),
  z.object({ state: z.literal('unavailable'), reason: z.string() }),
]);
export type AgentSandboxInfo = z.infer<typeof AgentSandboxInfo>;
export const AgentInfo = z.object({
  id: Id,
  name: z.string(),
  kind: AgentKind,
  available: z.boolean(),
  reason: z.string().optional(),
  command: z.string(),
  args: z.array(z.string()),
  /** Names only: values may be secrets and never leave the core. */
  envKeys: z.array(z.string()),
  builtIn: z.boolean(),
  /** The agent profile BooCoder applies (recognised from what the agent said at start, else from its id); null = generic ACP. */
  profile: z.string().nullable(),
  sandbox: AgentSandboxInfo,
  /** Where the program was found and its version (null: not found). */
  found: AgentFound.nullable(),
  /** Installable from npm into BooCoder's own folder (null: not an npm agent). */
  install: AgentInstallInfo.nullable(),
  /** Credentials, as far as they can be told without starting the agent. */
  auth: AuthSummary,
});
export type AgentInfo = z.infer<typeof AgentInfo>;

export const ModelInfo = z.object({ id: z.string(), name: z.string() });
export const ModeInfo = z.object({ id: z.string(), name: z.string() });

/** A slash command an agent advertises (`/review`, `/compact`, …), offered by the composer. */
export const SlashCommand = z.object({ name: z.string(), description: z.string(), hint: z.string().optional() });
export type SlashCommand = z.infer<typeof SlashCommand>;

/** What a prompt to this agent may carry besides text. */
export const PromptCapabilities = z.object({ image: z.boolean(), embeddedContext: z.boolean() });
export type PromptCapabilities = z.infer<typeof PromptCapabilities>;

export const AgentOptions = z.object({
  models: z.array(ModelInfo),
  modes: z.array(ModeInfo),
  /** As the agent reports it (null when it has not said). */
  currentModel: z.string().nullable(),
  currentMode: z.string().nullable(),
  commands: z.array(SlashCommand),
  promptCapabilities: PromptCapabilities,
  /** Where this came from: the chat's live session, the agent's last new session (before a chat's first turn), or nothing yet. */
  source: z.enum(['live', 'remembered', 'none']),
});
export type AgentOptions = z.infer<typeof AgentOptions>;

/** Something a prompt carries besides its text. */
export const MAX_IMAGE_BASE64_CHARS = 14_000_000;
export const PromptAttachment = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('image'),
    mimeType: z.enum(['image/png', 'image/jpeg', 'image/gif', 'image/webp']),
    /** Base64, no data: prefix. */
    data: z.string().min(1).max(MAX_IMAGE_BASE64_CHARS).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
    name: z.string().max(300).optional(),
  }),
  /** A file of the chat's worktree, mentioned with @ (path relative to the worktree). */
  z.object({ type: z.literal('file'), path: z.string().min(1).max(4096) }),
]);
export type PromptAttachment = z.infer<typeof PromptAttachment>;
/** What the transcript keeps of an attachment (no image bytes). */
export const AttachmentInfo = z.object({ type: z.enum(['image', 'file']), name: z.string() });
export type AttachmentInfo = z.infer<typeof AttachmentInfo>;

export const TurnStatus = z.enum(['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted']);
export type TurnStatus = z.infer<typeof TurnStatus>;

export const SetupStatus = z.enum(['running', 'succeeded', 'failed']);
export const SetupChoice = z.enum(['retry', 'continue', 'cancel']);
export type SetupChoice = z.infer<typeof SetupChoice>;
/** How much of a setup script's output is kept and shown: its tail, when it printed more. */
export const MAX_SETUP_LOG_CHARS = 256 * 1024;
/** One run of a repository's setup script: running with its output so far, then how it ended. */
export const SetupRun = z.object({
  status: SetupStatus,
  /** Everything it printed (stdout and stderr interleaved); its tail when it printed more than MAX_SETUP_LOG_CHARS. */
  log: z.string(),
  exitCode: z.number().int().nullable(),
  timedOut: z.boolean(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
});
export type SetupRun = z.infer<typeof SetupRun>;

/**
 * The repository's setup script in an arena contestant's scratch worktree, run before its agent
 * starts: the first part of the contestant's transcript (the latest run; a retry replaces it).
 * A failed one waits for `arena.setupReply` while `afterFailure` is null and the contestant is
 * still queued.
 */
export const ContestantSetupPart = z.object({
  kind: z.literal('setup'),
  ...SetupRun.shape,
  /** What came of a failed run: the contestant went on without it, or was cancelled. */
  afterFailure: z.enum(['continued', 'cancelled']).nullable(),
  /**
   * The worktree's snapshot tree once the script was done: the contestant's files are counted
   * from it, so nothing the script left behind is taken for the agent's change.
   */
  treeAfter: z.string().optional(),
});
export type ContestantSetupPart = z.infer<typeof ContestantSetupPart>;

/** One persisted piece of a turn, in order: what the transcript shows. */
export const TurnPart = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('reasoning'), text: z.string() }),
  z.object({ kind: z.literal('handoff'), text: z.string(), fromAgents: z.array(z.string()) }),
  z.object({
    kind: z.literal('tool'),
    toolCallId: z.string(),
    title: z.string(),
    toolKind: z.string().nullable(),
    status: z.string(),
    diffs: z.array(z.object({ path: z.string(), oldText: z.string().nullable(), newText: z.string() })),
    output: z.string().optional(),
    command: z.string().optional(),
    exitCode: z.number().int().optional(),
  }),
  z.object({
    kind: z.literal('permission'),
    requestId: z.string(),
    title: z.string(),
    options: z.array(z.object({ optionId: z.string(), name: z.string(), kind: z.string() })),
    chosen: z.string().nullable(),
    resolved: z.boolean(),
  }),
  z.object({ kind: z.literal('error'), name: z.string(), message: z.string() }),
  /** This turn is an arena's pick (the agent's work won over the others'), or with `restored` a contestant brought back after the arena closed. */
  z.object({ kind: z.literal('arena'), arenaId: z.string(), others: z.array(z.string()), restored: z.literal(true).optional() }),
  /** Only in an arena contestant's transcript (see ContestantSetupPart); a pick or restore leaves it out of the chat's turn. */
  ContestantSetupPart,
]);
export type TurnPart = z.infer<typeof TurnPart>;

export const Turn = z.object({
  id: Id,
  chatId: Id,
  agent: z.string(),
  status: TurnStatus,
  stopReason: StopReason.optional(),
  prompt: z.string(),
  /** The agent's reply text, concatenated. */
  text: z.string(),
  model: z.string().nullable(),
  /** How the turn used its agent's session (null until the prompt went out). */
  sessionMode: SessionMode.nullable(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  usage: Usage,
  /** False when the agent reported no cost for this turn (not the same as $0). */
  costReported: z.boolean(),
  /** The agent's context-window fill at the end of the turn, where it reports one. */
  context: ContextFill.nullable(),
  attachments: z.array(AttachmentInfo),
  parts: z.array(TurnPart),
});
export type Turn = z.infer<typeof Turn>;

export const SessionStatus = z.enum(['idle', 'busy', 'crashed', 'evicted', 'closed']);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const SessionInfo = z.object({
  agent: z.string(),
  status: SessionStatus,
  live: z.boolean(),
  externalSessionId: z.string().nullable(),
  pid: z.number().optional(),
  /** What its next turn will do: reuse the warm session, reload it, or start over with a hand-off. */
  nextTurn: SessionMode,
  /** True when other agents spoke since this agent's last turn: its next prompt carries a hand-off. */
  pendingHandoff: z.boolean(),
  lastUsedAt: z.number().nullable(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  reasoningTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
  cost: z.number(),
  /** False when this agent never reported a cost in this chat: show "no cost reported", not $0. */
  costReported: z.boolean(),
  context: ContextFill.nullable(),
  model: z.string().nullable(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const ChangeStatus = z.enum(['added', 'modified', 'deleted', 'renamed', 'type_changed']);
export const ChangedFile = z.object({
  path: z.string(),
  oldPath: z.string().optional(),
  status: ChangeStatus,
  /** The agent whose turn last changed the file; null = the user's own edit between turns. */
  agent: z.string().nullable(),
  additions: z.number(),
  deletions: z.number(),
  binary: z.boolean(),
  diff: z.string(),
  truncated: z.boolean(),
});
export type ChangedFile = z.infer<typeof ChangedFile>;

export const UsageTotals = Usage;
export const UsageRow = z.object({ chatId: Id, agent: z.string(), usage: Usage, costReported: z.boolean(), context: ContextFill.nullable() });

export const PermissionPolicy = z.enum(['ask', 'allow_edits', 'allow_all']);
export const Settings = z.object({
  idleTtlMs: z.number().int().min(10_000).max(7 * 24 * 3600_000),
  maxLiveSessions: z.number().int().min(1).max(100),
  permissionPolicy: PermissionPolicy,
  reaperGraceMs: z.number().int().min(0).max(30 * 24 * 3600_000),
  /** The editor chats.openIn starts ('' = detect one); {path} stands for the folder, else it goes last. */
  editorCommand: z.string().max(4096),
  /** Resident memory all agent processes together may use before idle sessions are let go (bytes; 0 = no budget). */
  memoryBudgetBytes: z.number().int().min(0).max(1024 * 1024 ** 3),
});
export type Settings = z.infer<typeof Settings>;

/**
 * A (chat, agent) being prepared before its first turn: `warming` (worktree, process, session),
 * `ready` (the next turn finds it warm), `failed` (it could not start: `error` says why, before
 * the user sends), `skipped` (not pre-warmed: `reason`, e.g. the memory budget is under pressure),
 * `cancelled` (the user moved on before it was used).
 */
export const PrewarmState = z.enum(['warming', 'ready', 'failed', 'skipped', 'cancelled']);
export type PrewarmState = z.infer<typeof PrewarmState>;
export const PrewarmStatus = z.object({
  chatId: Id,
  agent: Id,
  state: PrewarmState,
  error: z.object({ name: z.string(), message: z.string() }).optional(),
  reason: z.string().optional(),
});
export type PrewarmStatus = z.infer<typeof PrewarmStatus>;

export const LiveSession = z.object({
  chatId: Id,
  chatTitle: z.string(),
  agent: z.string(),
  busy: z.boolean(),
  idleMs: z.number(),
  pid: z.number().optional(),
  externalSessionId: z.string(),
  /** Opened ahead of its chat's first turn and not used yet: the first to go when room is needed. */
  prewarmed: z.boolean().optional(),
});
export const LiveProcess = z.object({
  agent: z.string(),
  pid: z.number(),
  rssBytes: z.number().optional(),
  sessions: z.number(),
  startedAt: z.number(),
});
export const AgentsStatus = z.object({
  sessions: z.array(LiveSession),
  processes: z.array(LiveProcess),
  busyChats: z.array(Id),
  /** Resident memory of every agent process group together, against the budget (0 = none). */
  memory: z.object({ usedBytes: z.number(), budgetBytes: z.number() }).optional(),
});
export type AgentsStatus = z.infer<typeof AgentsStatus>;

/** A repository's setup script, run in each new worktree of it before the worktree's first turn. */
export const RepoSetup = z.object({
  repoId: Id,
  /** null = none. */
  setupScript: z.string().nullable(),
  /** How long the script may run before it is stopped. */
  setupTimeoutMs: z.number().int(),
});
export type RepoSetup = z.infer<typeof RepoSetup>;

/** The setup run of a chat's new worktree; a failed one waits for the user's choice. */
export const SetupState = z.object({
  chatId: Id,
  turnId: Id,
  ...SetupRun.shape,
});
export type SetupState = z.infer<typeof SetupState>;

/** The chat's branch, what it follows and where it can go: the state behind commit, push, pull request and update. */
export const BranchStatus = z.object({
  /** The chat's own branch (boocoder/<chatId>); null before the chat's first turn made its worktree. */
  branch: z.string().nullable(),
  worktreePath: z.string().nullable(),
  head: z.string().nullable(),
  /** The branch the repository's checkout has out, which "Update from" brings in. */
  base: z.object({ branch: z.string(), commit: z.string(), behind: z.number().int(), ahead: z.number().int() }).nullable(),
  remotes: z.array(z.object({ name: z.string(), url: z.string(), webUrl: z.string().nullable() })),
  /** Commits on the chat's branch that no remote has. */
  unpushed: z.number().int(),
  /** The remote-tracking branch of the last push, if any. */
  upstream: z.string().nullable(),
});
export type BranchStatus = z.infer<typeof BranchStatus>;

export const OpenTarget = z.enum(['editor', 'terminal', 'files']);
export const EditorChoice = z.object({ id: z.string(), name: z.string(), command: z.string() });
const RemoteName = z.string().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._\/-]*$/, 'a git remote name');
export const ArenaStatus = z.enum(['running', 'done', 'interrupted', 'picked', 'discarded']);
export type ArenaStatus = z.infer<typeof ArenaStatus>;

/**
 * One file a contestant changed, against the arena's fork point (the chat's worktree when it
 * started) or, when the repository's setup script ran in its worktree, against that worktree once
 * the script was done.
 */
export const ArenaFile = z.object({
  path: z.string(),
  oldPath: z.string().optional(),
  status: ChangeStatus,
  additions: z.number(),
  deletions: z.number(),
  binary: z.boolean(),
  diff: z.string(),
  truncated: z.boolean(),
});
export type ArenaFile = z.infer<typeof ArenaFile>;

export const ArenaContestant = z.object({
  agent: z.string(),
  status: TurnStatus,
  stopReason: StopReason.optional(),
  error: z.object({ name: z.string(), message: z.string() }).optional(),
  /** The reply text, concatenated. */
  text: z.string(),
  parts: z.array(TurnPart),
  usage: Usage,
  costReported: z.boolean(),
  model: z.string().nullable(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  /** Known once the contestant ended (empty while it runs). */
  files: z.array(ArenaFile),
  /** Where its final state is kept in the repo once its worktree is gone (`git worktree add <dir> <ref>` brings it back). */
  archivedRef: z.string().nullable(),
  /** The chat turn this contestant became by arena.restore (after the arena was picked or discarded). */
  restoredTurnId: z.string().nullable(),
  /** How many arena.event of this contestant went out so far: `parts` holds them all; later events carry seq ≥ this. */
  eventsSeen: z.number().int(),
});
export type ArenaContestant = z.infer<typeof ArenaContestant>;

export const Arena = z.object({
  id: Id,
  chatId: Id,
  prompt: z.string(),
  status: ArenaStatus,
  contestants: z.array(ArenaContestant),
  pickedAgent: z.string().optional(),
  /** The chat turn the pick became. */
  pickedTurnId: z.string().optional(),
  createdAt: z.number(),
  endedAt: z.number().nullable(),
});
export type Arena = z.infer<typeof Arena>;

export const ArenaSummary = Arena.omit({ contestants: true }).extend({
  contestants: z.array(z.object({ agent: z.string(), status: TurnStatus, fileCount: z.number() })),
});
export type ArenaSummary = z.infer<typeof ArenaSummary>;

/** How many agents an arena runs side by side. */
export const ARENA_MIN_AGENTS = 2;
export const ARENA_MAX_AGENTS = 6;

const Empty = z.object({}).strict();
const Ok = z.object({});

const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, doc: string) => ({ input, output, doc });

/** Every method the core answers. Main implements all of them (a missing one is a compile error). */
export const methods = {
  'app.info': method(Empty, z.object({ version: z.string(), dataDir: z.string() }), 'The app version and where its data lives.'),
  'app.environment': method(Empty, EnvironmentReport, "Where the agents' environment came from (the user's login shell at start, the Windows registry, or as started) and a notice when it could not be read."),
  'app.pickDirectory': method(
    Empty,
    z.object({ path: z.string().nullable() }),
    'Ask the user for a folder with a native dialog (desktop only; the browser host answers Unsupported).',
  ),

  'repos.open': method(z.object({ path: Path }).strict(), Repo, 'Open a git repository by path (idempotent). NotADirectory / NotAGitRepo otherwise.'),
  'repos.list': method(Empty, z.array(Repo), 'Repositories opened so far.'),

  'chats.create': method(z.object({ repoId: Id, title: z.string().max(200).optional() }).strict(), Chat, 'A new chat tab in a repo.'),
  'chats.list': method(z.object({ repoId: Id.optional(), includeArchived: z.boolean().optional() }).strict(), z.array(Chat), 'Chats, optionally of one repo; archived ones only when asked.'),
  'chats.rename': method(z.object({ chatId: Id, title: z.string().min(1).max(200) }).strict(), Chat, 'Rename a chat.'),
  'chats.risk': method(z.object({ chatId: Id }).strict(), Risk, 'What archiving or deleting this chat would lose.'),
  'chats.archive': method(
    z.object({ chatId: Id, force: z.boolean().optional() }).strict(),
    Ok,
    'Close a chat: evict its sessions, keep a ref to its worktree, remove the worktree. ChatAtRisk (with the risk) unless force.',
  ),
  'chats.delete': method(
    z.object({ chatId: Id, force: z.boolean().optional() }).strict(),
    Ok,
    "Delete a chat and its transcript. Its worktree is archived under a ref first (the work stays recoverable in git). ChatAtRisk unless force.",
  ),
  'chats.files': method(
    z.object({ chatId: Id, query: z.string().max(500).optional(), limit: z.number().int().min(1).max(500).optional() }).strict(),
    z.object({ paths: z.array(z.string()) }),
    "Files of the chat's worktree (its repo's checkout before the first turn), for @ mentions: tracked and untracked, not ignored; filtered by a case-insensitive subsequence query, best matches first.",
  ),
  'chats.restore': method(z.object({ chatId: Id }).strict(), Ok, 'Bring an archived chat and its worktree back, pending changes intact.'),

  'agents.list': method(Empty, z.array(AgentInfo), 'Known agents (built-in and custom) and whether each can run here.'),
  'agents.configure': method(
    z
      .object({
        id: z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, . _ -'),
        name: z.string().min(1).max(100).optional(),
        command: z.string().min(1).max(4096).optional(),
        args: z.array(z.string().max(4096)).max(100).optional(),
        env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(65_536)).optional(),
        /** False runs the agent outside the write sandbox (it can then write anywhere the user can). */
        sandbox: z.boolean().optional(),
      })
      .strict(),
    AgentInfo,
    "Override a built-in agent or add a custom ACP agent (a new id needs a command). A change of sandbox restarts the agent's process when none of its sessions is busy, else applies at its next start.",
  ),
  'agents.options': method(
    z.object({ agent: Id, chatId: Id.optional() }).strict(),
    AgentOptions,
    "Models, modes, slash commands and prompt capabilities the agent offers, with the current model and mode: from the chat's live session, else remembered from the agent's last new session (never starts a process).",
  ),
  'agents.install': method(
    z.object({ id: Id }).strict(),
    z.object({ version: z.string(), command: z.string() }),
    "Install (or update to) the agent's pinned npm version into BooCoder's own folder (no global change); progress and npm's log come as agents.install.progress. NpmNotFound, NotInstallable, InstallInProgress, InstallFailed.",
  ),
  'agents.uninstall': method(z.object({ id: Id }).strict(), Ok, "Remove the agent's package from BooCoder's own folder (its running process is stopped first). Agents sharing the package lose it too."),
  'agents.auth': method(
    z.object({ id: Id }).strict(),
    AgentAuth,
    "The agent's sign-in state and methods: starts the agent briefly (ACP initialize) to read its authMethods; opencode lists its providers.",
  ),
  'agents.setKey': method(
    z.object({ id: Id, envVar: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).max(100), value: z.string().min(1).max(65_536).nullable() }).strict(),
    AgentInfo,
    "Set (or with null remove) one API key in the agent's environment. The value stays in the core and is never sent back.",
  ),
  'agents.authenticate': method(
    z.object({ id: Id, methodId: z.string().min(1).max(200) }).strict(),
    Ok,
    "Run one of the agent's own sign-in methods (ACP authenticate, e.g. Gemini's \"Log in with Google\", Codex's \"Login with ChatGPT\"): the agent opens the browser on this machine and answers once the user is signed in (up to 5 min). AuthFailed with the agent's words otherwise.",
  ),
  'agents.signIn': method(
    z.object({ id: Id }).strict(),
    z.object({ opened: z.boolean(), display: z.string() }),
    "Open a terminal running the agent's interactive login where the platform allows (opened), else give the exact command to run (display). Ask agents.auth again afterwards.",
  ),
  'agents.status': method(Empty, AgentsStatus, 'Live sessions and processes right now.'),

  'sessions.list': method(z.object({ chatId: Id }).strict(), z.array(SessionInfo), 'Per agent in a chat: live or not, what its next turn does, usage.'),
  'sessions.stop': method(z.object({ chatId: Id, agent: Id }).strict(), Ok, 'Evict a live session (it reattaches on its next turn).'),
  'sessions.restart': method(z.object({ agent: Id }).strict(), Ok, "Restart an agent's process; its sessions reattach on their next turn."),
  'sessions.prewarm': method(
    z.object({ chatId: Id, agent: Id }).strict(),
    PrewarmStatus,
    "Prepare the chat's worktree, the agent's process and its session in the background, so the first turn finds them warm. Returns at once with the current state (idempotent); progress comes as the sessions.prewarm event.",
  ),
  'sessions.cancelPrewarm': method(
    z.object({ chatId: Id, agent: Id.optional() }).strict(),
    Ok,
    "The user moved on: a pre-warm in flight for the chat (or that agent) is stopped and a pre-warmed session not yet used is let go.",
  ),

  'turns.send': method(
    z
      .object({
        chatId: Id,
        agent: Id,
        prompt: z.string().min(1).max(MAX_PROMPT_CHARS),
        model: z.string().max(200).optional(),
        mode: z.string().max(200).optional(),
        attachments: z.array(PromptAttachment).max(20).optional(),
      })
      .strict(),
    z.object({ turnId: Id }),
    'Start a turn; returns at once, progress comes as turn.event. A busy session queues the turn (turn.queued).',
  ),
  'turns.cancel': method(z.object({ turnId: Id }).strict(), Ok, 'Cancel a running or queued turn.'),
  'turns.list': method(z.object({ chatId: Id }).strict(), z.array(Turn), 'The transcript of a chat, oldest first.'),

  'permissions.reply': method(z.object({ requestId: Id, optionId: z.string().min(1).max(200) }).strict(), Ok, "Answer an agent's permission request."),

  'changes.get': method(
    z.object({ chatId: Id }).strict(),
    z.object({ files: z.array(ChangedFile), agents: z.array(z.string()) }),
    "The chat's pending change against its base, per file, attributed to agents.",
  ),
  'changes.apply': method(
    z.object({ chatId: Id, paths: RelPaths.optional() }).strict(),
    z.object({ applied: z.array(z.string()) }),
    'Apply pending files to the real checkout with a 3-way merge. ApplyConflict (nothing changed) otherwise.',
  ),
  'changes.discard': method(
    z.object({ chatId: Id, paths: RelPaths.optional() }).strict(),
    z.object({ discarded: z.array(z.string()) }),
    'Revert pending files in the worktree.',
  ),

  'changes.commit': method(
    z.object({ chatId: Id, message: z.string().min(1).max(100_000), paths: RelPaths.optional() }).strict(),
    z.object({ commit: z.string(), files: z.array(z.string()), agents: z.array(z.string()) }),
    "Commit pending files (all, or `paths`) on the chat's own branch as the user (their git user.name/user.email), with an `Agents:` trailer naming the agents whose files it holds; they leave the pending change, the rest keep their attribution. GitIdentityMissing, NothingToCommit, ChatBusy.",
  ),
  'changes.draftMessage': method(
    z.object({ chatId: Id, agent: Id, paths: RelPaths.optional() }).strict(),
    z.object({ message: z.string() }),
    "A commit message for the pending change, drafted by `agent` in a short-lived session of its own (not the chat's: nothing enters the transcript or the agent's memory of the chat). DraftFailed when the agent gives none.",
  ),
  'chats.branch': method(z.object({ chatId: Id }).strict(), BranchStatus, "The chat's branch: its base branch and how far behind it is, the remotes, unpushed commits."),
  'chats.push': method(
    z.object({ chatId: Id, remote: RemoteName.optional(), force: z.boolean().optional() }).strict(),
    z.object({ remote: z.string(), branch: z.string(), url: z.string().optional() }),
    "Push the chat's branch to `remote` (default origin) with the user's own git credentials, setting its upstream; `force` pushes with --force-with-lease (after a rebase). url: the page that opens a pull request, for GitHub and GitLab remotes. RemoteNotFound, PushFailed (git's message).",
  ),
  'chats.pullRequest': method(
    z.object({ chatId: Id, title: z.string().max(500).optional(), body: z.string().max(65_536).optional(), remote: RemoteName.optional() }).strict(),
    z.object({ url: z.string(), via: z.enum(['gh', 'compare']) }),
    "Push the chat's branch, then open a pull request into the base branch: with gh when it is installed and signed in (via gh), else the GitHub/GitLab compare page (via compare). PullRequestUnavailable for other remotes, PullRequestFailed with gh's message.",
  ),
  'chats.updateFromBase': method(
    z.object({ chatId: Id, strategy: z.enum(['merge', 'rebase']).optional() }).strict(),
    z.object({ base: z.string(), branch: z.string(), updated: z.boolean(), head: z.string() }),
    "Bring the chat's worktree onto the tip of the branch the checkout has out (merge by default, or rebase); uncommitted files are carried over and the pending change keeps its attribution. UpdateConflict (data.files; nothing changed) on a conflict.",
  ),
  'chats.openIn': method(
    z.object({ chatId: Id, target: OpenTarget, editor: z.string().max(64).optional() }).strict(),
    z.object({ command: z.string(), args: z.array(z.string()) }),
    "Open the chat's worktree in an editor (detected, or the configured editor command), a terminal or the file manager, on the machine the core runs on. Returns what was run. OpenFailed.",
  ),
  'chats.openTargets': method(
    z.object({ chatId: Id }).strict(),
    z.object({ path: z.string().nullable(), editors: z.array(EditorChoice), terminal: z.boolean(), files: z.boolean() }),
    "What chats.openIn can open here: the editors found (configured one first), whether a terminal and a file manager are, and the worktree's path (for copy path).",
  ),
  'repos.configure': method(
    z.object({ repoId: Id, setupScript: z.string().max(65_536).nullable().optional(), setupTimeoutMs: z.number().int().min(1000).max(6 * 3600_000).nullable().optional() }).strict(),
    RepoSetup,
    "Set a repository's setup script (run with sh in each new worktree before its first turn; $BOOCODER_REPO is the checkout; empty or null removes it) and its timeout.",
  ),
  'repos.setup': method(z.object({ repoId: Id }).strict(), RepoSetup, "A repository's setup script and timeout."),
  'setup.status': method(z.object({ chatId: Id }).strict(), z.object({ state: SetupState.nullable() }), "The setup run of the chat's new worktree, while it runs or waits for a choice."),
  'setup.reply': method(
    z.object({ chatId: Id, choice: SetupChoice }).strict(),
    Ok,
    'Answer a failed setup: run it again, go on to the turn without it, or cancel the turn (setup runs again before the next one).',
  ),
  'arena.start': method(
    z
      .object({
        chatId: Id,
        agents: z
          .array(Id)
          .min(ARENA_MIN_AGENTS)
          .max(ARENA_MAX_AGENTS)
          .refine((a) => new Set(a).size === a.length, 'each agent at most once'),
        prompt: z.string().min(1).max(MAX_PROMPT_CHARS),
        /** Per agent: the mode its contestant session runs in (as turns.send's mode). */
        modes: z.record(Id, z.string().max(200)).optional(),
      })
      .strict(),
    z.object({ arenaId: Id }),
    "Send one prompt to 2–6 agents at once, each in its own scratch worktree forked from the chat's worktree as it is now (unapplied changes included); returns at once, progress comes as arena.event. The chat's turns queue until every contestant has ended.",
  ),
  'arena.prewarm': method(
    z
      .object({
        chatId: Id,
        agents: z
          .array(Id)
          .max(ARENA_MAX_AGENTS)
          .refine((a) => new Set(a).size === a.length, 'each agent at most once'),
      })
      .strict(),
    z.object({ statuses: z.array(PrewarmStatus) }),
    "Prepare the chat's next arena while the user picks its agents: for each agent, a scratch worktree forked from the chat's worktree as it is now and its session opened there, so arena.start finds its contestants ready. Exactly these agents are prepared: others prepared before are let go, and an empty list lets everything go (the launcher closed). Returns at once with each agent's state (idempotent); progress comes as arena.prewarm. Skipped (with the reason) while a turn runs in the chat, when the repository has a setup script (it runs when the arena starts), and under the memory budget's pressure. arena.start uses what still matches the chat's worktree and forks the rest anew.",
  ),
  'arena.get': method(z.object({ arenaId: Id }).strict(), Arena, "An arena with every contestant: status, transcript (led by its setup script's run when the repository has one), usage and, once it ended, its diff against the fork point (leaving out what its setup script left behind)."),
  'arena.list': method(z.object({ chatId: Id }).strict(), z.array(ArenaSummary), "A chat's arenas, newest first."),
  'arena.cancel': method(
    z.object({ arenaId: Id, agent: Id.optional() }).strict(),
    Ok,
    'Cancel one contestant, or every running one. What they did so far stays (and can still be picked).',
  ),
  'arena.pick': method(
    z.object({ arenaId: Id, agent: Id }).strict(),
    z.object({ turnId: Id }),
    "Keep one contestant: its changes land in the chat's worktree as that agent's turn (pending, attributed to it), its session becomes the chat's where the agent can move it to the chat's worktree (opencode; otherwise its next turn starts a session told the whole chat, the arena turn included); the others are cancelled, kept under refs and removed. ApplyConflict (nothing changed) when the chat changed the same files since the fork.",
  ),
  'arena.discard': method(
    z.object({ arenaId: Id, force: z.boolean().optional() }).strict(),
    Ok,
    'Drop every contestant: the chat stays as it was; their worktrees are kept under refs and removed. ArenaAtRisk (with the files) when contestants changed files, unless force.',
  ),
  'arena.restore': method(
    z.object({ arenaId: Id, agent: Id }).strict(),
    z.object({ turnId: Id }),
    "Bring a contestant of a picked or discarded arena back from its ref: its changes land in the chat's worktree as that agent's turn (pending, attributed to it, marked as restored from the arena). ApplyConflict (nothing changed, data.files) when the chat changed any of the same files since the fork: discard or commit those first. ArenaOpen while the arena can still be picked; NothingToRestore when it changed nothing or was already brought in (data.turnId).",
  ),
  'arena.setupReply': method(
    z.object({ arenaId: Id, agent: Id, choice: SetupChoice }).strict(),
    Ok,
    "Answer a contestant's failed setup script: run it again, go on to its agent without it, or cancel that contestant (as arena.cancel does); the others are not held up. SetupNotWaiting when no failed setup of it waits for a choice.",
  ),

  'usage.summary': method(
    z.object({ repoId: Id.optional() }).strict(),
    z.object({ rows: z.array(UsageRow), repoTotal: Usage, today: Usage }),
    'Usage per chat and agent, the repo total and today across all repos (arena contestants included: a picked one through the turn it became).',
  ),

  'settings.get': method(Empty, Settings, 'Lifecycle and permission settings.'),
  'settings.update': method(Settings.partial().strict(), Settings, 'Change settings; the supervisor applies them at once.'),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParams<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodResult<M extends MethodName> = z.output<Methods[M]['output']>;
export const methodNames = Object.keys(methods) as MethodName[];
export const isMethodName = (name: unknown): name is MethodName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
