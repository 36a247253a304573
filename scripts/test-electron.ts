import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { currentElectronTarget } from '../test/support/electron-target';

/**
 * `npm run test:electron`: the Electron smoke test (test/electron/smoke.test.ts).
 *
 * - Packaged app (BOOCODER_ELECTRON_APP=<executable>): runs the test against it as it is; the
 *   package carries its own better-sqlite3 built for Electron.
 * - Development (an Electron binary in node_modules/electron): builds out/, rebuilds
 *   better-sqlite3 for Electron's ABI, runs the test, and always puts the Node build back, as
 *   `npm start` does, so the Node tiers keep working afterwards.
 * - No Electron binary, or no display on Linux: runs the test file, which reports itself skipped
 *   with the reason, and exits 0 (BOOCODER_ELECTRON_REQUIRED=1 makes that a failure).
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

const target = currentElectronTarget(repoRoot);
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
