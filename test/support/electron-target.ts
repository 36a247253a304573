import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Which Electron app the smoke test (test/electron/) launches, decided from the environment:
 *
 * - `BOOCODER_ELECTRON_APP=<executable>`: a packaged app (the AppImage, the installed deb's
 *   `boocoder`, `BooCoder.app/Contents/MacOS/BooCoder`, the installed `BooCoder.exe`).
 * - otherwise the built app in out/ run by the Electron binary that `npm install` downloads into
 *   node_modules/electron/dist (or `ELECTRON_OVERRIDE_DIST_PATH`, which electron itself honours).
 *
 * Where that binary is missing (the build machines cannot download it) or Linux has no display,
 * the answer is a skip with its reason. `BOOCODER_ELECTRON_REQUIRED=1` (set by the release
 * workflow) turns every skip into a failure, so a runner can never pass by skipping.
 */
export type ElectronTarget =
  | { kind: 'development'; appDir: string; electronBinary: string }
  | { kind: 'packaged'; executablePath: string }
  | { kind: 'skip'; reason: string };

export const ELECTRON_APP_ENV = 'BOOCODER_ELECTRON_APP';
export const ELECTRON_REQUIRED_ENV = 'BOOCODER_ELECTRON_REQUIRED';

export interface TargetInputs {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  repoRoot: string;
  exists(file: string): boolean;
  /** A file's text, or null when it does not exist. */
  readText(file: string): string | null;
}

/** A target that cannot be launched as asked: a wrong path or a missing build, never a skip. */
export class ElectronTargetError extends Error {
  override name = 'ElectronTargetError';
}

function skipOrFail(inputs: TargetInputs, reason: string): ElectronTarget {
  if (inputs.env[ELECTRON_REQUIRED_ENV] === '1') throw new ElectronTargetError(`${ELECTRON_REQUIRED_ENV}=1, but ${reason}`);
  return { kind: 'skip', reason };
}

export function electronTarget(inputs: TargetInputs): ElectronTarget {
  const { env, platform, repoRoot } = inputs;
  // Checked first: a runner told to run the packaged app must not silently test something else.
  const packaged = env[ELECTRON_APP_ENV];
  let target: ElectronTarget;
  if (packaged) {
    const executablePath = path.resolve(packaged);
    if (!inputs.exists(executablePath)) throw new ElectronTargetError(`${ELECTRON_APP_ENV} names ${executablePath}, which does not exist`);
    target = { kind: 'packaged', executablePath };
  } else {
    const electronDir = path.join(repoRoot, 'node_modules', 'electron');
    // electron's install script writes the executable's path inside dist/ to path.txt once the download succeeded.
    const inDist = inputs.readText(path.join(electronDir, 'path.txt'))?.trim() || null;
    const override = env.ELECTRON_OVERRIDE_DIST_PATH;
    let electronBinary: string;
    if (override) {
      electronBinary = path.join(override, inDist ?? (platform === 'win32' ? 'electron.exe' : 'electron'));
      if (!inputs.exists(electronBinary)) return skipOrFail(inputs, `the Electron binary is not installed: ELECTRON_OVERRIDE_DIST_PATH has no ${electronBinary}`);
    } else {
      if (!inDist) return skipOrFail(inputs, 'the Electron binary is not installed: node_modules/electron/path.txt is missing (npm install could not download Electron)');
      electronBinary = path.join(electronDir, 'dist', inDist);
      if (!inputs.exists(electronBinary)) return skipOrFail(inputs, `the Electron binary is not installed: ${electronBinary} is missing (npm install could not download Electron)`);
    }
    target = { kind: 'development', appDir: repoRoot, electronBinary };
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return skipOrFail(inputs, 'no display (DISPLAY and WAYLAND_DISPLAY are unset): run it under xvfb-run');
  }
  return target;
}

/** The development target runs the bundles in out/; without them there is nothing to launch. */
export function assertBuilt(target: ElectronTarget, exists: (file: string) => boolean = existsSync): void {
  if (target.kind !== 'development') return;
  if (!exists(path.join(target.appDir, 'out', 'main', 'index.js'))) {
    throw new ElectronTargetError('out/main/index.js is missing: run `npm run build` first (npm run test:electron does)');
  }
}

/** The target for this process and this checkout. */
export function currentElectronTarget(repoRoot: string): ElectronTarget {
  return electronTarget({
    env: process.env,
    platform: process.platform,
    repoRoot,
    exists: existsSync,
    readText: (file) => (existsSync(file) ? readFileSync(file, 'utf8') : null),
  });
}
