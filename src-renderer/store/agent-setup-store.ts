import { create } from 'zustand';
import type { AgentAuth, EnvironmentReport, EventPayload } from '../../src-preload/contract';
import { bridge } from '../bridge/bridge';
import { loadAgents } from './agents-store';
import { notifyError } from './ui-store';

/** One install's progress as it streams: npm's log lines and how it ended. */
export interface InstallState {
  phase: 'started' | 'log' | 'done' | 'failed';
  lines: string[];
  version?: string;
}

interface AgentSetupState {
  installs: Record<string, InstallState>;
  auth: Record<string, AgentAuth>;
  checking: Record<string, boolean>;
  /** The agent's own sign-in method running, per agent (it waits for the user in a browser). */
  authenticating: Record<string, string>;
  /** A sign-in that could not open a terminal: the command to show, per agent. */
  signInCommand: Record<string, string>;
  environment: EnvironmentReport | null;
  environmentDismissed: boolean;
}

export const useAgentSetup = create<AgentSetupState>(() => ({ installs: {}, auth: {}, checking: {}, authenticating: {}, signInCommand: {}, environment: null, environmentDismissed: false }));

/** Lines of npm's log kept per install for the log panel. */
const MAX_LOG_LINES = 200;

export function noteInstallProgress(p: EventPayload<'agents.install.progress'>): void {
  useAgentSetup.setState((s) => {
    const previous = p.phase === 'started' ? undefined : s.installs[p.agent];
    const lines = [...(previous?.lines ?? []), ...(p.line ? [p.line] : [])].slice(-MAX_LOG_LINES);
    return { installs: { ...s.installs, [p.agent]: { phase: p.phase, lines, ...(p.version ? { version: p.version } : {}) } } };
  });
}

export async function installAgent(id: string): Promise<void> {
  useAgentSetup.setState((s) => ({ installs: { ...s.installs, [id]: { phase: 'started', lines: [] } } }));
  try {
    await bridge.invoke('agents.install', { id });
  } catch (e) {
    useAgentSetup.setState((s) => ({ installs: { ...s.installs, [id]: { ...(s.installs[id] ?? { lines: [] }), phase: 'failed' } } }));
    notifyError(e);
  }
  await loadAgents();
}

export async function uninstallAgent(id: string): Promise<void> {
  try {
    await bridge.invoke('agents.uninstall', { id });
    useAgentSetup.setState((s) => ({ installs: Object.fromEntries(Object.entries(s.installs).filter(([k]) => k !== id)) }));
  } catch (e) {
    notifyError(e);
  }
  await loadAgents();
}

/** Asks the core for the agent's sign-in state and methods (it may start the agent briefly). */
export async function checkAuth(id: string): Promise<void> {
  useAgentSetup.setState((s) => ({ checking: { ...s.checking, [id]: true } }));
  try {
    const auth = await bridge.invoke('agents.auth', { id });
    useAgentSetup.setState((s) => ({ auth: { ...s.auth, [id]: auth } }));
  } catch (e) {
    notifyError(e);
  } finally {
    useAgentSetup.setState((s) => ({ checking: { ...s.checking, [id]: false } }));
  }
}

/** Reads the agent's sign-in state again: the agent list (its readiness) and its sign-in details. */
export const recheckAgent = (id: string): Promise<unknown> => Promise.all([loadAgents(), checkAuth(id)]);

export async function setAgentKey(id: string, envVar: string, value: string | null): Promise<boolean> {
  try {
    await bridge.invoke('agents.setKey', { id, envVar, value });
    await recheckAgent(id);
    return true;
  } catch (e) {
    notifyError(e);
    return false;
  }
}

/** Opens the login in a terminal, or keeps the command to show (the sign-in panel checks again when the window regains focus). */
export async function signInAgent(id: string): Promise<void> {
  try {
    const { opened, display } = await bridge.invoke('agents.signIn', { id });
    useAgentSetup.setState((s) => ({ signInCommand: opened ? Object.fromEntries(Object.entries(s.signInCommand).filter(([k]) => k !== id)) : { ...s.signInCommand, [id]: display } }));
  } catch (e) {
    notifyError(e);
  }
}

/** Runs one of the agent's own sign-in methods (it opens a browser and answers when the user is done). */
export async function authenticateAgent(id: string, methodId: string): Promise<void> {
  useAgentSetup.setState((s) => ({ authenticating: { ...s.authenticating, [id]: methodId } }));
  try {
    await bridge.invoke('agents.authenticate', { id, methodId });
  } catch (e) {
    notifyError(e);
  } finally {
    useAgentSetup.setState((s) => ({ authenticating: Object.fromEntries(Object.entries(s.authenticating).filter(([k]) => k !== id)) }));
  }
  await recheckAgent(id);
}

export async function loadEnvironment(): Promise<void> {
  try {
    useAgentSetup.setState({ environment: await bridge.invoke('app.environment', {}) });
  } catch {
    // An older core without it: nothing to tell.
  }
}

export const dismissEnvironmentNotice = (): void => useAgentSetup.setState({ environmentDismissed: true });
