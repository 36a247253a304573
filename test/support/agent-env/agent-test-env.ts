import type { AgentSpec } from '../../../src-main/core/agents/agent-backend';
import type { MockLlm } from '../mock-llm';
import { makeIsolatedDirs } from './isolated-dirs';

/**
 * A real agent program set up to run against the mock LLM in an isolated world: a test does
 * `new AcpBackend(env.spec, { baseEnv: env.env, cwd: env.root })` and opens sessions in
 * `await env.makeDir(name)`.
 */

export interface AgentTestEnv extends AsyncDisposable {
  /** The built-in catalog id of the agent. */
  agentId: string;
  root: string;
  home: string;
  /** The complete child environment (pass as `baseEnv`, so nothing leaks in from process.env). */
  env: NodeJS.ProcessEnv;
  /** Absolute path of the program in node_modules/.bin. */
  command: string;
  args: string[];
  spec: AgentSpec;
  makeDir(name: string): Promise<string>;
}

/** Writes an agent's config into a HOME and returns the variables it needs besides the base env. */
export type AgentConfigurer = (home: string, llm: MockLlm) => Promise<Record<string, string>>;

export interface AgentLaunch {
  agentId: string;
  name: string;
  command: string;
  args: string[];
  configure: AgentConfigurer;
}

export async function makeAgentTestEnv(launch: AgentLaunch, llm: MockLlm): Promise<AgentTestEnv> {
  const dirs = await makeIsolatedDirs(`boocoder-${launch.agentId}-`);
  try {
    const env = { ...dirs.env, ...(await launch.configure(dirs.home, llm)) };
    return {
      agentId: launch.agentId,
      root: dirs.root,
      home: dirs.home,
      env,
      command: launch.command,
      args: launch.args,
      spec: { id: launch.agentId, name: launch.name, kind: 'acp', command: launch.command, args: launch.args, env: {} },
      makeDir: dirs.makeDir,
      [Symbol.asyncDispose]: () => dirs[Symbol.asyncDispose](),
    };
  } catch (e) {
    await dirs[Symbol.asyncDispose]();
    throw e;
  }
}
