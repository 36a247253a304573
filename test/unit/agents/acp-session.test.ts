import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src-preload/contract';
import type { AcpConnection } from '../../../src-main/core/agents/acp/acp-connection';
import { GENERIC_BEHAVIOURS } from '../../../src-main/core/agents/profiles/agent-profile';
import { AcpSession } from '../../../src-main/core/agents/acp/acp-session';
import type { ChildExit } from '../../../src-main/core/util/managed-child';

/**
 * The session's turn bookkeeping against a stub connection whose `session/prompt` answer the
 * test controls: what is emitted when, and that every turn ends exactly once.
 */

interface Pending {
  method: string;
  params: unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

function stubConnection() {
  const requests: Pending[] = [];
  const log: Array<{ method: string; params: unknown }> = [];
  const notifications: Array<{ method: string; params: unknown }> = [];
  let alive = true;
  let resolveExit!: (exit: ChildExit) => void;
  const exited = new Promise<ChildExit>((r) => (resolveExit = r));
  const connection = {
    pid: 4242,
    exited,
    isAlive: () => alive,
    request: (method: string, params: unknown) => {
      log.push({ method, params });
      return new Promise((resolve, reject) => requests.push({ method, params, resolve, reject }));
    },
    notify: async (method: string, params: unknown) => {
      notifications.push({ method, params });
    },
    capabilities: { promptCapabilities: { image: false, embeddedContext: false }, close: false },
    stderrMark: () => 0,
    stderrSince: () => '',
  };
  return {
    connection: connection as unknown as AcpConnection,
    requests,
    log,
    notifications,
    die(exit: ChildExit) {
      alive = false;
      resolveExit(exit);
    },
  };
}

const textChunk = (text: string) => ({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text } });
const tick = () => new Promise((r) => setTimeout(r, 0));

function makeSession() {
  const stub = stubConnection();
  const session = new AcpSession({
    agentId: 'test',
    connection: stub.connection,
    sessionId: 's1',
    cwd: '/tmp',
    origin: 'new',
    setup: { sessionId: 's1' },
    agentName: 'Test agent',
    behaviours: GENERIC_BEHAVIOURS,
    env: {},
    reportedCost: null,
    onDispose: () => {},
  });
  return { stub, session };
}

