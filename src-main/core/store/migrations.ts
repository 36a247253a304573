/**
 * Numbered schema migrations. Each runs once, in order, inside one transaction that also sets
 * `PRAGMA user_version` to its number. Never edit a shipped migration: add the next one.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    description: 'repos, chats, turns and their transcript parts, agent sessions, worktrees, pending changes, agent config, settings',
    sql: `
      CREATE TABLE repos (
        id TEXT PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE chats (
        id TEXT PRIMARY KEY,
        repo_id TEXT NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        archived_at INTEGER
      );
      CREATE INDEX chats_repo ON chats(repo_id, created_at);

      -- One prompt to one agent. ordinal orders turns within a chat (hand-offs read "since ordinal N").
      CREATE TABLE turns (
        id TEXT PRIMARY KEY,
        chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        agent TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled','interrupted')),
        stop_reason TEXT,
        error_name TEXT,
        error_message TEXT,
        prompt TEXT NOT NULL,
        model TEXT,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        reasoning_tokens INTEGER NOT NULL DEFAULT 0,
        cache_read_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_tokens INTEGER NOT NULL DEFAULT 0,
        cost REAL NOT NULL DEFAULT 0,
        UNIQUE (chat_id, ordinal)
      );
      CREATE INDEX turns_status ON turns(status);
      CREATE INDEX turns_started ON turns(started_at);

      -- The transcript of a turn as it streams: text, reasoning, tool calls, permissions, errors.
      CREATE TABLE transcript_parts (
        turn_id TEXT NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (turn_id, idx)
      );

      CREATE TABLE agent_sessions (
        chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
        agent TEXT NOT NULL,
        external_session_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('idle','busy','crashed','evicted','closed')),
        last_used_at INTEGER,
        -- The ordinal of the last turn this agent has seen (its own, or one handed off to it).
        seen_through_ordinal INTEGER NOT NULL DEFAULT 0,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        reasoning_tokens INTEGER NOT NULL DEFAULT 0,
        cache_read_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_tokens INTEGER NOT NULL DEFAULT 0,
        cost REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (chat_id, agent)
      );

      CREATE TABLE worktrees (
        chat_id TEXT PRIMARY KEY REFERENCES chats(id) ON DELETE CASCADE,
        repo_id TEXT NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
        path TEXT NOT NULL UNIQUE,
        branch TEXT NOT NULL,
        base_commit TEXT NOT NULL,
        -- Tree of the worktree after the last turn: edits since then are the user's own.
        last_snapshot TEXT,
        state TEXT NOT NULL CHECK (state IN ('active','archived','flagged','missing')),
        archived_ref TEXT,
        flag_reason TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      -- The chat's current unapplied diff; a new row supersedes the previous one (latest wins).
      CREATE TABLE pending_changes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
        base_commit TEXT NOT NULL,
        tree TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        superseded_at INTEGER
      );
      CREATE INDEX pending_changes_current ON pending_changes(chat_id, superseded_at);

      CREATE TABLE pending_change_files (
        change_id INTEGER NOT NULL REFERENCES pending_changes(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        old_path TEXT,
        status TEXT NOT NULL,
        -- NULL = the user's own edit between turns.
        agent TEXT,
        additions INTEGER NOT NULL,
        deletions INTEGER NOT NULL,
        binary INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (change_id, path)
      );

      CREATE TABLE agent_config (
        id TEXT PRIMARY KEY,
        name TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('opencode','acp')),
        command TEXT,
        args TEXT,
        env TEXT,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'the files each turn changed, for hand-offs to the next agent',
    sql: `ALTER TABLE turns ADD COLUMN changed_files TEXT;`,
  },
  {
    version: 3,
    description: 'how each turn used its session (new, resumed, loaded, history), for the transcript',
    sql: `ALTER TABLE turns ADD COLUMN session_mode TEXT;`,
  },
  {
    version: 4,
    description:
      "context-window fill, whether a cost was reported, and attachments per turn; the agent's cumulative cost, context fill and model per session; each agent's options as its last new session offered them",
    sql: `
      ALTER TABLE turns ADD COLUMN context_used INTEGER;
      ALTER TABLE turns ADD COLUMN context_size INTEGER;
      ALTER TABLE turns ADD COLUMN cost_reported INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE turns ADD COLUMN attachments TEXT;
      -- What the agent last said its session has cost in all (cumulative), for the session id stored.
      ALTER TABLE agent_sessions ADD COLUMN reported_cost REAL;
      ALTER TABLE agent_sessions ADD COLUMN context_used INTEGER;
      ALTER TABLE agent_sessions ADD COLUMN context_size INTEGER;
      ALTER TABLE agent_sessions ADD COLUMN model TEXT;
      ALTER TABLE agent_sessions ADD COLUMN cost_reported INTEGER NOT NULL DEFAULT 0;

      -- Models, modes and commands an agent offered in its last new session: shown before a chat's first turn.
      CREATE TABLE agent_options (
        agent TEXT PRIMARY KEY,
        options TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 5,
    description: "whether each agent runs in BooCoder's write sandbox (null = the default, on)",
    sql: `ALTER TABLE agent_config ADD COLUMN sandbox INTEGER;`,
  },
  {
    version: 6,
    description: 'arenas: one prompt to several agents, each contestant with its scratch worktree, transcript, usage and diff, and the pick',
    sql: `
      CREATE TABLE arenas (
        id TEXT PRIMARY KEY,
        chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
        prompt TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running','done','interrupted','picked','discarded')),
        -- The chat's worktree when the arena started: its snapshot tree, kept by refs/boocoder/arena/<id>/fork.
        fork_tree TEXT,
        -- The chat's last turn ordinal then: what every contestant was told of the chat.
        fork_ordinal INTEGER NOT NULL DEFAULT 0,
        picked_agent TEXT,
        picked_turn_id TEXT,
        created_at INTEGER NOT NULL,
        ended_at INTEGER
      );
      CREATE INDEX arenas_chat ON arenas(chat_id, created_at);
      CREATE INDEX arenas_status ON arenas(status);

      CREATE TABLE arena_contestants (
        arena_id TEXT NOT NULL REFERENCES arenas(id) ON DELETE CASCADE,
        agent TEXT NOT NULL,
        position INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled','interrupted')),
        stop_reason TEXT,
        error_name TEXT,
        error_message TEXT,
        -- Its scratch worktree (removed once the arena is picked or discarded).
        path TEXT NOT NULL,
        external_session_id TEXT,
        reported_cost REAL,
        model TEXT,
        started_at INTEGER,
        ended_at INTEGER,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        reasoning_tokens INTEGER NOT NULL DEFAULT 0,
        cache_read_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_tokens INTEGER NOT NULL DEFAULT 0,
        cost REAL NOT NULL DEFAULT 0,
        cost_reported INTEGER NOT NULL DEFAULT 0,
        -- Its worktree's final snapshot tree and the files it changed against the fork (JSON).
        final_tree TEXT,
        files TEXT,
        -- refs/boocoder/arena/<id>/<agent>: its final state, kept after the worktree is removed.
        archived_ref TEXT,
        worktree_removed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (arena_id, agent)
      );

      CREATE TABLE arena_parts (
        arena_id TEXT NOT NULL,
        agent TEXT NOT NULL,
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (arena_id, agent, idx),
        FOREIGN KEY (arena_id, agent) REFERENCES arena_contestants(arena_id, agent) ON DELETE CASCADE
      );
    `,
  },
  {
    version: 7,
    description: 'a setup script per repository (run in each new worktree before its first turn), and whether a worktree has had its setup',
    sql: `
      ALTER TABLE repos ADD COLUMN setup_script TEXT;
      ALTER TABLE repos ADD COLUMN setup_timeout_ms INTEGER;
      ALTER TABLE worktrees ADD COLUMN setup_done_at INTEGER;
      -- Worktrees that exist already are past their first turn.
      UPDATE worktrees SET setup_done_at = created_at;
    `,
  },
  {
    version: 8,
    description: 'the chat turn an arena contestant became when it was restored after its arena closed',
    sql: `
      ALTER TABLE arena_contestants ADD COLUMN restored_turn_id TEXT;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
