import type { AgentInfo, AgentSandboxInfo } from '../../../../src-preload/contract';
import { AppError } from '../../errors';
import type { AgentConfigRow, AgentConfigStore } from '../../store/agent-config-store';
import type { AgentSpec } from '../agent-backend';
import { profileById } from '../profiles/profiles';
import { BUILT_IN_AGENTS } from './built-in-agents';
import { findExecutable } from './find-executable';

export interface ResolvedAgent {
  spec: AgentSpec;
  builtIn: boolean;
  /** Absolute path of the program when found. */
  executable: string | null;
  reason?: string;
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
 * Which agents exist and whether each can run here. Programs are looked up in BooCoder's own
 * node_modules/.bin, then PATH; a missing one is reported with the reason, never thrown.
 */
export class AgentCatalog {
  constructor(
    private readonly config: AgentConfigStore,
    private readonly options: { searchDirs: string[]; pathEnv: string | undefined },
  ) {}

  list(): ResolvedAgent[] {
    const overrides = new Map(this.config.list().map((r) => [r.id, r]));
    const ids = [...BUILT_IN_AGENTS.map((a) => a.id), ...[...overrides.keys()].filter((id) => !BUILT_IN_AGENTS.some((a) => a.id === id))];
    return ids.map((id) => this.resolve(id, overrides.get(id))).filter((a): a is ResolvedAgent => a !== undefined);
  }

  /** One agent, looked up alone: a turn must not pay for searching PATH for every other agent. */
  get(id: string): ResolvedAgent {
    const agent = this.resolve(id, this.config.get(id));
    if (!agent) throw new AppError('NotFound', `No agent with id "${id}".`);
    return agent;
  }

  /** The agent's display name without looking for its program (its id when it is unknown). */
  displayName(id: string): string {
    return mergeAgentSpec(BUILT_IN_AGENTS.find((a) => a.id === id), this.config.get(id))?.name ?? id;
  }

  private resolve(id: string, override: AgentConfigRow | undefined): ResolvedAgent | undefined {
    const builtIn = BUILT_IN_AGENTS.find((a) => a.id === id);
    const spec = mergeAgentSpec(builtIn, override);
    if (!spec) return undefined;
    const find = (command: string) => findExecutable(command, { extraDirs: this.options.searchDirs, pathEnv: this.options.pathEnv });
    // A command the user set is used as is; a built-in tries its profile's programs in order
    // (claude-agent-acp, then its old name claude-code-acp), each with its own arguments.
    const candidates = override?.command || !builtIn ? [{ command: spec.command, args: spec.args }] : (profileById(id)?.launch ?? []);
    for (const candidate of candidates) {
      const executable = find(candidate.command);
      if (!executable) continue;
      const args = override?.args ?? [...candidate.args];
      return { spec: { ...spec, command: executable, args }, builtIn: builtIn !== undefined, executable };
    }
    const tried = candidates.map((c) => `"${c.command}"`).join(' or ');
    return {
      spec,
      builtIn: builtIn !== undefined,
      executable: null,
      reason: `${tried} was not found on PATH or in node_modules/.bin. Install it or set its command in Settings.`,
    };
  }

  /** Runnable spec or a named error saying why not. */
  require(id: string): AgentSpec {
    const agent = this.get(id);
    if (!agent.executable) throw new AppError('AgentUnavailable', `${agent.spec.name} is unavailable: ${agent.reason}`);
    return agent.spec;
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
  };
}
