import { Core } from '../src-main/core/core';
import { dispatch } from '../src-main/core/rpc/dispatch';
import { createCoreTestEnv, type CoreTestEnv } from '../test/support/core-env';
import { startMockLlm, type MockLlm } from '../test/support/mock-llm';

/** A whole core on the mock LLM with both real agents, driven through the contract like a renderer. */
export interface CoreDriver {
  core: Core;
  world: CoreTestEnv;
  call<T>(method: string, params: unknown): Promise<T>;
  /** Sends a turn and resolves when its turn.end arrives. */
  turn(chatId: string, agent: string, prompt: string): Promise<void>;
  close(): Promise<void>;
}

export async function startCoreDriver(): Promise<CoreDriver> {
  const llm: MockLlm = await startMockLlm();
  const world = await createCoreTestEnv(llm.url);
  const core = await Core.open({ dataDir: world.dataDir, agentEnv: world.env });
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const r = await dispatch(core.handlers, method, params);
    if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`);
    return r.result as T;
  };
  const ended = new Set<string>();
  const waiting = new Map<string, () => void>();
  core.events.subscribe((name, payload) => {
    const p = payload as { turnId: string; event: { type: string } };
    if (name !== 'turn.event' || p.event.type !== 'turn.end') return;
    ended.add(p.turnId);
    waiting.get(p.turnId)?.();
  });
  return {
    core,
    world,
    call,
    async turn(chatId, agent, prompt) {
      const { turnId } = await call<{ turnId: string }>('turns.send', { chatId, agent, prompt });
      if (ended.has(turnId)) return;
      await new Promise<void>((resolve) => waiting.set(turnId, resolve));
    },
    async close() {
      await core.shutdown();
      await llm.close();
      await world[Symbol.asyncDispose]();
    },
  };
}
