import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type AgentsStatus, type RawInvokeResult } from '../../../src-preload/contract';
import { startDesktopApp, type DesktopApp, type DesktopAppOptions } from '../../../src-main/electron/desktop-app';
import { createFakeElectron, findItem, frameAt, type FakeBrowserWindow, type FakeElectron } from '../../support/fake-electron';
import { tempDir, type TempDir } from '../../support/temp-dir';

/** The whole shell wired around a real Core on a temp folder, with Electron faked. */
const running: Array<{ desktop: DesktopApp | null; dir: TempDir }> = [];
afterEach(async () => {
  for (const { desktop, dir } of running.splice(0)) {
    desktop?.dispose();
    await desktop?.core.shutdown();
    await dir[Symbol.asyncDispose]();
  }
});

async function start(
  platform: NodeJS.Platform = 'linux',
  tweak: (fake: FakeElectron) => void = () => undefined,
  env: NodeJS.ProcessEnv = {},
  userData?: string,
  extra: Partial<DesktopAppOptions> = {},
) {
  const dir = await tempDir('boocoder-desktop-');
  const fake = createFakeElectron({ userData: userData ?? path.join(dir.path, 'userData') });
  tweak(fake);
  const logs: string[] = [];
  const options: DesktopAppOptions = {
    platform,
    env,
    preloadPath: '/app/out/preload/index.cjs',
    indexHtmlPath: '/app/out/renderer/index.html',
    resourcesDir: '/app/resources',
    devTools: false,
    log: (m) => logs.push(m),
    coreOptions: { agentSearchDirs: [], validateEvents: true },
    ...extra,
  };
  const desktop = await startDesktopApp(fake.electron, options);
  running.push({ desktop, dir });
  const win = () => fake.windows.at(-1) as FakeBrowserWindow;
  return { desktop, fake, win, logs, dir };
}

const appUrl = 'file:///app/out/renderer/index.html';
const busyStatus: AgentsStatus = {
  sessions: [{ chatId: 'c1', chatTitle: 'Fix login', agent: 'qwen', busy: true, idleMs: 0, externalSessionId: 's1' }],
  processes: [],
  busyChats: ['c1'],
};

