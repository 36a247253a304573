import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertBuilt, electronTarget, ElectronTargetError, requireRunnable, type TargetInputs } from '../../support/electron-target';

/** How the Electron smoke test picks what to launch, and when it must skip or fail instead. */
const root = path.resolve('/repo');
const electronDir = path.join(root, 'node_modules', 'electron');

function inputs(over: { env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; files?: Record<string, string> }): TargetInputs {
  const files = over.files ?? {};
  return {
    env: over.env ?? { DISPLAY: ':99' },
    platform: over.platform ?? 'linux',
    repoRoot: root,
    exists: (f) => f in files,
    readText: (f) => files[f] ?? null,
  };
}

const installed = {
  [path.join(electronDir, 'path.txt')]: 'electron',
  [path.join(electronDir, 'dist', 'electron')]: '',
};

describe('electronTarget', () => {
  it('skips, naming the missing download, when electron never wrote path.txt', () => {
    expect(electronTarget(inputs({}))).toEqual({
      kind: 'skip',
      cause: 'no-electron',
      reason: 'the Electron binary is not installed (node_modules/electron/path.txt is missing): npx install-electron, or npm run test:electron, downloads it',
    });
  });

  it('gives the download failure as the reason when the attempt failed', () => {
    expect(electronTarget(inputs({ env: { DISPLAY: ':1', BOOCODER_ELECTRON_DOWNLOAD_ERROR: 'TypeError: fetch failed' } }))).toEqual({
      kind: 'skip',
      cause: 'no-electron',
      reason: 'the Electron binary is not installed (node_modules/electron/path.txt is missing) and could not be downloaded: TypeError: fetch failed',
    });
  });

  it('skips when path.txt names a binary that is not in dist/', () => {
    const t = electronTarget(inputs({ files: { [path.join(electronDir, 'path.txt')]: 'electron\n' } }));
    expect(t).toEqual({ kind: 'skip', cause: 'no-electron', reason: expect.stringContaining(path.join(electronDir, 'dist', 'electron')) });
  });

  it('runs the built app with the downloaded binary', () => {
    expect(electronTarget(inputs({ files: installed }))).toEqual({ kind: 'development', appDir: root, electronBinary: path.join(electronDir, 'dist', 'electron') });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as electron itself does', () => {
    const files = { '/opt/electron/electron.exe': '' };
    const t = electronTarget(inputs({ env: { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' }, platform: 'win32', files }));
    expect(t).toEqual({ kind: 'development', appDir: root, electronBinary: path.join('/opt/electron', 'electron.exe') });
    expect(electronTarget(inputs({ env: { ELECTRON_OVERRIDE_DIST_PATH: '/nowhere' }, platform: 'win32' })).kind).toBe('skip');
  });

  it('launches a packaged app named by BOOCODER_ELECTRON_APP, and fails when it is not there', () => {
    const exe = path.resolve('/dist/BooCoder.AppImage');
    expect(electronTarget(inputs({ env: { BOOCODER_ELECTRON_APP: exe, DISPLAY: ':1' }, files: { [exe]: '' } }))).toEqual({ kind: 'packaged', executablePath: exe });
    expect(() => electronTarget(inputs({ env: { BOOCODER_ELECTRON_APP: exe } }))).toThrow(ElectronTargetError);
  });

  it('skips on Linux without a display, but not on macOS or Windows', () => {
    expect(electronTarget(inputs({ env: {}, files: installed }))).toEqual({ kind: 'skip', cause: 'no-display', reason: expect.stringContaining('xvfb-run') });
    // Without Electron either, the missing binary is the reason given.
    expect(electronTarget(inputs({ env: {} }))).toMatchObject({ kind: 'skip', cause: 'no-electron' });
    expect(electronTarget(inputs({ env: { WAYLAND_DISPLAY: 'wayland-0' }, files: installed })).kind).toBe('development');
    expect(electronTarget(inputs({ env: {}, platform: 'darwin', files: installed })).kind).toBe('development');
  });

  it('turns every skip into a failure with BOOCODER_ELECTRON_REQUIRED=1', () => {
    const required = { BOOCODER_ELECTRON_REQUIRED: '1' };
    expect(() => requireRunnable(electronTarget(inputs({ env: { DISPLAY: ':1' } })), required)).toThrow(/BOOCODER_ELECTRON_REQUIRED=1, but the Electron binary is not installed/);
    expect(() => requireRunnable(electronTarget(inputs({ env: {}, files: installed })), required)).toThrow(/no display/);
    const dev = electronTarget(inputs({ files: installed }));
    expect(requireRunnable(dev, required)).toBe(dev);
    expect(requireRunnable(electronTarget(inputs({})), {}).kind).toBe('skip');
  });
});

describe('assertBuilt', () => {
  it('requires out/main/index.js for the development target only', () => {
    const dev = { kind: 'development', appDir: root, electronBinary: '/e' } as const;
    expect(() => assertBuilt(dev, () => false)).toThrow(/npm run build/);
    expect(() => assertBuilt(dev, (f) => f === path.join(root, 'out', 'main', 'index.js'))).not.toThrow();
    expect(() => assertBuilt({ kind: 'packaged', executablePath: '/x' }, () => false)).not.toThrow();
  });
});
