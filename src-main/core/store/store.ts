import { AgentConfigStore } from './agent-config-store';
import { AgentOptionsStore } from './agent-options-store';
import { ArenasStore } from './arenas-store';
import { ChatsStore } from './chats-store';
import { openDatabase, type Db } from './database';
import { PendingChangesStore } from './pending-changes-store';
import { ReposStore } from './repos-store';
import { SessionsStore } from './sessions-store';
import { SettingsStore } from './settings-store';
import { SetupStore } from './setup-store';
import { guardStorage } from './storage-errors';
import { TurnsStore } from './turns-store';
import { WorktreesStore } from './worktrees-store';

/** The app's SQLite database and its typed tables. */
export class Store {
  readonly repos: ReposStore;
  readonly chats: ChatsStore;
  readonly turns: TurnsStore;
  readonly sessions: SessionsStore;
  readonly worktrees: WorktreesStore;
  readonly pendingChanges: PendingChangesStore;
  readonly agentConfig: AgentConfigStore;
  readonly agentOptions: AgentOptionsStore;
  readonly settings: SettingsStore;
  readonly setup: SetupStore;
  readonly arenas: ArenasStore;

  readonly db: Db;

  // Every table's methods (and the connection's own) report storage faults as StorageError.
  constructor(db: Db) {
    this.db = guardStorage(db);
    this.repos = guardStorage(new ReposStore(db));
    this.chats = guardStorage(new ChatsStore(db));
    this.turns = guardStorage(new TurnsStore(db));
    this.sessions = guardStorage(new SessionsStore(db));
    this.worktrees = guardStorage(new WorktreesStore(db));
    this.pendingChanges = guardStorage(new PendingChangesStore(db));
    this.agentConfig = guardStorage(new AgentConfigStore(db));
    this.agentOptions = guardStorage(new AgentOptionsStore(db));
    this.settings = guardStorage(new SettingsStore(db));
    this.setup = guardStorage(new SetupStore(db));
    this.arenas = guardStorage(new ArenasStore(db));
  }

  static open(file: string): Store {
    return new Store(openDatabase(file));
  }

  close(): void {
    if (this.db.open) {
      // Fold the WAL back into the main file so a closed database is one self-contained file.
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }
}