describe('desktop app wiring', () => {
  it('opens one hardened window on the built renderer with the preload', async () => {
    const { fake, win } = await start();
    expect(fake.windows).toHaveLength(1);
    expect(win().loadedUrl).toBe(appUrl);
    expect(win().options.webPreferences).toMatchObject({ preload: '/app/out/preload/index.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(win().webContents.windowOpenHandler).not.toBeNull();
    expect(win().webContents.navigate('https://example.com/').defaultPrevented).toBe(true);
    expect(fake.session.requestHandler).not.toBeNull();
    expect(fake.session.headersListener).not.toBeNull();
  });

  it('keeps its data in userData, or in BOOCODER_HOME when set', async () => {
    const a = await start();
    const reply = (await a.fake.ipcMain.invoke(IPC_INVOKE_CHANNEL, frameAt(appUrl), 'app.info', {})) as RawInvokeResult;
    expect(reply).toMatchObject({ ok: true, result: { dataDir: path.join(a.dir.path, 'userData') } });
    expect(existsSync(path.join(a.dir.path, 'userData', 'boocoder.db'))).toBe(true);

    const home = await tempDir('boocoder-home-');
    const b = await start('linux', () => undefined, { BOOCODER_HOME: home.path });
    const replyB = (await b.fake.ipcMain.invoke(IPC_INVOKE_CHANNEL, frameAt(appUrl), 'app.info', {})) as RawInvokeResult;
    expect(replyB).toMatchObject({ ok: true, result: { dataDir: home.path } });
    running.push({ desktop: null, dir: home });
  });

  it('answers IPC from the app frame and refuses a foreign frame', async () => {
    const { fake, logs } = await start();
    const ok = (await fake.ipcMain.invoke(IPC_INVOKE_CHANNEL, frameAt(appUrl), 'repos.list', {})) as RawInvokeResult;
    expect(ok).toEqual({ ok: true, result: [] });
    await expect(fake.ipcMain.invoke(IPC_INVOKE_CHANNEL, frameAt('https://evil.example/'), 'repos.list', {})).rejects.toThrow(/Refused/);
    expect(logs.join('\n')).toMatch(/refused IPC from https:\/\/evil\.example/);
  });

  it('asks the native folder dialog for app.pickDirectory', async () => {
    const { fake } = await start('linux', (f) => (f.dialogs.openDialogResult = { canceled: false, filePaths: ['/home/me/repo'] }));
    const reply = (await fake.ipcMain.invoke(IPC_INVOKE_CHANNEL, frameAt(appUrl), 'app.pickDirectory', {})) as RawInvokeResult;
    expect(reply).toEqual({ ok: true, result: { path: '/home/me/repo' } });
  });

  it('forwards core events to the window, menu commands included', async () => {
    const { desktop, fake, win } = await start();
    desktop!.core.events.emit('chats.updated', { repoId: 'r1' });
    findItem(fake.menus.application!.items, 'New Chat (or Alt+N)')!.click!();
    findItem(fake.menus.application!.items, 'Settings')!.click!();
    const sent = win().webContents.sent.filter((m) => m.channel === IPC_EVENT_CHANNEL).map((m) => m.args);
    expect(sent).toEqual(
      expect.arrayContaining([
        ['chats.updated', { repoId: 'r1' }],
        ['app.command', { command: 'chat.new' }],
        ['app.command', { command: 'settings.open' }],
      ]),
    );
  });

  it('shows live counts in the tray and updates it on agents.status', async () => {
    const { desktop, fake } = await start();
    const tray = fake.trays[0]!;
    expect(tray.image).toBe('/app/resources/tray/tray.png');
    expect(tray.menu!.items[0]!.label).toBe('0 live sessions · 0 busy chats');
    desktop!.core.events.emit('agents.status', busyStatus);
    expect(tray.menu!.items.map((i) => i.label)).toContain('Fix login — qwen');
    expect(tray.menu!.items[0]!.label).toBe('1 live session · 1 busy chat');
  });

  it('gives the window the app icon on Linux and Windows (macOS takes it from the bundle)', async () => {
    expect((await start('linux')).win().options).toMatchObject({ icon: '/app/resources/icon.png' });
    expect((await start('win32')).win().options).toMatchObject({ icon: '/app/resources/icon.png' });
    expect((await start('darwin')).win().options).not.toHaveProperty('icon');
  });

  it('uses a template tray icon on macOS', async () => {
    const { fake } = await start('darwin');
    expect(fake.trays[0]!.image).toBe('/app/resources/tray/trayTemplate.png');
  });

  it('notifies a finished turn only while the window is unfocused', async () => {
    const { desktop, fake, win } = await start();
    desktop!.core.events.emit('agents.status', busyStatus);
    const end = { chatId: 'c1', turnId: 't1', agent: 'qwen', seq: 5, event: { type: 'turn.end' as const, stopReason: 'end_turn' as const } };
    win().focus();
    desktop!.core.events.emit('turn.event', end);
    await new Promise((r) => setTimeout(r, 10));
    expect(fake.notifications).toHaveLength(0);
    win().blur();
    desktop!.core.events.emit('turn.event', { ...end, turnId: 't2' });
    await vi.waitFor(() => expect(fake.notifications).toHaveLength(1));
    expect(fake.notifications[0]!.options).toEqual({ title: 'qwen finished', body: 'Fix login — end turn' });
  });

  it('quits straight away when idle, running the core shutdown once', async () => {
    const { desktop, fake } = await start();
    const shutdown = vi.spyOn(desktop!.core, 'shutdown');
    fake.app.quit();
    fake.app.quit();
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    expect(fake.dialogs.messageBoxes).toHaveLength(0);
    expect(shutdown).toHaveBeenCalledTimes(1);
  });

  it('confirms before quitting while turns run; Cancel keeps everything', async () => {
    const { desktop, fake } = await start('linux', (f) => (f.dialogs.messageBoxResponse = 1));
    vi.spyOn(desktop!.core.handlers, 'agents.status').mockResolvedValue(busyStatus);
    const shutdown = vi.spyOn(desktop!.core, 'shutdown');
    fake.app.quit();
    await vi.waitFor(() => expect(fake.dialogs.messageBoxes).toHaveLength(1));
    expect(fake.dialogs.messageBoxes[0]!.message).toBe('1 chat has a turn running. Quit anyway?');
    await vi.waitFor(() => expect(desktop!.quitFlow.state).toBe('running'));
    expect(shutdown).not.toHaveBeenCalled();
    expect(fake.app.quitted).toBe(false);

    fake.dialogs.messageBoxResponse = 0;
    fake.app.quit();
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    expect(shutdown).toHaveBeenCalledTimes(1);
  });

  it('on Linux, closing the window goes through the quit flow', async () => {
    const { desktop, fake, win } = await start('linux');
    const shutdown = vi.spyOn(desktop!.core, 'shutdown');
    expect(win().close()).toBe(false);
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    expect(shutdown).toHaveBeenCalledTimes(1);
    expect(win().close()).toBe(true);
  });

  it('on macOS, closing the window keeps the app; activate reopens it', async () => {
    const { desktop, fake, win } = await start('darwin');
    expect(win().close()).toBe(true);
    fake.app.emit('window-all-closed');
    expect(fake.app.calls.quit).toBe(0);
    expect(desktop!.window()).toBeNull();
    fake.app.emit('activate');
    expect(fake.windows).toHaveLength(2);
    expect(desktop!.window()).toBe(fake.windows[1]);
  });

  it('a second launch focuses the existing window', async () => {
    const { fake, win } = await start();
    win().minimized = true;
    fake.app.emit('second-instance', {}, [], '/');
    expect(win().minimized).toBe(false);
    expect(win().focused).toBe(true);
  });

  it('does not start when another instance holds the lock', async () => {
    const { desktop, fake } = await start('linux', (f) => (f.app.lockAvailable = false));
    expect(desktop).toBeNull();
    expect(fake.windows).toHaveLength(0);
    expect(fake.app.calls.quit).toBe(1);
  });

  it('restores the saved window placement on the next start', async () => {
    const first = await start();
    first.win().bounds = { x: 40, y: 50, width: 1100, height: 720 };
    first.win().maximize();
    first.desktop!.dispose();
    await first.desktop!.core.shutdown();
    const again = await start('linux', () => undefined, {}, path.join(first.dir.path, 'userData'));
    expect(again.win().options).toMatchObject({ x: 40, y: 50, width: 1100, height: 720 });
    again.win().emit('ready-to-show');
    expect(again.win().maximized).toBe(true);
  });

  it("started from a launcher, the agents' environment is read from the login shell; when it cannot be, the window can show why", async () => {
    const { desktop, logs } = await start('linux', undefined, { PATH: '/usr/bin:/bin' }, undefined, {
      shellEnvironment: { nodePath: process.execPath, startedFromTerminal: false },
    });
    const report = await desktop!.core.handlers['app.environment']({});
    expect(report.source).toBe('as-started');
    expect(report.notice).toMatch(/SHELL is not set/);
    expect(logs.some((l) => /SHELL is not set/.test(l))).toBe(true);
  });

  it('started from a terminal, the environment is taken as it is, without a notice', async () => {
    const { desktop } = await start('linux', undefined, { PATH: '/usr/bin:/bin', SHELL: '/bin/sh' }, undefined, {
      shellEnvironment: { nodePath: process.execPath, startedFromTerminal: true },
    });
    expect(await desktop!.core.handlers['app.environment']({})).toEqual({ source: 'as-started', shell: null, durationMs: 0, notice: null });
  });
});
