import { AgentConfigStore } from './agent-config-store';
import { ChatsStore } from './chats-store';
import { openDatabase, type Db } from './database';
import { PendingChangesStore } from './pending-changes-store';
import { ReposStore } from './repos-store';
import { SessionsStore } from './sessions-store';
import { SettingsStore } from './settings-store';
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
  readonly settings: SettingsStore;

  constructor(readonly db: Db) {
    this.repos = new ReposStore(db);
    this.chats = new ChatsStore(db);
    this.turns = new TurnsStore(db);
    this.sessions = new SessionsStore(db);
    this.worktrees = new WorktreesStore(db);
    this.pendingChanges = new PendingChangesStore(db);
    this.agentConfig = new AgentConfigStore(db);
    this.settings = new SettingsStore(db);
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
