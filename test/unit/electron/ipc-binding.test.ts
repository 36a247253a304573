import { afterEach, describe, expect, it } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type RawInvokeResult } from '../../../src-preload/contract';
import { Core } from '../../../src-main/core/core';
import { bindInvoke, forwardEvents, isTrustedSender } from '../../../src-main/electron/ipc-binding';
import { FakeIpcMain, FakeWebContents, frameAt } from '../../support/fake-electron';
import { tempDir, type TempDir } from '../../support/temp-dir';

const appUrl = 'file:///app/out/renderer/index.html';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function openCore(): Promise<{ core: Core; dir: TempDir }> {
  const dir = await tempDir('boocoder-ipc-');
  const core = await Core.open({ dataDir: dir.path, agentSearchDirs: [] });
  cleanups.push(async () => {
    await core.shutdown();
    await dir[Symbol.asyncDispose]();
  });
  return { core, dir };
}

describe('isTrustedSender', () => {
  it('trusts only the app document in the top frame', () => {
    expect(isTrustedSender(frameAt(appUrl), appUrl)).toBe(true);
    expect(isTrustedSender(frameAt(appUrl, { url: appUrl }), appUrl)).toBe(false);
    expect(isTrustedSender(frameAt('https://evil.example/'), appUrl)).toBe(false);
    expect(isTrustedSender(null, appUrl)).toBe(false);
  });
});

describe('bindInvoke with a real core', () => {
  it('dispatches calls from the app frame: app.info answers with the data dir', async () => {
    const { core, dir } = await openCore();
    const ipc = new FakeIpcMain();
    bindInvoke(ipc, core.handlers, appUrl);
    const reply = (await ipc.invoke(IPC_INVOKE_CHANNEL, frameAt(appUrl), 'app.info', {})) as RawInvokeResult;
    expect(reply.ok).toBe(true);
    if (reply.ok) expect(reply.result).toMatchObject({ dataDir: dir.path, version: expect.any(String) });
  });

  it('returns named errors as values: unknown method, bad params', async () => {
    const { core } = await openCore();
    const ipc = new FakeIpcMain();
    bindInvoke(ipc, core.handlers, appUrl);
    const unknown = (await ipc.invoke(IPC_INVOKE_CHANNEL, frameAt(appUrl), 'fs.readAll', {})) as RawInvokeResult;
    expect(unknown).toMatchObject({ ok: false, error: { name: 'UnknownMethod' } });
    const bad = (await ipc.invoke(IPC_INVOKE_CHANNEL, frameAt(appUrl), 'repos.open', { path: 42 })) as RawInvokeResult;
    expect(bad).toMatchObject({ ok: false, error: { name: 'InvalidInput' } });
  });

  it('refuses foreign frames, sub-frames and destroyed frames without touching the core', async () => {
    const { core } = await openCore();
    const ipc = new FakeIpcMain();
    const rejected: Array<string | null> = [];
    let calls = 0;
    const spied = { ...core.handlers, 'app.info': () => (calls++, core.handlers['app.info']({})) };
    bindInvoke(ipc, spied, appUrl, (url) => rejected.push(url));
    await expect(ipc.invoke(IPC_INVOKE_CHANNEL, frameAt('https://evil.example/'), 'app.info', {})).rejects.toThrow(/Refused/);
    await expect(ipc.invoke(IPC_INVOKE_CHANNEL, frameAt('file:///tmp/dropped.html'), 'app.info', {})).rejects.toThrow(/Refused/);
    await expect(ipc.invoke(IPC_INVOKE_CHANNEL, frameAt(appUrl, {}), 'app.info', {})).rejects.toThrow(/Refused/);
    await expect(ipc.invoke(IPC_INVOKE_CHANNEL, null, 'app.info', {})).rejects.toThrow(/Refused/);
    expect(calls).toBe(0);
    expect(rejected).toEqual(['https://evil.example/', 'file:///tmp/dropped.html', appUrl, null]);
  });

  it('unbinds cleanly', async () => {
    const { core } = await openCore();
    const ipc = new FakeIpcMain();
    const unbind = bindInvoke(ipc, core.handlers, appUrl);
    unbind();
    expect(ipc.handlers.size).toBe(0);
  });
});

describe('forwardEvents', () => {
  it('sends every core event to the window as (name, payload) and skips a destroyed one', async () => {
    const { core } = await openCore();
    const contents = new FakeWebContents();
    let target: FakeWebContents | null = contents;
    const stop = forwardEvents(core.events, () => target);
    core.events.emit('chats.updated', { repoId: 'r1' });
    core.events.emit('app.command', { command: 'chat.new' });
    expect(contents.sent).toEqual([
      { channel: IPC_EVENT_CHANNEL, args: ['chats.updated', { repoId: 'r1' }] },
      { channel: IPC_EVENT_CHANNEL, args: ['app.command', { command: 'chat.new' }] },
    ]);
    contents.destroyed = true;
    core.events.emit('chats.updated', { repoId: 'r2' });
    target = null;
    core.events.emit('chats.updated', { repoId: 'r3' });
    stop();
    contents.destroyed = false;
    core.events.emit('chats.updated', { repoId: 'r4' });
    expect(contents.sent).toHaveLength(2);
  });
});
