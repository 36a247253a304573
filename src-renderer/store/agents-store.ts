import { create } from 'zustand';
import type { AgentInfo, AgentOptions, AgentsStatus, EventPayload, MethodInput, SessionInfo, Settings } from '../../src-preload/contract';
import { bridge } from '../bridge/bridge';
import { applyOptionsEvent, optionsKey } from '../state/agent-options';
import { isReady } from '../state/agent-readiness';
import { errorName } from '../state/describe-error';
import { notifyError } from './ui-store';

export type { AgentOptions };
export { optionsKey };

/** What the composer has picked for a chat. */
export interface ComposerChoice {
  agent: string | null;
  model: string | null;
  mode: string | null;
}

interface AgentsState {
  agents: AgentInfo[];
  status: AgentsStatus;
  /** When `status` arrived: idle times in it are as of then. */
  statusAt: number;
  /** Models, modes, commands and prompt capabilities per chat and agent (optionsKey); absent = not asked yet. */
  options: Record<string, AgentOptions | null>;
  sessions: Record<string, SessionInfo[]>;
  choice: Record<string, ComposerChoice>;
  settings: Settings | null;
}

export const useAgents = create<AgentsState>(() => ({
  agents: [],
  status: { sessions: [], processes: [], busyChats: [] },
  statusAt: Date.now(),
  options: {},
  sessions: {},
  choice: {},
  settings: null,
}));

const LAST_AGENT_KEY = 'boocoder.lastAgent';
const NO_SESSIONS: SessionInfo[] = [];
export const selectSessions = (chatId: string | null) => (s: AgentsState): SessionInfo[] => (chatId ? s.sessions[chatId] : undefined) ?? NO_SESSIONS;

export async function loadAgents(): Promise<void> {
  try {
    useAgents.setState({ agents: await bridge.invoke('agents.list', {}) });
  } catch (e) {
    notifyError(e);
  }
}

export const setStatus = (status: AgentsStatus): void => useAgents.setState({ status, statusAt: Date.now() });

export async function loadStatus(): Promise<void> {
  try {
    setStatus(await bridge.invoke('agents.status', {}));
  } catch (e) {
    if (errorName(e) !== 'Unsupported') notifyError(e);
  }
}

/**
 * Asks what the agent offers in this chat: its live session's options, else those it gave its
 * last new session (asking never starts the agent). Changes afterwards arrive as agents.options
 * events; this is asked again when the session goes live in case one was missed.
 */
export async function loadOptions(agent: string, chatId: string): Promise<void> {
  const key = optionsKey(chatId, agent);
  try {
    const opts = await bridge.invoke('agents.options', { agent, chatId });
    useAgents.setState((s) => ({ options: { ...s.options, [key]: opts } }));
  } catch {
    // Nothing on offer: the pickers and the command list stay hidden and the agent's defaults apply.
  }
}

const optionsAsked = new Set<string>();

/**
 * Options for a place that only shows them (the name of a turn's model), asked once per chat,
 * agent and model: a transcript of many turns by an agent the composer has not picked asks once,
 * and again only for a model the options it got do not name.
 */
export function ensureOptions(agent: string, chatId: string, model: string): void {
  const key = optionsKey(chatId, agent);
  const known = useAgents.getState().options[key];
  if (known?.models.some((m) => m.id === model) || optionsAsked.has(`${key}\0${model}`)) return;
  optionsAsked.add(`${key}\0${model}`);
  void loadOptions(agent, chatId);
}

/** An agents.options event: an agent advertised new commands, or its model or mode changed. */
export const noteOptions = (e: EventPayload<'agents.options'>): void => useAgents.setState((s) => ({ options: applyOptionsEvent(s.options, e) }));

export async function loadSessions(chatId: string): Promise<void> {
  try {
    const list = await bridge.invoke('sessions.list', { chatId });
    useAgents.setState((s) => ({ sessions: { ...s.sessions, [chatId]: list } }));
  } catch (e) {
    if (errorName(e) !== 'Unsupported') notifyError(e);
  }
}

/**
 * The composer's agent for a chat: its own pick, else the last agent used anywhere while it is
 * ready, else the first ready one (found and not signed out), else the first found.
 */
export function choiceFor(s: AgentsState, chatId: string): ComposerChoice {
  const own = s.choice[chatId];
  if (own?.agent) return own;
  const last = localStorage.getItem(LAST_AGENT_KEY);
  const agent = s.agents.find((a) => a.id === last && isReady(a))?.id ?? s.agents.find(isReady)?.id ?? s.agents.find((a) => a.available)?.id ?? null;
  return { agent, model: null, mode: null };
}

export function choose(chatId: string, patch: Partial<ComposerChoice>): void {
  if (patch.agent) localStorage.setItem(LAST_AGENT_KEY, patch.agent);
  useAgents.setState((s) => {
    const current = choiceFor(s, chatId);
    // A different agent has different models and modes.
    const reset = patch.agent && patch.agent !== current.agent ? { model: null, mode: null } : {};
    return { choice: { ...s.choice, [chatId]: { ...current, ...reset, ...patch } } };
  });
}

export async function restartAgent(agent: string): Promise<void> {
  try {
    await bridge.invoke('sessions.restart', { agent });
    await loadStatus();
  } catch (e) {
    notifyError(e);
  }
}

export async function stopSession(chatId: string, agent: string): Promise<void> {
  try {
    await bridge.invoke('sessions.stop', { chatId, agent });
    await loadStatus();
  } catch (e) {
    notifyError(e);
  }
}

export async function configureAgent(input: MethodInput<'agents.configure'>): Promise<boolean> {
  try {
    const info = await bridge.invoke('agents.configure', input);
    useAgents.setState((s) => ({
      agents: s.agents.some((a) => a.id === info.id) ? s.agents.map((a) => (a.id === info.id ? info : a)) : [...s.agents, info],
      options: Object.fromEntries(Object.entries(s.options).filter(([k]) => !k.endsWith(`\u0000${info.id}`))),
    }));
    return true;
  } catch (e) {
    notifyError(e);
    return false;
  }
}

export async function loadSettings(): Promise<void> {
  try {
    useAgents.setState({ settings: await bridge.invoke('settings.get', {}) });
  } catch (e) {
    notifyError(e);
  }
}

export async function updateSettings(patch: Partial<Settings>): Promise<boolean> {
  try {
    useAgents.setState({ settings: await bridge.invoke('settings.update', patch) });
    return true;
  } catch (e) {
    notifyError(e);
    return false;
  }
}
