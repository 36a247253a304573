import { execFile, spawn } from 'node:child_process';

/**
 * The one place that runs git for the worktree service. execFile (not a shell) so paths are never
 * interpreted; a large buffer because tree listings of big repos are big; a fixed identity for
 * the internal commits we write (archive, re-baseline, snapshot refs) so a machine without
 * user.name/user.email configured still works.
 */
export interface GitOptions {
  env?: Record<string, string>;
  input?: string | Buffer;
  /** Exit codes other than 0 that are answers, not failures (e.g. 1 from `git apply` on conflict). */
  okCodes?: number[];
}

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

const IDENTITY = {
  GIT_AUTHOR_NAME: 'BooCoder',
  GIT_AUTHOR_EMAIL: 'boocoder@localhost',
  GIT_COMMITTER_NAME: 'BooCoder',
  GIT_COMMITTER_EMAIL: 'boocoder@localhost',
};

const MAX_BUFFER = 1024 * 1024 * 1024;

export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly code: number,
    readonly stderr: string,
  ) {
    super(`git ${args.slice(0, 3).join(' ')} failed (${code}): ${stderr.trim().slice(0, 2000)}`);
    this.name = 'GitError';
  }
}

export function baseEnv(extra?: Record<string, string>): NodeJS.ProcessEnv {
  // Never let an inherited GIT_DIR / GIT_INDEX_FILE / GIT_WORK_TREE point our commands elsewhere.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'GIT_DIR' || k === 'GIT_INDEX_FILE' || k === 'GIT_WORK_TREE' || k === 'GIT_OBJECT_DIRECTORY') continue;
    env[k] = v;
  }
  return { ...env, ...IDENTITY, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...extra };
}

export function gitResult(cwd: string, args: string[], options: GitOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      { cwd, env: baseEnv(options.env), maxBuffer: MAX_BUFFER, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        if (code !== 0 && !(options.okCodes ?? []).includes(code)) {
          reject(new GitError(args, code, stderr || (error?.message ?? '')));
          return;
        }
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Runs git and returns stdout; a non-zero exit is a GitError. */
export async function git(cwd: string, args: string[], options: GitOptions = {}): Promise<string> {
  return (await gitResult(cwd, args, options)).stdout;
}

/** Runs git and hands stdout to `onChunk` as it arrives (decoded as UTF-8 across chunk borders). */
export function gitStream(cwd: string, args: string[], onChunk: (chunk: string) => void, options: GitOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: baseEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onChunk);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 10_000) stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new GitError(args, code ?? -1, stderr));
    });
  });
}

/** Splits a stream of text into lines (without their '\n'); call `end()` after the last chunk. */
export function lineSplitter(onLine: (line: string) => void): { push: (chunk: string) => void; end: () => void } {
  let pending = '';
  return {
    push(chunk) {
      pending += chunk;
      let nl = pending.indexOf('\n');
      while (nl !== -1) {
        onLine(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
    },
    end() {
      if (pending.length > 0) onLine(pending);
      pending = '';
    },
  };
}

/** True when `rev` names an object in the repo at `cwd`. */
export async function revExists(cwd: string, rev: string): Promise<boolean> {
  const r = await gitResult(cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{object}`], { okCodes: [1, 128] });
  return r.code === 0;
}

/** The empty tree's id: a constant of git's object format (sha1). */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
