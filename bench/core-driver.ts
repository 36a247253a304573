import { Core, type CoreOptions } from '../src-main/core/core';
import { dispatch } from '../src-main/core/rpc/dispatch';
import { createCoreTestEnv, type CoreTestEnv } from '../test/support/core-env';
import { startMockLlm, type MockLlm } from '../test/support/mock-llm';

/** The isolated world a core runs in: the agents' environment (`agentEnv`) and its data dir. */
export interface CoreWorld extends AsyncDisposable {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  makeDir(name: string): Promise<string>;
}

/** A whole core on the mock LLM, driven through the contract like a renderer. */
export interface CoreDriver<W extends CoreWorld = CoreTestEnv> {
  core: Core;
  llm: MockLlm;
  world: W;
  call<T>(method: string, params: unknown): Promise<T>;
  /** Sends a turn and resolves when its turn.end arrives; rejects when the turn did not end normally. */
  turn(chatId: string, agent: string, prompt: string, mode?: string): Promise<void>;
  close(): Promise<void>;
}

/** A core in the world of both default agents, opencode and qwen (with `coreOptions` on top of the defaults). */
export function startCoreDriver(makeWorld?: undefined, coreOptions?: Partial<CoreOptions>): Promise<CoreDriver>;
/** A core in a world made on the driver's mock LLM (e.g. one agent's isolated env); the driver disposes it. */
export function startCoreDriver<W extends CoreWorld>(makeWorld: (llm: MockLlm) => Promise<W>, coreOptions?: Partial<CoreOptions>): Promise<CoreDriver<W>>;
export async function startCoreDriver(
  makeWorld: ((llm: MockLlm) => Promise<CoreWorld>) | undefined,
  coreOptions: Partial<CoreOptions> = {},
): Promise<CoreDriver<CoreWorld>> {
  makeWorld ??= (llm) => createCoreTestEnv(llm.url);
  const llm: MockLlm = await startMockLlm();
  let world: CoreWorld | undefined;
  let core: Core;
  try {
    world = await makeWorld(llm);
    core = await Core.open({ ...coreOptions, dataDir: world.dataDir, agentEnv: world.env });
  } catch (e) {
    await world?.[Symbol.asyncDispose]();
    await llm.close();
    throw e;
  }
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const r = await dispatch(core.handlers, method, params);
    if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`);
    return r.result as T;
  };
  type TurnEnd = { type: 'turn.end'; stopReason: string; error?: { message: string } };
  const ended = new Map<string, TurnEnd>();
  const waiting = new Map<string, () => void>();
  core.events.subscribe((name, payload) => {
    const p = payload as { turnId: string; event: { type: string } };
    if (name !== 'turn.event' || p.event.type !== 'turn.end') return;
    ended.set(p.turnId, p.event as TurnEnd);
    waiting.get(p.turnId)?.();
  });
  return {
    core,
    llm,
    world,
    call,
    async turn(chatId, agent, prompt, mode) {
      const { turnId } = await call<{ turnId: string }>('turns.send', { chatId, agent, prompt, ...(mode ? { mode } : {}) });
      if (!ended.has(turnId)) await new Promise<void>((resolve) => waiting.set(turnId, resolve));
      waiting.delete(turnId);
      const end = ended.get(turnId)!;
      ended.delete(turnId);
      if (end.stopReason !== 'end_turn') throw new Error(`${agent} turn ended ${end.stopReason}${end.error ? `: ${end.error.message}` : ''}`);
    },
    async close() {
      await core.shutdown();
      await llm.close();
      await world[Symbol.asyncDispose]();
    },
  };
}
