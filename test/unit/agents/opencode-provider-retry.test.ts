import { describe, expect, it } from 'vitest';
import { AgentEvent } from '../../../src-preload/contract';
import {
  beginTurn,
  createMapperState,
  mapWireEvent,
  markCancelRequested,
  MAX_PROVIDER_RETRIES,
  shouldGiveUp,
} from '../../../src-main/core/agents/opencode/opencode-event-mapper';
import { parseWireEvent } from '../../../src-main/core/agents/opencode/opencode-wire';

const SID = 'ses_1';
const USER = 'msg_user1';
const ev = (raw: unknown) => {
  const parsed = parseWireEvent(raw);
  if (!parsed) throw new Error(`unparsed: ${JSON.stringify(raw)}`);
  return parsed;
};
const userMessage = ev({ type: 'message.updated', properties: { info: { id: USER, sessionID: SID, role: 'user', time: { created: 1 } } } });
const status = (type: string, extra: Record<string, unknown> = {}) => ev({ type: 'session.status', properties: { sessionID: SID, status: { type, ...extra } } });

describe('opencode provider retries', () => {
  it('shows each retry, gives up after the limit, and ends the turn as an error after the abort', () => {
    const state = createMapperState(SID);
    beginTurn(state, USER);
    mapWireEvent(state, userMessage);
    mapWireEvent(state, status('busy'));
    const out: AgentEvent[] = [];
    for (let i = 1; i <= MAX_PROVIDER_RETRIES; i++) {
      out.push(...mapWireEvent(state, status('retry', { attempt: i, message: 'HTTP 500 from provider', next: Date.now() + 1000 })));
      expect(shouldGiveUp(state)).toBe(i === MAX_PROVIDER_RETRIES);
    }
    expect(out.map((e) => e.type === 'error' && e.name)).toEqual([...Array(MAX_PROVIDER_RETRIES - 1).fill('ProviderRetry'), 'ProviderError']);
    expect(out[0]).toMatchObject({ message: expect.stringContaining('HTTP 500 from provider') });
    // The session aborts; opencode answers with the abort error and idle.
    markCancelRequested(state);
    expect(shouldGiveUp(state)).toBe(false);
    mapWireEvent(state, ev({ type: 'session.error', properties: { sessionID: SID, error: { name: 'MessageAbortedError', data: { message: 'aborted' } } } }));
    const end = mapWireEvent(state, ev({ type: 'session.idle', properties: { sessionID: SID } }));
    expect(end).toEqual([{ type: 'turn.end', stopReason: 'error', error: { name: 'ProviderError', message: expect.stringContaining('kept failing') } }]);
    for (const e of [...out, ...end]) expect(AgentEvent.safeParse(e).success).toBe(true);
  });

  it('ignores retry statuses of a turn that has not started', () => {
    const state = createMapperState(SID);
    beginTurn(state, USER);
    expect(mapWireEvent(state, status('retry', { attempt: 1, message: 'x' }))).toEqual([]);
  });
});
