import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The packaging and bundling configuration, checked without the Electron binary. */
const root = path.resolve(import.meta.dirname, '..', '..', '..');
const require = createRequire(path.join(root, 'package.json'));

interface BuilderConfig {
  appId?: string;
  productName?: string;
  asarUnpack?: string[];
  files?: unknown;
  linux?: { target?: string[]; category?: string; icon?: string };
  deb?: { depends?: string[] };
  mac?: { target?: string[]; icon?: string };
  win?: { target?: string[]; icon?: string };
}

function pngSize(file: string): { width: number; height: number } {
  const buf = readFileSync(file);
  expect(buf.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema and names the four installers", async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      getConfig(dir: string, file: string, extra: null): Promise<BuilderConfig>;
      validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const config = await getConfig(root, 'electron-builder.yml', null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.appId).toBe('dev.boocoder.app');
    expect(config.productName).toBe('BooCoder');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBe('Development');
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.deb?.depends).toContain('git');
    expect(config.asarUnpack).toEqual(['node_modules/better-sqlite3/**/*.node']);
  }, 60_000);

  it('points at icons that exist with the right sizes', () => {
    expect(pngSize(path.join(root, 'resources/icon.png'))).toEqual({ width: 512, height: 512 });
    expect(readFileSync(path.join(root, 'resources/icon.icns')).subarray(0, 4).toString('ascii')).toBe('icns');
    expect(readFileSync(path.join(root, 'resources/icon.ico')).readUInt16LE(2)).toBe(1);
    for (const [name, size] of [
      ['tray.png', 16],
      ['tray@2x.png', 32],
      ['trayTemplate.png', 16],
      ['trayTemplate@2x.png', 32],
    ] as const) {
      expect(pngSize(path.join(root, 'resources/tray', name))).toEqual({ width: size, height: size });
    }
  });
});

describe('electron.vite.config.ts', () => {
  it('builds main from the shell, a CommonJS preload, and the shared renderer with a CSP meta tag', async () => {
    const config = (await import('../../../electron.vite.config')).default as {
      main: { build: { externalizeDeps: boolean; rollupOptions: { input: Record<string, string> } } };
      preload: { build: { externalizeDeps: boolean; rollupOptions: { input: Record<string, string>; output: { format: string; entryFileNames: string } } } };
      renderer: { root: string; plugins: Array<{ name?: string }> };
    };
    expect(config.main.build.rollupOptions.input).toEqual({ index: path.join(root, 'src-main/electron/main.ts') });
    expect(config.main.build.externalizeDeps).toBe(true);
    expect(config.preload.build.rollupOptions.input).toEqual({ index: path.join(root, 'src-preload/index.ts') });
    expect(config.preload.build.rollupOptions.output).toMatchObject({ format: 'cjs', entryFileNames: '[name].cjs' });
    expect(config.preload.build.externalizeDeps).toBe(false);
    expect(config.renderer.root).toBe(path.join(root, 'src-renderer'));
    expect(config.renderer.plugins.flat().map((p) => p?.name)).toContain('boocoder:csp-meta');
  }, 30_000);

  it('loads the paths main.ts expects: out/main/index.js is package.json "main"', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; type: string };
    expect(pkg.main).toBe('out/main/index.js');
    const main = readFileSync(path.join(root, 'src-main/electron/main.ts'), 'utf8');
    expect(main).toContain("path.join(here, '..', 'preload', 'index.cjs')");
    expect(main).toContain("path.join(here, '..', 'renderer', 'index.html')");
  });
});

describe('layering', () => {
  it('only the shell and the preload import electron', () => {
    let out = '';
    try {
      out = execFileSync('git', ['grep', '-l', '-E', "from ['\"]electron['\"]|require\\(['\"]electron['\"]\\)", '--', 'src-main', 'src-preload', 'src-renderer'], { cwd: root, encoding: 'utf8' });
    } catch {
      out = '';
    }
    const offenders = out.split('\n').filter((f) => f && !f.startsWith('src-main/electron/') && f !== 'src-preload/index.ts');
    expect(offenders).toEqual([]);
  });
});
