import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type RawInvokeResult } from '../../../src-preload/contract';

/**
 * The preload imports 'electron' and exposes itself on load; here 'electron' is a fake
 * contextBridge and ipcRenderer that record what the preload does with them.
 */
type IpcListener = (event: unknown, ...args: unknown[]) => void;
const fake = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const invokes: unknown[][] = [];
  const ipcRenderer = {
    invoke: async (...args: unknown[]): Promise<unknown> => {
      invokes.push(args);
      return { ok: true, result: { version: '0.1.0', dataDir: '/d' } };
    },
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      listeners.get(channel)?.delete(listener);
    },
    send: () => undefined,
    sendSync: () => undefined,
  };
  const contextBridge = { exposeInMainWorld: (key: string, api: unknown) => void exposed.set(key, api) };
  return { exposed, listeners, invokes, ipcRenderer, contextBridge };
});
vi.mock('electron', () => ({ contextBridge: fake.contextBridge, ipcRenderer: fake.ipcRenderer }));

const preload = await import('../../../src-preload/index');

interface Exposed {
  invoke(method: string, params?: unknown): Promise<RawInvokeResult>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
const api = () => fake.exposed.get('boocoderRaw') as Exposed;
const emitFromMain = (...args: unknown[]) => {
  const ipcEvent = { sender: fake.ipcRenderer, ports: [] };
  for (const l of fake.listeners.get(IPC_EVENT_CHANNEL) ?? []) (l as IpcListener)(ipcEvent, ...args);
};

beforeEach(() => {
  fake.invokes.length = 0;
});

describe('preload', () => {
  it('exposes exactly one global, boocoderRaw, with only invoke and on', () => {
    expect([...fake.exposed.keys()]).toEqual(['boocoderRaw']);
    expect(Object.keys(api()).sort()).toEqual(['invoke', 'on']);
    expect(typeof api().invoke).toBe('function');
    expect(JSON.stringify(Object.values(api()))).not.toContain('ipcRenderer');
  });

  it('forwards contract methods over the invoke channel', async () => {
    await expect(api().invoke('app.info', {})).resolves.toEqual({ ok: true, result: { version: '0.1.0', dataDir: '/d' } });
    expect(fake.invokes).toEqual([[IPC_INVOKE_CHANNEL, 'app.info', {}]]);
  });

  it('refuses names outside the contract without calling main', async () => {
    for (const name of ['fs.read', 'constructor', '__proto__', 'hasOwnProperty', '']) {
      await expect(api().invoke(name, {})).resolves.toMatchObject({ ok: false, error: { name: 'UnknownMethod' } });
    }
    await expect(api().invoke(42 as unknown as string, {})).resolves.toMatchObject({ ok: false, error: { name: 'UnknownMethod' } });
    expect(fake.invokes).toEqual([]);
  });

  it('turns a refusal from main into an error value', async () => {
    const invoke = vi.spyOn(fake.ipcRenderer, 'invoke').mockRejectedValueOnce(new Error('Refused: IPC is accepted only from the BooCoder window.'));
    await expect(api().invoke('app.info', {})).resolves.toMatchObject({ ok: false, error: { name: 'Internal', message: expect.stringMatching(/Refused/) } });
    invoke.mockRestore();
  });

  it('delivers only the subscribed event, payload only, and unsubscribes', () => {
    const got: unknown[] = [];
    const off = api().on('app.command', (payload) => got.push(payload));
    emitFromMain('app.command', { command: 'chat.new' });
    emitFromMain('chats.updated', { repoId: 'r' });
    emitFromMain('app.command', { command: 'tab.next' });
    expect(got).toEqual([{ command: 'chat.new' }, { command: 'tab.next' }]);
    off();
    emitFromMain('app.command', { command: 'chat.close' });
    expect(got).toHaveLength(2);
    expect(fake.listeners.get(IPC_EVENT_CHANNEL)?.size ?? 0).toBe(0);
  });

  it('keeps one IPC listener for many subscriptions, and a throwing listener hurts no other', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const got: string[] = [];
    const offs = [
      api().on('turn.event', () => {
        throw new Error('boom');
      }),
      api().on('turn.event', () => got.push('a')),
      api().on('agents.status', () => got.push('b')),
    ];
    expect(fake.listeners.get(IPC_EVENT_CHANNEL)?.size).toBe(1);
    emitFromMain('turn.event', {});
    emitFromMain('agents.status', {});
    expect(got).toEqual(['a', 'b']);
    for (const off of offs) off();
    error.mockRestore();
  });

  it('refuses to subscribe to names outside the contract', () => {
    expect(() => api().on('ipc.raw', () => undefined)).toThrow(/Unknown event/);
    expect(() => api().on('__proto__', () => undefined)).toThrow(/Unknown event/);
    expect(() => api().on('app.command', 'nope' as unknown as () => void)).toThrow(/listener/);
  });

  it('its factory works on any ipcRenderer-like object', async () => {
    const calls: unknown[][] = [];
    const own = preload.createPreloadApi({
      invoke: async (...args) => (calls.push(args), { ok: true, result: [] }),
      on: () => undefined,
      removeListener: () => undefined,
    });
    await own.invoke('repos.list');
    expect(calls).toEqual([[IPC_INVOKE_CHANNEL, 'repos.list', {}]]);
  });
});
