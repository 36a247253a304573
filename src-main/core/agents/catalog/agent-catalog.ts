import { existsSync } from 'node:fs';
import os from 'node:os';
import type { AgentFound, AgentInfo, AgentInstallInfo, AgentSandboxInfo, AuthSummary } from '../../../../src-preload/contract';
import { AppError } from '../../errors';
import type { AgentConfigRow, AgentConfigStore } from '../../store/agent-config-store';
import type { AgentSpec } from '../agent-backend';
import { authSummary } from '../auth/auth-summary';
import { installedVersion, packageBinDir, versionOfProgram } from '../install/agent-install-dirs';
import { profileById } from '../profiles/profiles';
import { BUILT_IN_AGENTS } from './built-in-agents';
import { findExecutable } from './find-executable';

export interface ResolvedAgent {
  spec: AgentSpec;
  builtIn: boolean;
  /** Absolute path of the program when found. */
  executable: string | null;
  reason?: string;
  /** Where the program was found and its version. */
  found: AgentFound | null;
  install: AgentInstallInfo | null;
  auth: AuthSummary;
}

export interface AgentCatalogOptions {
  /** BooCoder's bundled node_modules/.bin (searched after its own installs, before PATH). */
  searchDirs: string[];
  pathEnv: string | undefined;
  /** Where agents installed from the app live (agentInstallRoot); absent: none are looked for. */
  installRoot?: string;
  /** The environment agents start with, for telling whether they have keys (default: none). */
  baseEnv?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

/** Pure: a built-in (or nothing) with the user's stored override on top. */
export function mergeAgentSpec(builtIn: AgentSpec | undefined, override: AgentConfigRow | undefined): AgentSpec | undefined {
  if (!builtIn && !override) return undefined;
  if (!builtIn) {
    if (!override!.command) return undefined;
    return {
      id: override!.id,
      name: override!.name ?? override!.id,
      kind: 'acp',
      command: override!.command,
      args: override!.args ?? [],
      env: override!.env ?? {},
      sandbox: override!.sandbox ?? true,
    };
  }
  return {
    ...builtIn,
    name: override?.name ?? builtIn.name,
    command: override?.command ?? builtIn.command,
    args: override?.args ?? builtIn.args,
    env: { ...builtIn.env, ...(override?.env ?? {}) },
    sandbox: override?.sandbox ?? builtIn.sandbox ?? true,
  };
}

/**
 * Which agents exist and whether each can run here. A command set in Settings is used as is;
 * otherwise programs are looked up in BooCoder's own installs, its bundled node_modules/.bin,
 * then PATH; a missing one is reported with the reason, never thrown.
 */
export class AgentCatalog {
  /**
   * Where `require` last found each agent's program, with the stored settings it was found for.
   * A turn looks its agent up on every send; searching the install root, the bundled bin and PATH
   * again each time costs more than the rest of the send. A full lookup (`get`, `list`, which the
   * agents view and installs run) refreshes it, and a remembered program that is gone is searched
   * for again.
   */
  private readonly located = new Map<string, { settings: string; spec: AgentSpec }>();

  constructor(
    private readonly config: AgentConfigStore,
    private readonly options: AgentCatalogOptions,
  ) {}

  list(): ResolvedAgent[] {
    const overrides = new Map(this.config.list().map((r) => [r.id, r]));
    const ids = [...BUILT_IN_AGENTS.map((a) => a.id), ...[...overrides.keys()].filter((id) => !BUILT_IN_AGENTS.some((a) => a.id === id))];
    this.located.clear();
    return ids.map((id) => this.resolve(id, overrides.get(id))).filter((a): a is ResolvedAgent => a !== undefined);
  }

  /** One agent, looked up alone: a turn must not pay for searching PATH for every other agent. */
  get(id: string): ResolvedAgent {
    this.located.delete(id);
    const agent = this.resolve(id, this.config.get(id));
    if (!agent) throw new AppError('NotFound', `No agent with id "${id}".`);
    return agent;
  }

  /** The agent's display name without looking for its program (its id when it is unknown). */
  displayName(id: string): string {
    return mergeAgentSpec(BUILT_IN_AGENTS.find((a) => a.id === id), this.config.get(id))?.name ?? id;
  }

  /**
   * The agent's spec with its program found, and nothing else: what a turn needs. The install,
   * sign-in and version facts (files read on every call) are only for the agents view.
   */
  private locateSpec(id: string, override: AgentConfigRow | undefined) {
    const builtIn = BUILT_IN_AGENTS.find((a) => a.id === id);
    const spec = mergeAgentSpec(builtIn, override);
    if (!spec) return undefined;
    const profile = builtIn ? profileById(id) : undefined;
    const npm = profile?.npmPackage;
    const configured = Boolean(override?.command) || !builtIn;
    // A command the user set is used as is; a built-in tries its profile's programs in order
    // (claude-agent-acp, then its old name claude-code-acp), each with its own arguments.
    const candidates = configured ? [{ command: spec.command, args: spec.args }] : (profile?.launch ?? []);
    for (const candidate of candidates) {
      const hit = this.locate(candidate.command, configured, npm && npm.bin === candidate.command ? npm.name : undefined);
      if (!hit) continue;
      const args = override?.args ?? [...candidate.args];
      return { spec: { ...spec, command: hit.executable, args }, builtIn, profile, npm, candidates, hit };
    }
    return { spec, builtIn, profile, npm, candidates, hit: null };
  }

