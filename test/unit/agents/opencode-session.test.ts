import type { OpencodeClient } from '@opencode-ai/sdk/v2';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src-preload/contract';
import { OpencodeSession } from '../../../src-main/core/agents/opencode/opencode-session';
import { loadFixture, sessionIdOf, type FixtureName } from '../../fixtures/opencode/replay';

/**
 * OpencodeSession against a scripted client: the event stream is fed by the test, so the
 * ordering of HTTP calls and events is under control.
 */

class EventFeed {
  private queue: unknown[] = [];
  private wake: (() => void) | null = null;
  private closed = false;

  push(...events: unknown[]): void {
    this.queue.push(...events);
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  async *stream(signal: AbortSignal | undefined): AsyncGenerator<unknown> {
    while (!signal?.aborted) {
      const next = this.queue.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      this.wake = null;
    }
  }
}

interface Calls {
  log: string[];
  prompts: Array<{ messageID: string; model?: unknown; text: string }>;
}

function fakeClient(feed: EventFeed, behaviour: { promptError?: unknown; abortDelayMs?: number; history?: () => unknown[] } = {}) {
  const calls: Calls = { log: [], prompts: [] };
  const ok = (data: unknown) => ({ data, error: undefined, response: new Response(null, { status: 200 }) });
  const client = {
    event: {
      subscribe: async (_p: unknown, o?: { signal?: AbortSignal }) => {
        feed.push({ type: 'server.connected', properties: {} });
        return { stream: feed.stream(o?.signal) };
      },
    },
    session: {
      promptAsync: async (p: { messageID: string; model?: unknown; parts: Array<{ text: string }> }) => {
        calls.log.push('promptAsync');
        calls.prompts.push({ messageID: p.messageID, model: p.model, text: p.parts[0]!.text });
        if (behaviour.promptError) return { data: undefined, error: behaviour.promptError, response: new Response(null, { status: 400 }) };
        return { data: undefined, error: undefined, response: new Response(null, { status: 204 }) };
      },
      abort: async () => {
        calls.log.push('abort:start');
        await new Promise((r) => setTimeout(r, behaviour.abortDelayMs ?? 0));
        calls.log.push('abort:end');
        return ok(true);
      },
      status: async () => ok({}),
      messages: async () => ok(behaviour.history?.() ?? []),
    },
    find: {
      files: async (p: { directory: string }) => {
        calls.log.push(`find:${p.directory}`);
        return ok([]);
      },
    },
    permission: {
      reply: async (p: { requestID: string; reply: string }) => {
        calls.log.push(`reply:${p.requestID}:${p.reply}`);
        return ok(true);
      },
    },
  };
  return { client: client as unknown as OpencodeClient, calls };
}

async function openSession(feed: EventFeed, sessionId: string, behaviour?: Parameters<typeof fakeClient>[1], cancelGraceMs = 3000) {
  const { client, calls } = fakeClient(feed, behaviour);
  const session = new OpencodeSession({
    agentId: 'opencode',
    client,
    sessionId,
    cwd: '/tmp/x',
    origin: 'new',
    options: () => Promise.reject(new Error('not asked in these tests')),
    pid: 1,
    listModels: async () => [],
    onDispose: () => {},
    cancelGraceMs,
  });
  await session.connect();
  return { session, calls };
}

/** The recorded events of a fixture's turn, with its user message id replaced by the one sent. */
function recordedTurn(name: FixtureName, turnIndex: number, messageID: string): unknown[] {
  const records = loadFixture(name);
  let seen = -1;
  let recordedId = '';
  const out: unknown[] = [];
  for (const r of records) {
    if (r.kind === 'prompt') {
      seen++;
      recordedId = r.messageID;
      if (seen > turnIndex) break;
    } else if (r.kind === 'event' && seen === turnIndex) {
      out.push(JSON.parse(JSON.stringify(r.event).replaceAll(recordedId, messageID)));
    }
  }
  return out;
}

const nextTick = () => new Promise((r) => setTimeout(r, 0));

describe('OpencodeSession', () => {
  it('warms its directory with a file search and by reading its options (providers and agents), with no prompt', async () => {
    const { client, calls } = fakeClient(new EventFeed());
    const session = new OpencodeSession({
      agentId: 'opencode',
      client,
      sessionId: 'ses_warm',
      cwd: '/tmp/warm',
      origin: 'new',
      options: async () => {
        calls.log.push('options');
        throw new Error('a failed read leaves the work to the first turn');
      },
      pid: 1,
      listModels: async () => [],
      onDispose: () => {},
    });
    await session.connect();
    await session.warm();
    expect(calls.log.sort()).toEqual(['find:/tmp/warm', 'options']);
    expect(calls.prompts).toEqual([]);
    await session.dispose();
  });

  it('sends the prompt with its own message id and model, and resolves at the recorded idle', async () => {
    const feed = new EventFeed();
    const { session, calls } = await openSession(feed, sessionIdOf(loadFixture('text')));
    const events: AgentEvent[] = [];
    const result = session.prompt({ prompt: 'Say hello.', model: 'mock/mock-model', onEvent: (e) => events.push(e) });
    await nextTick();
    expect(calls.prompts).toHaveLength(1);
    expect(calls.prompts[0]!.model).toEqual({ providerID: 'mock', modelID: 'mock-model' });
    expect(calls.prompts[0]!.messageID).toMatch(/^msg_/);
    feed.push(...recordedTurn('text', 0, calls.prompts[0]!.messageID));
    expect(await result).toEqual({ stopReason: 'end_turn' });
    expect(events.map((e) => e.type)).toEqual(['model', 'text.delta', 'text.delta', 'usage', 'turn.end']);
    await session.dispose();
  });

  it('settles a turn whose events were lost while the stream reconnected, from the stored history', async () => {
    const feed = new EventFeed();
    let sent = '';
    const { session, calls } = await openSession(feed, 'ses_x', {
      history: () => [
        { info: { id: sent, sessionID: 'ses_x', role: 'user', time: { created: 1 } }, parts: [] },
        { info: { id: 'msg_reply', sessionID: 'ses_x', role: 'assistant', parentID: sent, finish: 'stop', time: { created: 2, completed: 3 } }, parts: [] },
      ],
    });
    const result = session.prompt({ prompt: 'x', onEvent: () => {} });
    await nextTick();
    sent = calls.prompts[0]!.messageID;
    // A second `server.connected` is what a reconnected stream starts with.
    feed.push({ type: 'server.connected', properties: {} });
    expect(await result).toEqual({ stopReason: 'end_turn' });
    await session.dispose();
  });

  it('ends the turn with an error when the server refuses the prompt', async () => {
    const feed = new EventFeed();
    const { session } = await openSession(feed, 'ses_x', { promptError: { name: 'BadRequest' } });
    const events: AgentEvent[] = [];
    const result = await session.prompt({ prompt: 'hi', onEvent: (e) => events.push(e) });
    expect(result.stopReason).toBe('error');
    expect(result.error?.name).toBe('AgentProtocolError');
    expect(events.at(-1)).toMatchObject({ type: 'turn.end', stopReason: 'error' });
    await session.dispose();
  });

  it('does not send the next prompt before the abort of the cancelled turn has been answered', async () => {
    const feed = new EventFeed();
    const { session, calls } = await openSession(feed, 'ses_x', { abortDelayMs: 50 });
    const first = session.prompt({ prompt: 'slow', onEvent: () => {} });
    await nextTick();
    const cancelling = session.cancel();
    const second = session.prompt({ prompt: 'next', onEvent: () => {} });
    expect(await first).toEqual({ stopReason: 'cancelled' });
    await cancelling;
    await nextTick();
    expect(calls.log).toEqual(['promptAsync', 'abort:start', 'abort:end', 'promptAsync']);
    await session.dispose();
    expect(await second).toEqual({ stopReason: 'cancelled' });
  });

  it('ends a cancelled turn after the grace time when the server never confirms', async () => {
    const feed = new EventFeed();
    const { session } = await openSession(feed, 'ses_x', {}, 30);
    const events: AgentEvent[] = [];
    const result = session.prompt({ prompt: 'x', onEvent: (e) => events.push(e) });
    await nextTick();
    await session.cancel();
    expect(await result).toEqual({ stopReason: 'cancelled' });
    expect(events).toEqual([{ type: 'turn.end', stopReason: 'cancelled' }]);
    await session.dispose();
  });

  it('fails the running turn with AgentCrashed when the server dies, and refuses new prompts', async () => {
    const feed = new EventFeed();
    const { session } = await openSession(feed, 'ses_x');
    const events: AgentEvent[] = [];
    const result = session.prompt({ prompt: 'x', onEvent: (e) => events.push(e) });
    await nextTick();
    session.markCrashed('opencode server exited unexpectedly (signal SIGKILL)');
    expect(await result).toEqual({
      stopReason: 'error',
      error: { name: 'AgentCrashed', message: 'opencode server exited unexpectedly (signal SIGKILL)' },
    });
    expect(events.filter((e) => e.type === 'turn.end')).toHaveLength(1);
    await expect(session.prompt({ prompt: 'y', onEvent: () => {} })).rejects.toMatchObject({ name: 'AgentCrashed' });
    await session.dispose();
  });

  it('refuses a second prompt while a turn runs, and unknown permission options', async () => {
    const feed = new EventFeed();
    const { session, calls } = await openSession(feed, 'ses_x');
    void session.prompt({ prompt: 'x', onEvent: () => {} });
    await nextTick();
    await expect(session.prompt({ prompt: 'y', onEvent: () => {} })).rejects.toMatchObject({ name: 'Unsupported' });
    await expect(session.replyPermission('per_1', 'maybe')).rejects.toMatchObject({ name: 'InvalidInput' });
    await session.replyPermission('per_1', 'always');
    expect(calls.log).toContain('reply:per_1:always');
    await session.dispose();
  });
});
