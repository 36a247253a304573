import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_VERSION } from './app-info';
import { AgentCatalog, toAgentInfo } from './agents/catalog/agent-catalog';
import { chatsHandlers } from './chats/chats-handlers';
import { AppError } from './errors';
import { EventBus } from './events/event-bus';
import { reposHandlers } from './repos/repos-handlers';
import type { Handlers } from './rpc/handlers-type';
import { Store } from './store/store';

export interface CoreOptions {
  dataDir: string;
  /** Environment for agent children (default: this process's, so the user's keys and config apply). */
  agentEnv?: NodeJS.ProcessEnv;
  /** Folders searched for agent programs before PATH (default: BooCoder's own node_modules/.bin). */
  agentSearchDirs?: string[];
  /** The desktop shell's native folder dialog; absent in the headless host. */
  pickDirectory?: () => Promise<string | null>;
  /** Check outgoing event payloads against the contract (tests, development). */
  validateEvents?: boolean;
}

const defaultSearchDirs = (): string[] => {
  // src-main/core (source) or out/main (bundle): either way the package root is two levels up.
  const here = path.dirname(fileURLToPath(import.meta.url));
  return [path.resolve(here, '..', '..', 'node_modules', '.bin')];
};

/**
 * The application core: the store, agents, worktrees and the contract's handlers, with no
 * Electron in sight. Electron's main process and the headless host both run one of these.
 */
export class Core {
  readonly store: Store;
  readonly events: EventBus;
  readonly agents: AgentCatalog;
  readonly handlers: Handlers;
  private closed = false;

  private constructor(readonly options: CoreOptions) {
    this.store = Store.open(path.join(options.dataDir, 'boocoder.db'));
    this.events = new EventBus(options.validateEvents ?? false);
    const env = options.agentEnv ?? process.env;
    this.agents = new AgentCatalog(this.store.agentConfig, { searchDirs: options.agentSearchDirs ?? defaultSearchDirs(), pathEnv: env.PATH });
    const unsupported = (method: string) => () => {
      throw new AppError('Unsupported', `${method} is not available in this build.`);
    };
    this.handlers = {
      'app.info': () => ({ version: APP_VERSION, dataDir: options.dataDir }),
      'app.pickDirectory': options.pickDirectory
        ? async () => ({ path: await options.pickDirectory!() })
        : unsupported('A native folder dialog (type the path instead)'),
      ...reposHandlers(this.store),
      ...chatsHandlers(this.store, this.events),
      'chats.risk': unsupported('chats.risk'),
      'chats.archive': unsupported('chats.archive'),
      'chats.restore': unsupported('chats.restore'),
      'agents.list': () => this.agents.list().map(toAgentInfo),
      'agents.configure': (p) => toAgentInfo(this.agents.configure(p)),
      'agents.options': unsupported('agents.options'),
      'agents.status': () => ({ sessions: [], processes: [], busyChats: [] }),
      'sessions.list': unsupported('sessions.list'),
      'sessions.stop': unsupported('sessions.stop'),
      'sessions.restart': unsupported('sessions.restart'),
      'turns.send': unsupported('turns.send'),
      'turns.cancel': unsupported('turns.cancel'),
      'turns.list': unsupported('turns.list'),
      'permissions.reply': unsupported('permissions.reply'),
      'changes.get': unsupported('changes.get'),
      'changes.apply': unsupported('changes.apply'),
      'changes.discard': unsupported('changes.discard'),
      'usage.summary': unsupported('usage.summary'),
      'settings.get': () => this.store.settings.get(),
      'settings.update': (patch) => this.store.settings.update(patch),
    };
  }

  static async open(options: CoreOptions): Promise<Core> {
    return new Core(options);
  }

  /** The quit hook: stop everything the core started, then close the database cleanly. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.store.close();
  }
}