describe('AcpSession turns', () => {
  it('emits only during a turn: updates before (a load replay) and after (stragglers) are dropped', async () => {
    const { stub, session } = makeSession();
    const events: AgentEvent[] = [];
    session.handleUpdate(textChunk('replayed history'));
    const done = session.prompt({ prompt: 'hi', onEvent: (e) => events.push(e) });
    await tick();
    expect(stub.requests.map((r) => r.method)).toEqual(['session/prompt']);
    expect(stub.requests[0]!.params).toEqual({ sessionId: 's1', prompt: [{ type: 'text', text: 'hi' }] });
    session.handleUpdate(textChunk('live'));
    stub.requests[0]!.resolve({ stopReason: 'end_turn' });
    expect(await done).toEqual({ stopReason: 'end_turn' });
    session.handleUpdate(textChunk('late'));
    expect(events).toEqual([
      { type: 'text.delta', text: 'live' },
      { type: 'turn.end', stopReason: 'end_turn' },
    ]);
  });

  it('uses the prompt result usage only when no per-call usage came, and maps unknown stop reasons', async () => {
    const { stub, session } = makeSession();
    const events: AgentEvent[] = [];
    const done = session.prompt({ prompt: 'x', onEvent: (e) => events.push(e) });
    await tick();
    stub.requests[0]!.resolve({ stopReason: 'new_reason', usage: { inputTokens: 7, outputTokens: 3, totalTokens: 10 } });
    expect(await done).toEqual({ stopReason: 'end_turn' });
    expect(events).toEqual([
      { type: 'usage', usage: { inputTokens: 7, outputTokens: 3, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0 } },
      { type: 'turn.end', stopReason: 'end_turn' },
    ]);
  });

  it('a crash during a turn ends it once with AgentCrashed, even when the prompt then fails too', async () => {
    const { stub, session } = makeSession();
    const events: AgentEvent[] = [];
    const done = session.prompt({ prompt: 'x', onEvent: (e) => events.push(e) });
    await tick();
    stub.die({ code: null, signal: 'SIGKILL' });
    session.markCrashed({ message: 'Agent test killed by SIGKILL' });
    stub.requests[0]!.reject(new Error('ACP connection closed'));
    const result = await done;
    expect(result).toEqual({ stopReason: 'error', error: { name: 'AgentCrashed', message: 'Agent test killed by SIGKILL' } });
    expect(events.filter((e) => e.type === 'turn.end')).toHaveLength(1);
    // A crashed session refuses further turns with the same error, without calling the agent.
    const again = await session.prompt({ prompt: 'y', onEvent: () => {} });
    expect(again.error?.name).toBe('AgentCrashed');
    expect(stub.requests).toHaveLength(1);
  });

  it('a listener that throws does not break the turn', async () => {
    const { stub, session } = makeSession();
    const done = session.prompt({
      prompt: 'x',
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    await tick();
    session.handleUpdate(textChunk('a'));
    stub.requests[0]!.resolve({ stopReason: 'end_turn' });
    expect(await done).toEqual({ stopReason: 'end_turn' });
  });

  it('a permission request outside a turn is declined; inside, cancel withdraws it', async () => {
    const { stub, session } = makeSession();
    const signal = new AbortController().signal;
    const params = { sessionId: 's1', options: [{ optionId: 'ok', name: 'OK', kind: 'allow_once' }] };
    expect(await session.handlePermissionRequest(params, signal)).toEqual({ outcome: { outcome: 'cancelled' } });

    const events: AgentEvent[] = [];
    const done = session.prompt({ prompt: 'x', onEvent: (e) => events.push(e) });
    await tick();
    const answer = session.handlePermissionRequest(params, signal);
    const request = events.find((e) => e.type === 'permission.request') as { requestId: string };
    await session.cancel();
    expect(await answer).toEqual({ outcome: { outcome: 'cancelled' } });
    expect(stub.notifications).toEqual([{ method: 'session/cancel', params: { sessionId: 's1' } }]);
    stub.requests[0]!.resolve({ stopReason: 'cancelled' });
    await done;
    expect(events).toEqual([
      expect.objectContaining({ type: 'permission.request', requestId: request.requestId }),
      { type: 'permission.resolved', requestId: request.requestId, optionId: null },
      { type: 'turn.end', stopReason: 'cancelled' },
    ]);
  });

  it('a cancel that comes while the mode is being set means the prompt is never sent', async () => {
    const { stub, session } = makeSession();
    const events: AgentEvent[] = [];
    const done = session.prompt({ prompt: 'x', mode: 'yolo', onEvent: (e) => events.push(e) });
    await tick();
    expect(stub.requests.map((r) => r.method)).toEqual(['session/set_mode']);
    await session.cancel();
    stub.requests[0]!.resolve({});
    expect(await done).toEqual({ stopReason: 'cancelled' });
    expect(stub.log.map((r) => r.method)).toEqual(['session/set_mode']);
    expect(events).toEqual([{ type: 'turn.end', stopReason: 'cancelled' }]);
  });

  it('mode and model go through set_mode and the model mechanism the agent offers', async () => {
    const stub = stubConnection();
    const session = new AcpSession({
      agentId: 'test',
      connection: stub.connection,
      sessionId: 's1',
      cwd: '/tmp',
      origin: 'new',
      agentName: 'Test agent',
      behaviours: GENERIC_BEHAVIOURS,
      env: {},
      reportedCost: null,
      setup: {
        sessionId: 's1',
        modes: { currentModeId: 'auto', availableModes: [{ id: 'auto' }, { id: 'yolo' }] },
        configOptions: [{ id: 'model', category: 'model', type: 'select', currentValue: 'm1', options: [{ value: 'm1' }, { value: 'm2' }] }],
      },
      onDispose: () => {},
    });
    expect(await session.listModels()).toEqual([
      { id: 'm1', name: 'm1' },
      { id: 'm2', name: 'm2' },
    ]);
    const done = session.prompt({ prompt: 'x', mode: 'yolo', model: 'm2', onEvent: () => {} });
    for (let i = 0; i < 3; i++) {
      await tick();
      const next = stub.requests.shift();
      if (next?.method === 'session/prompt') next.resolve({ stopReason: 'end_turn' });
      else next?.resolve({});
      if (next?.method === 'session/prompt') break;
    }
    await done;
    expect(stub.log).toEqual([
      { method: 'session/set_mode', params: { sessionId: 's1', modeId: 'yolo' } },
      { method: 'session/set_config_option', params: { sessionId: 's1', configId: 'model', value: 'm2' } },
      { method: 'session/prompt', params: { sessionId: 's1', prompt: [{ type: 'text', text: 'x' }] } },
    ]);
    expect(session.mode).toBe('yolo');
    expect(session.model).toBe('m2');
  });
});
