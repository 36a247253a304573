import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { InstallProgress } from '../../../../src-preload/contract';
import { AppError } from '../../errors';
import { findExecutable } from '../catalog/find-executable';
import type { NpmPackage } from '../profiles/agent-profile';
import { packagePrefix, versionInPrefix } from './agent-install-dirs';

export interface NpmInstallerOptions {
  /** agentInstallRoot(dataDir). */
  root: string;
  /** The environment agents get: npm and node are looked for on its PATH (the user's login shell PATH). */
  env: NodeJS.ProcessEnv;
  emit(progress: InstallProgress): void;
  platform?: NodeJS.Platform;
}

/** Lines of npm's log kept for the error message of a failed install. */
const LOG_TAIL_LINES = 30;

export const npmMissingMessage = (pathEnv: string | undefined): string =>
  `npm was not found on the PATH agents get (${pathEnv || 'empty'}). Install Node.js, which includes npm ` +
  '(https://nodejs.org, or your package manager: `brew install node`, `sudo apt install npm`, `winget install OpenJS.NodeJS`), then restart BooCoder.';

/**
 * Installs agents' npm packages into BooCoder's own folder: one npm prefix per package, so no
 * sudo and nothing global changes. An install goes into a staging folder first and replaces the
 * previous one only once npm has succeeded, so a failed update leaves the working version in place.
 * Every npm process is owned here and killed by dispose().
 */
export class NpmInstaller {
  private readonly running = new Map<string, Promise<string>>();
  private readonly children = new Set<ChildProcess>();

  constructor(private readonly options: NpmInstallerOptions) {}

  isInstalling(packageName: string): boolean {
    return this.running.has(packageName);
  }

  /** Installs the pinned version; resolves to the version installed. */
  install(agent: string, pkg: NpmPackage): Promise<string> {
    if (this.running.has(pkg.name)) throw new AppError('InstallInProgress', `${pkg.name} is already being installed.`);
    const run = this.run(agent, pkg).finally(() => this.running.delete(pkg.name));
    this.running.set(pkg.name, run);
    return run;
  }

  async uninstall(pkg: NpmPackage): Promise<void> {
    if (this.running.has(pkg.name)) throw new AppError('InstallInProgress', `${pkg.name} is being installed; remove it once that has finished.`);
    await rm(packagePrefix(this.options.root, pkg.name), { recursive: true, force: true, maxRetries: 3 });
  }

  private async run(agent: string, pkg: NpmPackage): Promise<string> {
    const emit = (p: Omit<InstallProgress, 'agent' | 'package'>) => this.options.emit({ agent, package: pkg.name, ...p });
    const platform = this.options.platform ?? process.platform;
    const npm = findExecutable('npm', { extraDirs: [], pathEnv: this.options.env.PATH ?? this.options.env.Path, platform });
    if (!npm) throw new AppError('NpmNotFound', npmMissingMessage(this.options.env.PATH ?? this.options.env.Path));
    const prefix = packagePrefix(this.options.root, pkg.name);
    const staging = `${prefix}.staging-${randomBytes(4).toString('hex')}`;
    emit({ phase: 'started', line: `npm install ${pkg.name}@${pkg.version}` });
    const tail: string[] = [];
    const onLine = (line: string) => {
      if (!line.trim()) return;
      tail.push(line);
      if (tail.length > LOG_TAIL_LINES) tail.shift();
      emit({ phase: 'log', line });
    };
    try {
      await mkdir(staging, { recursive: true });
      // A package.json of its own keeps npm from looking for a project in the folders above.
      await writeFile(path.join(staging, 'package.json'), JSON.stringify({ name: 'boocoder-agent', private: true }, null, 2));
      const code = await this.npm(npm, ['install', '--prefix', staging, '--no-audit', '--no-fund', '--save-exact', '--loglevel=http', `${pkg.name}@${pkg.version}`], platform, onLine);
      if (code !== 0) throw new AppError('InstallFailed', `npm install ${pkg.name}@${pkg.version} failed (exit ${code}):\n${tail.join('\n')}`);
      const version = versionInPrefix(staging, pkg.name);
      if (!version) throw new AppError('InstallFailed', `npm finished but ${pkg.name} is not in ${staging}.`);
      // npm links the package's programs with relative paths, so the folder can be moved whole.
      const old = `${prefix}.old-${randomBytes(4).toString('hex')}`;
      await rename(prefix, old).catch(() => undefined);
      await rename(staging, prefix);
      await rm(old, { recursive: true, force: true });
      emit({ phase: 'done', version });
      return version;
    } catch (e) {
      await rm(staging, { recursive: true, force: true }).catch(() => undefined);
      const error = e instanceof AppError ? e : new AppError('InstallFailed', `Installing ${pkg.name} failed: ${e instanceof Error ? e.message : String(e)}`);
      emit({ phase: 'failed', line: error.message });
      throw error;
    }
  }

  private npm(npm: string, args: string[], platform: NodeJS.Platform, onLine: (line: string) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      const child = spawn(npm, args, {
        env: { ...this.options.env, npm_config_update_notifier: 'false', npm_config_progress: 'false' },
        stdio: ['ignore', 'pipe', 'pipe'],
        // npm is a .cmd script on Windows, which only a shell runs.
        shell: platform === 'win32',
        detached: platform !== 'win32',
        windowsHide: true,
      });
      this.children.add(child);
      for (const stream of [child.stdout, child.stderr]) {
        let pending = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          pending += chunk;
          const lines = pending.split(/\r?\n/);
          pending = lines.pop() ?? '';
          lines.forEach(onLine);
        });
        stream.on('end', () => pending && onLine(pending));
      }
      child.on('error', (e) => {
        this.children.delete(child);
        reject(new AppError('InstallFailed', `npm could not be started: ${e.message}`));
      });
      child.on('close', (code, signal) => {
        this.children.delete(child);
        resolve(signal ? 128 : (code ?? 1));
      });
    });
  }

  /** Stops running installs (their staging folders are removed as they fail). */
  dispose(): void {
    for (const child of this.children) {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}
