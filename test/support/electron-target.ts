import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Which Electron app the smoke test (test/electron/) launches, decided from the environment:
 *
 * - `BOOCODER_ELECTRON_APP=<executable>`: a packaged app (the AppImage, the installed deb's
 *   `boocoder`, `BooCoder.app/Contents/MacOS/BooCoder`, the installed `BooCoder.exe`).
 * - otherwise the built app in out/ run by the Electron binary in node_modules/electron/dist (or
 *   `ELECTRON_OVERRIDE_DIST_PATH`, which electron itself honours). The electron package has no
 *   install script: it downloads the binary on first use, or with `npx install-electron`, which
 *   `npm run test:electron` runs first when the binary is missing.
 *
 * Where that binary is missing (the build machines cannot download it) or Linux has no display,
 * the answer is a skip with its reason. `BOOCODER_ELECTRON_REQUIRED=1` (set by the release
 * workflow) turns every skip into a failure, so a runner can never pass by skipping.
 */
export type SkipCause = 'no-display' | 'no-electron';

export type ElectronTarget =
  | { kind: 'development'; appDir: string; electronBinary: string }
  | { kind: 'packaged'; executablePath: string }
  | { kind: 'skip'; cause: SkipCause; reason: string };

export const ELECTRON_APP_ENV = 'BOOCODER_ELECTRON_APP';
export const ELECTRON_REQUIRED_ENV = 'BOOCODER_ELECTRON_REQUIRED';
/** Set by scripts/test-electron.ts when its download of the binary failed: the first line of why. */
export const ELECTRON_DOWNLOAD_ERROR_ENV = 'BOOCODER_ELECTRON_DOWNLOAD_ERROR';

export interface TargetInputs {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  repoRoot: string;
  exists(file: string): boolean;
  /** A file's text, or null when it does not exist. */
  readText(file: string): string | null;
}

/** A target that cannot be launched as asked: a wrong path, a missing build, or a skip where none is allowed. */
export class ElectronTargetError extends Error {
  override name = 'ElectronTargetError';
}

const skip = (cause: SkipCause, reason: string): ElectronTarget => ({ kind: 'skip', cause, reason });

/** What can be launched here, or why nothing can (see `requireRunnable` for the runners that must). */
export function electronTarget(inputs: TargetInputs): ElectronTarget {
  const { env, platform } = inputs;
  // Checked first: a runner told to run a packaged app must fail, not test something else.
  const packaged = env[ELECTRON_APP_ENV];
  if (packaged && !inputs.exists(path.resolve(packaged))) {
    throw new ElectronTargetError(`${ELECTRON_APP_ENV} names ${path.resolve(packaged)}, which does not exist`);
  }
  // The binary is named before the display: it is what a machine without Electron lacks first.
  const target: ElectronTarget = packaged ? { kind: 'packaged', executablePath: path.resolve(packaged) } : developmentTarget(inputs);
  if (target.kind !== 'skip' && platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return skip('no-display', 'no display (DISPLAY and WAYLAND_DISPLAY are unset): run it under xvfb-run');
  }
  return target;
}

/** The built app in out/ with the Electron binary from node_modules (or ELECTRON_OVERRIDE_DIST_PATH). */
function developmentTarget(inputs: TargetInputs): ElectronTarget {
  const { env, platform, repoRoot } = inputs;
  const electronDir = path.join(repoRoot, 'node_modules', 'electron');
  // electron's installer writes the executable's path inside dist/ to path.txt once the download succeeded.
  const inDist = inputs.readText(path.join(electronDir, 'path.txt'))?.trim() || null;
  const downloadError = env[ELECTRON_DOWNLOAD_ERROR_ENV];
  const notInstalled = (what: string) =>
    skip(
      'no-electron',
      downloadError
        ? `the Electron binary is not installed (${what}) and could not be downloaded: ${downloadError}`
        : `the Electron binary is not installed (${what}): npx install-electron, or npm run test:electron, downloads it`,
    );
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  let electronBinary: string;
  if (override) {
    electronBinary = path.join(override, inDist ?? (platform === 'win32' ? 'electron.exe' : 'electron'));
    if (!inputs.exists(electronBinary)) return notInstalled(`ELECTRON_OVERRIDE_DIST_PATH has no ${electronBinary}`);
  } else {
    if (!inDist) return notInstalled('node_modules/electron/path.txt is missing');
    electronBinary = path.join(electronDir, 'dist', inDist);
    if (!inputs.exists(electronBinary)) return notInstalled(`${electronBinary} is missing`);
  }
  return { kind: 'development', appDir: repoRoot, electronBinary };
}

/** With BOOCODER_ELECTRON_REQUIRED=1 a skip is a failure, with the same reason. */
export function requireRunnable(target: ElectronTarget, env: NodeJS.ProcessEnv): ElectronTarget {
  if (target.kind === 'skip' && env[ELECTRON_REQUIRED_ENV] === '1') {
    throw new ElectronTargetError(`${ELECTRON_REQUIRED_ENV}=1, but ${target.reason}`);
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

/** This process's inputs for this checkout. */
export function currentInputs(repoRoot: string): TargetInputs {
  return {
    env: process.env,
    platform: process.platform,
    repoRoot,
    exists: existsSync,
    readText: (file) => (existsSync(file) ? readFileSync(file, 'utf8') : null),
  };
}

/** The target the smoke test runs here; throws where a skip is not allowed. */
export function currentElectronTarget(repoRoot: string): ElectronTarget {
  return requireRunnable(electronTarget(currentInputs(repoRoot)), process.env);
}