  private resolve(id: string, override: AgentConfigRow | undefined): ResolvedAgent | undefined {
    const located = this.locateSpec(id, override);
    if (!located) return undefined;
    const { spec, builtIn, profile, npm, candidates, hit } = located;
    const root = this.options.installRoot;
    const install: AgentInstallInfo | null = npm ? { package: npm.name, pinnedVersion: npm.version, installedVersion: root ? installedVersion(root, npm.name) : null } : null;
    const auth = authSummary({
      profile,
      env: { ...(this.options.baseEnv ?? {}), ...spec.env },
      home: this.options.baseEnv?.HOME ?? os.homedir(),
      platform: this.options.platform ?? process.platform,
      exists: existsSync,
    });
    if (hit) {
      const version = hit.via === 'boocoder' ? (install?.installedVersion ?? null) : npm ? versionOfProgram(hit.executable, npm.name) : null;
      return { spec, builtIn: builtIn !== undefined, executable: hit.executable, found: { via: hit.via, version }, install, auth };
    }
    const tried = candidates.map((c) => `"${c.command}"`).join(' or ');
    return {
      spec,
      builtIn: builtIn !== undefined,
      executable: null,
      reason: `${tried} was not found on PATH${this.options.searchDirs.length ? ' or in BooCoder’s node_modules/.bin' : ''}. ${install ? 'Install it here, or install it yourself' : 'Install it'} or set its command in Settings.`,
      found: null,
      install,
      auth,
    };
  }

  private locate(command: string, configured: boolean, installedPackage: string | undefined): { executable: string; via: AgentFound['via'] } | null {
    const find = (extraDirs: string[], pathEnv: string | undefined) => findExecutable(command, { extraDirs, pathEnv });
    if (configured) {
      const executable = find(this.options.searchDirs, this.options.pathEnv);
      return executable ? { executable, via: 'configured' } : null;
    }
    if (installedPackage && this.options.installRoot) {
      const executable = find([packageBinDir(this.options.installRoot, installedPackage)], undefined);
      if (executable) return { executable, via: 'boocoder' };
    }
    const bundled = find(this.options.searchDirs, undefined);
    if (bundled) return { executable: bundled, via: 'bundled' };
    const onPath = find([], this.options.pathEnv);
    return onPath ? { executable: onPath, via: 'path' } : null;
  }

  /** Runnable spec or a named error saying why not. */
  require(id: string): AgentSpec {
    const override = this.config.get(id);
    const settings = JSON.stringify(override ?? null);
    const known = this.located.get(id);
    if (known && known.settings === settings && existsSync(known.spec.command)) return known.spec;
    const located = this.locateSpec(id, override);
    if (located?.hit) {
      this.located.set(id, { settings, spec: located.spec });
      return located.spec;
    }
    // Not runnable: the full resolution names the reason (or that there is no such agent).
    const agent = this.get(id);
    if (agent.executable) return agent.spec;
    throw new AppError('AgentUnavailable', `${agent.spec.name} is unavailable: ${agent.reason}`);
  }

  configure(input: { id: string; name?: string; command?: string; args?: string[]; env?: Record<string, string>; sandbox?: boolean }): ResolvedAgent {
    const builtIn = BUILT_IN_AGENTS.find((a) => a.id === input.id);
    const existing = this.config.get(input.id);
    if (!builtIn && !existing && !input.command) {
      throw new AppError('InvalidInput', `A new agent "${input.id}" needs a command.`, { fields: ['command'] });
    }
    this.config.upsert({
      id: input.id,
      kind: builtIn?.kind ?? 'acp',
      name: input.name ?? existing?.name ?? null,
      command: input.command ?? existing?.command ?? null,
      args: input.args ?? existing?.args ?? null,
      env: input.env ?? existing?.env ?? null,
      sandbox: input.sandbox ?? existing?.sandbox ?? null,
    });
    return this.get(input.id);
  }

  /** One variable of the agent's stored environment (an API key), the rest kept. */
  setEnvVar(id: string, name: string, value: string | null): ResolvedAgent {
    this.get(id);
    return this.configure({ id, env: withEnvVar(this.config.get(id)?.env, name, value) });
  }
}

/** Adds, replaces or (value null) removes one variable of an agent's stored environment, keeping the others. */
export function withEnvVar(env: Record<string, string> | null | undefined, name: string, value: string | null): Record<string, string> {
  const next = { ...(env ?? {}) };
  if (value === null) delete next[name];
  else next[name] = value;
  return next;
}

/**
 * What the renderer may see of an agent: env values stay in the core (they may hold keys).
 * `profile` is the one recognised from the running agent when known, else its built-in's.
 */
export function toAgentInfo(agent: ResolvedAgent, sandbox: AgentSandboxInfo, runningProfile?: string | null): AgentInfo {
  return {
    sandbox,
    profile: runningProfile ?? profileById(agent.spec.id)?.id ?? null,
    id: agent.spec.id,
    name: agent.spec.name,
    kind: agent.spec.kind,
    available: agent.executable !== null,
    ...(agent.reason ? { reason: agent.reason } : {}),
    command: agent.spec.command,
    args: agent.spec.args,
    envKeys: Object.keys(agent.spec.env),
    builtIn: agent.builtIn,
    found: agent.found,
    install: agent.install,
    auth: agent.auth,
  };
}
