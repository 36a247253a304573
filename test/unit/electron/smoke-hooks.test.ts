import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDesktopApp, type DesktopApp } from '../../../src-main/electron/desktop-app';
import type { MenuItemSpec } from '../../../src-main/electron/menu-types';
import { exposeSmokeHooks, SMOKE_HOOKS_GLOBAL, type ShellProbe } from '../../../src-main/electron/smoke-hooks';
import { createFakeElectron, type FakeElectron } from '../../support/fake-electron';
import { tempDir, type TempDir } from '../../support/temp-dir';

/** The probe the Electron smoke test reads: only with BOOCODER_SMOKE_HOOKS=1, and it shows the live shell. */
const running: Array<{ desktop: DesktopApp | null; dir: TempDir }> = [];
afterEach(async () => {
  for (const { desktop, dir } of running.splice(0)) {
    desktop?.dispose();
    await desktop?.core.shutdown();
    await dir[Symbol.asyncDispose]();
  }
});

async function start(tweak: (fake: FakeElectron) => void = () => undefined) {
  const dir = await tempDir('boocoder-smoke-hooks-');
  const fake = createFakeElectron({ userData: path.join(dir.path, 'userData') });
  tweak(fake);
  const desktop = await startDesktopApp(fake.electron, {
    platform: 'linux',
    env: {},
    preloadPath: '/app/out/preload/index.cjs',
    indexHtmlPath: '/app/out/renderer/index.html',
    resourcesDir: '/app/resources',
    devTools: false,
    log: () => undefined,
    coreOptions: { agentSearchDirs: [] },
  });
  running.push({ desktop, dir });
  return { desktop: desktop!, fake };
}

const probeOf = (target: object) => (target as Record<string, ShellProbe | undefined>)[SMOKE_HOOKS_GLOBAL];

describe('smoke-test hooks', () => {
  it('exposes nothing without BOOCODER_SMOKE_HOOKS=1', async () => {
    const { desktop } = await start();
    for (const env of [{}, { BOOCODER_SMOKE_HOOKS: '0' }, { BOOCODER_SMOKE_HOOKS: 'yes' }]) {
      const target = {};
      expect(exposeSmokeHooks(env, desktop, target)).toBe(false);
      expect(probeOf(target)).toBeUndefined();
    }
  });

  it('shows the tray menu the app set, whose Quit item starts the quit flow', async () => {
    const { desktop, fake } = await start();
    const target = {};
    expect(exposeSmokeHooks({ BOOCODER_SMOKE_HOOKS: '1' }, desktop, target)).toBe(true);
    const probe = probeOf(target)!;
    const menu = probe.trayMenu()!;
    // The same object the tray was given, not a copy.
    expect(menu).toBe(fake.trays[0]!.menu);
    const items = menu.items as MenuItemSpec[];
    expect(items.map((i) => i.label)).toEqual(['0 live sessions · 0 busy chats', undefined, 'Open BooCoder', 'Quit BooCoder']);
    expect(probe.quitState()).toBe('running');
    items.find((i) => i.id === 'quit')!.click!();
    await expect.poll(() => probe.quitState()).toBe('done');
    expect(fake.app.quitted).toBe(true);
    // Read-only: the test cannot swap the app's pieces through it.
    expect(Object.isFrozen(probe)).toBe(true);
  });

  it('has no tray menu where the desktop has no status area', async () => {
    const { desktop } = await start((fake) => {
      fake.electron.Tray = class {
        constructor() {
          throw new Error('no status area');
        }
      } as unknown as FakeElectron['electron']['Tray'];
    });
    const target = {};
    exposeSmokeHooks({ BOOCODER_SMOKE_HOOKS: '1' }, desktop, target);
    expect(probeOf(target)!.trayMenu()).toBeNull();
  });
});
