import { describe, expect, it } from 'vitest';
import { createTurnNotifier, shouldNotify, turnEndNotification, type TurnEventPayload } from '../../../src-main/electron/notifications';
import { FakeNotification } from '../../support/fake-electron';

const end = (stopReason: 'end_turn' | 'cancelled' | 'error', error?: { name: string; message: string }): TurnEventPayload => ({
  chatId: 'c1',
  turnId: 't1',
  agent: 'qwen',
  seq: 9,
  event: { type: 'turn.end', stopReason, ...(error ? { error } : {}) },
});
const delta: TurnEventPayload = { chatId: 'c1', turnId: 't1', agent: 'qwen', seq: 3, event: { type: 'text.delta', text: 'hi' } };

describe('shouldNotify', () => {
  it('only for a turn end while the window is not focused', () => {
    expect(shouldNotify(false, end('end_turn'))).toBe(true);
    expect(shouldNotify(true, end('end_turn'))).toBe(false);
    expect(shouldNotify(false, delta)).toBe(false);
  });
});

describe('turnEndNotification', () => {
  it('names the agent, the chat and the stop reason', () => {
    expect(turnEndNotification(end('end_turn'), 'Fix login')).toEqual({ title: 'qwen finished', body: 'Fix login — end turn' });
    expect(turnEndNotification(end('cancelled'), undefined)).toEqual({ title: 'qwen was cancelled', body: 'Chat — cancelled' });
    expect(turnEndNotification(end('error', { name: 'AgentCrashed', message: 'exit 137' }), 'Fix login')).toEqual({
      title: 'qwen stopped with an error',
      body: 'Fix login — error: exit 137',
    });
    expect(turnEndNotification(delta, 'x')).toBeNull();
  });
});

describe('createTurnNotifier', () => {
  function setup(focused: boolean, supported = true) {
    const shown: FakeNotification[] = [];
    let opened = 0;
    const notify = createTurnNotifier({
      notifications: { isSupported: () => supported, create: (c) => (shown.push(new FakeNotification(c)), shown.at(-1)!) },
      isWindowFocused: () => focused,
      chatTitle: async (id) => (id === 'c1' ? 'Fix login' : undefined),
      openWindow: () => opened++,
    });
    return { notify, shown, opened: () => opened };
  }

  it('shows a native notification when the window is unfocused; a click opens the window', async () => {
    const { notify, shown, opened } = setup(false);
    await notify(end('end_turn'));
    expect(shown).toHaveLength(1);
    expect(shown[0]?.shown).toBe(true);
    expect(shown[0]?.options).toEqual({ title: 'qwen finished', body: 'Fix login — end turn' });
    shown[0]?.emit('click');
    expect(opened()).toBe(1);
  });

  it('stays quiet while the user is looking, for other events, or without notification support', async () => {
    const focused = setup(true);
    await focused.notify(end('end_turn'));
    expect(focused.shown).toHaveLength(0);
    const other = setup(false);
    await other.notify(delta);
    expect(other.shown).toHaveLength(0);
    const unsupported = setup(false, false);
    await unsupported.notify(end('end_turn'));
    expect(unsupported.shown).toHaveLength(0);
  });
});
