import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * The headless host and a real Chromium for end-to-end tests and renderer benchmarks: the host
 * runs as a child process with its own data dir, HOME, XDG dirs and TMPDIR under one temp dir,
 * and everything (page, browser, host, temp dir) is torn down by `close()`.
 */
export interface AppUnderTest extends AsyncDisposable {
  /** The page URL with its token, e.g. http://127.0.0.1:PORT/?token=… */
  url: string;
  root: string;
  dataDir: string;
  host: ChildProcess;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** The host's output so far, for failure messages. */
  log(): string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment for the host (e.g. an isolated agent env), merged over the isolated dirs. */
  env?: NodeJS.ProcessEnv;
  /** Extra arguments for the host (e.g. --no-bundled-agents). */
  args?: string[];
  /** Appended to the page URL's query, e.g. "bench=1". */
  query?: string;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const TSX = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

export async function startApp(options: StartOptions = {}): Promise<AppUnderTest> {
  const root = await mkdtemp(path.join(tmpdir(), 'boocoder-e2e-'));
  const dirs = {
    HOME: path.join(root, 'home'),
    XDG_CONFIG_HOME: path.join(root, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(root, 'xdg', 'data'),
    XDG_STATE_HOME: path.join(root, 'xdg', 'state'),
    XDG_CACHE_HOME: path.join(root, 'xdg', 'cache'),
    TMPDIR: path.join(root, 'tmp'),
  };
  for (const d of Object.values(dirs)) await mkdir(d, { recursive: true });
  const dataDir = path.join(root, 'data');

  let output = '';
  const host = spawn(TSX, ['src-main/serve.ts', '--port', '0', '--data-dir', dataDir, ...(options.args ?? [])], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, LANG: 'C.UTF-8', ...dirs, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so closing takes every agent child it started down with it.
    detached: true,
  });
  host.stderr!.on('data', (d: Buffer) => (output += d.toString()));

  let browser: Browser | null = null;
  const killHost = async () => {
    if (host.exitCode !== null || host.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => host.once('exit', () => resolve()));
    try {
      process.kill(-host.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-host.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await killHost();
    await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };

  try {
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The host did not start within 60 s:\n${output}`)), 60_000);
      host.stdout!.on('data', (d: Buffer) => {
        output += d.toString();
        const m = /BooCoder listening on (http:\/\/\S+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      host.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`The host exited (${code}) before listening:\n${output}`));
      });
    });
    const url = options.query ? `${base}&${options.query}` : base;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1400, height: 860 },
      colorScheme: options.colorScheme ?? 'light',
    });
    const page = await context.newPage();
    await page.goto(url);
    return {
      url,
      root,
      dataDir,
      host,
      browser,
      context,
      page,
      log: () => output,
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** The screenshots the docs show (committed: a test that takes one writes it anew). */
export const DOCS_SCREENSHOT_DIR = path.join(repoRoot, 'docs', 'screenshots');

export async function docsScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(DOCS_SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(DOCS_SCREENSHOT_DIR, `${name}.png`) });
}

/** Where screenshots of failures and other test output go (gitignored). */
export const SCREENSHOT_DIR = path.join(repoRoot, 'test-output', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * The renderer's benchmark page (`?bench=1`): the real transcript components, fed synthetic
 * events through the real store and frame batcher, served by the real host. Builds the renderer
 * first so the numbers are for the current source.
 */
export async function startBenchPage(): Promise<AppUnderTest> {
  const { execFileSync } = await import('node:child_process');
  execFileSync(path.join(repoRoot, 'node_modules', '.bin', 'vite'), ['build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
  const app = await startApp({ query: 'bench=1', viewport: { width: 1280, height: 900 } });
  await app.page.waitForFunction(() => 'boocoderBench' in window);
  return app;
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
