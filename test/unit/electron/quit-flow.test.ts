import { describe, expect, it } from 'vitest';
import { beforeQuitAction, QuitFlow, quitConfirmation, type QuitFlowDeps } from '../../../src-main/electron/quit-flow';
import { FakeEvent } from '../../support/fake-electron';

function flow(busy: string[], confirm: boolean | (() => Promise<boolean>), overrides: Partial<QuitFlowDeps> = {}) {
  const calls = { confirm: 0, shutdown: 0, quit: 0, logs: [] as string[] };
  const quitFlow = new QuitFlow({
    busyChats: () => busy,
    confirmQuit: async () => {
      calls.confirm++;
      return typeof confirm === 'function' ? confirm() : confirm;
    },
    shutdown: async () => {
      calls.shutdown++;
    },
    quit: () => {
      calls.quit++;
      // Like app.quit(): before-quit fires again and must be let through.
      const again = new FakeEvent();
      quitFlow.onBeforeQuit(again);
      expect(again.defaultPrevented).toBe(false);
    },
    log: (m) => calls.logs.push(m),
    ...overrides,
  });
  return { quitFlow, calls };
}

describe('beforeQuitAction', () => {
  it('starts once, holds while busy with it, lets through when done', () => {
    expect(beforeQuitAction('running')).toBe('start');
    expect(beforeQuitAction('confirming')).toBe('hold');
    expect(beforeQuitAction('shutting-down')).toBe('hold');
    expect(beforeQuitAction('done')).toBe('allow');
  });
});

describe('QuitFlow', () => {
  it('with nothing running, shuts the core down once and quits without asking', async () => {
    const { quitFlow, calls } = flow([], true);
    const event = new FakeEvent();
    quitFlow.onBeforeQuit(event);
    expect(event.defaultPrevented).toBe(true);
    await quitFlow.run();
    await vi_flush();
    expect(calls).toMatchObject({ confirm: 0, shutdown: 1, quit: 1 });
    expect(quitFlow.state).toBe('done');
  });

  it('asks first when turns are running; Cancel keeps the app and its turns', async () => {
    const { quitFlow, calls } = flow(['c1', 'c2'], false);
    await quitFlow.run();
    expect(calls).toMatchObject({ confirm: 1, shutdown: 0, quit: 0 });
    expect(quitFlow.state).toBe('running');
  });

  it('asks first when turns are running; Quit shuts down once, then quits', async () => {
    const { quitFlow, calls } = flow(['c1'], true);
    await quitFlow.run();
    expect(calls).toMatchObject({ confirm: 1, shutdown: 1, quit: 1 });
  });

  it('runs the shutdown once however many quits arrive meanwhile', async () => {
    let answer!: (v: boolean) => void;
    const { quitFlow, calls } = flow(['c1'], () => new Promise<boolean>((r) => (answer = r)));
    const first = new FakeEvent();
    quitFlow.onBeforeQuit(first);
    await vi_flush();
    expect(quitFlow.state).toBe('confirming');
    for (let i = 0; i < 3; i++) {
      const again = new FakeEvent();
      quitFlow.onBeforeQuit(again);
      expect(again.defaultPrevented).toBe(true);
    }
    answer(true);
    await vi_flush();
    expect(calls).toMatchObject({ confirm: 1, shutdown: 1, quit: 1 });
  });

  it('quits even when the shutdown hangs or fails', async () => {
    const hung = flow([], true, { shutdown: () => new Promise<void>(() => undefined), shutdownTimeoutMs: 20 });
    await hung.quitFlow.run();
    expect(hung.calls.quit).toBe(1);
    expect(hung.calls.logs.join()).toMatch(/did not finish/);
    const failing = flow([], true, { shutdown: async () => Promise.reject(new Error('disk gone')) });
    await failing.quitFlow.run();
    expect(failing.calls.quit).toBe(1);
    expect(failing.calls.logs.join()).toMatch(/disk gone/);
  });

  it('words the dialog by the number of busy chats', () => {
    expect(quitConfirmation(1).message).toBe('1 chat has a turn running. Quit anyway?');
    expect(quitConfirmation(3).message).toBe('3 chats have turns running. Quit anyway?');
    expect(quitConfirmation(2).buttons).toEqual(['Quit', 'Cancel']);
  });
});

/** Let pending promise callbacks run. */
async function vi_flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
