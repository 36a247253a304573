import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { currentInputs, electronTarget, ELECTRON_DOWNLOAD_ERROR_ENV } from '../test/support/electron-target';

/**
 * `npm run test:electron`: the Electron smoke test (test/electron/smoke.test.ts).
 *
 * - Packaged app (BOOCODER_ELECTRON_APP=<executable>): runs the test against it as it is; the
 *   package carries its own better-sqlite3 built for Electron.
 * - Development (an Electron binary in node_modules/electron): builds out/, rebuilds
 *   better-sqlite3 for Electron's ABI, runs the test, and always puts the Node build back, as
 *   `npm start` does, so the Node tiers keep working afterwards.
 * - No Electron binary: the electron package downloads it on first use, not at npm install, so
 *   this downloads it first (`install-electron`, electron's own installer). Where that fails (no
 *   internet, as on the build machines), or Linux has no display, the test file reports itself
 *   skipped with the reason and this exits 0 (BOOCODER_ELECTRON_REQUIRED=1 makes that a failure).
 *
 * Extra arguments go to vitest.
 */
const repoRoot = path.resolve(import.meta.dirname, '..');
const windows = process.platform === 'win32';

function run(command: string, args: string[]): number {
  process.stderr.write(`> ${command} ${args.join(' ')}\n`);
  // npm and npx are .cmd files on Windows, which only a shell starts.
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', shell: windows });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const vitest = () => run('npx', ['vitest', 'run', '--project', 'electron', '--reporter=verbose', ...process.argv.slice(2)]);

/** Electron's installer (node_modules/electron/install.js); the first line of its error when it fails. */
function downloadElectron(): string | null {
  process.stderr.write('> install-electron (the Electron binary is not in node_modules/electron/dist yet)\n');
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'electron', 'install.js')], { cwd: repoRoot, encoding: 'utf8', timeout: 15 * 60_000 });
  if (result.status === 0) return null;
  const output = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim() || result.error?.message || `exit status ${result.status}`;
  return output.split('\n')[0]!.trim();
}

// Whether a skip is allowed is the test's to decide (BOOCODER_ELECTRON_REQUIRED): here only what to prepare.
let target = electronTarget(currentInputs(repoRoot));
if (target.kind === 'skip' && target.cause === 'no-electron') {
  const error = downloadElectron();
  if (error) process.env[ELECTRON_DOWNLOAD_ERROR_ENV] = error;
  target = electronTarget(currentInputs(repoRoot));
}
let code: number;
if (target.kind !== 'development') {
  if (target.kind === 'skip') process.stderr.write(`Electron smoke test: skipped, ${target.reason}\n`);
  code = vitest();
} else {
  code = run('npm', ['run', 'build']);
  if (code === 0) code = run('npx', ['electron-builder', 'install-app-deps']);
  if (code === 0) code = vitest();
  const restored = run('npm', ['rebuild', 'better-sqlite3']);
  if (code === 0) code = restored;
}
process.exit(code);
