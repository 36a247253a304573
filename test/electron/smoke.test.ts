import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AgentsStatus, Chat, RawInvokeResult, Turn } from '../../src-preload/contract';
import { contentSecurityPolicy } from '../../src-main/electron/csp';
import { createCoreTestEnv, type CoreTestEnv } from '../support/core-env';
import { assertBuilt, currentElectronTarget, type ElectronTarget } from '../support/electron-target';
import { makeRepo } from '../support/git-repo';
import { startMockLlm, type MockLlm } from '../support/mock-llm';
import { processRunning } from '../support/process-alive';
import { descendantsOf, processesWorkingUnder, processTable } from '../support/process-tree';

/**
 * The real desktop app in real Electron: the built app in out/ (development) or an installed
 * package (BOOCODER_ELECTRON_APP), launched by Playwright's Electron driver with its own data
 * folder, an isolated HOME and the mock LLM behind the real qwen-code. Nothing in the app is
 * replaced: the only stand-in is the answer to the native quit dialog (Playwright cannot click
 * native dialogs), and the tray is read through the app's BOOCODER_SMOKE_HOOKS probe because
 * Electron has no API that lists trays. Where Electron cannot run, the test is skipped with the
 * reason (see test/support/electron-target.ts).
 */
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const target: ElectronTarget = currentElectronTarget(repoRoot);

/** What the smoke test reads from the shell (src-main/electron/smoke-hooks.ts), as seen from main. */
interface ProbeView {
  trayMenu(): { items: Array<{ id?: string; label: string; type: string; enabled: boolean; click(): void }> } | null;
  quitState(): string;
}
type MainGlobals = typeof globalThis & { __boocoderShell?: ProbeView; __smokeQuitQuestions?: string[] };
type PageGlobals = typeof globalThis & { boocoderRaw?: { invoke(method: string, params: unknown): Promise<RawInvokeResult> }; __inlineScriptRan?: boolean };

/** Variables a GUI process needs from the runner itself: the display, and Windows' system folders. */
const PASSTHROUGH = [
  'DISPLAY',
  'XAUTHORITY',
  'WAYLAND_DISPLAY',
  'XDG_RUNTIME_DIR',
  'DBUS_SESSION_BUS_ADDRESS',
  'APPIMAGE_EXTRACT_AND_RUN',
  'ELECTRON_OVERRIDE_DIST_PATH',
  'SystemRoot',
  'SystemDrive',
  'windir',
  'ComSpec',
  'PATHEXT',
  'ProgramFiles',
  'ProgramData',
  'NUMBER_OF_PROCESSORS',
  'PROCESSOR_ARCHITECTURE',
  'OS',
];

interface Launched {
  app: ElectronApplication;
  page: Page;
  pid: number;
  /** Renderer console errors and uncaught page errors, in order. */
  errors: string[];
  /** The main process's stderr so far (the shell logs there). */
  stderr(): string;
  exited: Promise<number | null>;
}

async function invoke<T>(page: Page, method: string, params: unknown = {}): Promise<T> {
  const raw = await page.evaluate(([m, p]) => (globalThis as PageGlobals).boocoderRaw!.invoke(m as string, p), [method, params] as const);
  if (!raw.ok) throw new Error(`${method} failed: ${raw.error.name}: ${raw.error.message}`);
  return raw.result as T;
}

const trayItems = (app: ElectronApplication) =>
  app.evaluate(() => {
    const menu = (globalThis as MainGlobals).__boocoderShell?.trayMenu();
    return menu ? menu.items.map((i) => ({ id: i.id ?? null, label: i.label, type: i.type, enabled: i.enabled })) : null;
  });

const clickTrayItem = (app: ElectronApplication, id: string) =>
  app.evaluate((_electron, itemId) => {
    const item = (globalThis as MainGlobals).__boocoderShell?.trayMenu()?.items.find((i) => i.id === itemId);
    if (!item) throw new Error(`the tray menu has no item ${itemId}`);
    item.click();
  }, id);

/** Answers the native "Quit anyway?" box with Quit (0) or Cancel (1), and records each question. */
const answerQuitDialog = (app: ElectronApplication, response: 0 | 1) =>
  app.evaluate(({ dialog }, answer) => {
    const g = globalThis as MainGlobals;
    g.__smokeQuitQuestions ??= [];
    dialog.showMessageBox = (async (options: { message: string }) => {
      g.__smokeQuitQuestions!.push(options.message);
      // Also on stderr: after the app has quit, its globals are gone but its output is not.
      process.stderr.write(`smoke: quit dialog asked "${options.message}"\n`);
      return { response: answer, checkboxChecked: false };
    }) as unknown as typeof dialog.showMessageBox;
  }, response);

/** Every process the app started, from the OS's process table (agents, Electron's helpers, the AppImage's). */
const appProcesses = (pid: number) => [pid, ...descendantsOf(processTable(), pid)];

/**
 * On Windows the core cannot start agents yet: it launches them as POSIX process groups
 * (`detached`, then signals to the group) and npm's `.cmd` shims cannot be spawned without a
 * shell. The steps that need a running agent say so there instead of failing the installers.
 */
const NO_AGENTS_ON_WINDOWS = 'agents do not run on Windows yet (the core starts them as POSIX process groups; .cmd shims need a shell)';
const agentsRun = process.platform !== 'win32';

describe('the Electron app', () => {
  if (target.kind === 'skip') {
    const reason = target.reason;
    it('opens, runs a turn with a real agent, shows its tray and quits cleanly', (ctx) => {
      process.stderr.write(`Electron smoke test skipped: ${reason}\n`);
      ctx.skip(reason);
    });
    return;
  }

  assertBuilt(target);
  let llm: MockLlm;
  let world: CoreTestEnv;
  let dataDir: string;
  let userDataDir: string;
  let repo: string;
  const launched: Launched[] = [];
  // Shared by the steps below, which run in order on one app and then on a second start.
  let first: Launched;
  let second: Launched;
  let agentPids: number[] = [];
  let started: number[] = [];
  let ghost = '';
  /** The test's own folder (HOME, temp, data): every process the app starts works inside it. */
  let worldRoot: string;

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await createCoreTestEnv(llm.url);
    // Real paths: git reports worktrees by their real path (macOS's /var is /private/var).
    dataDir = realpathSync(world.dataDir);
    worldRoot = realpathSync(world.root);
    userDataDir = path.join(worldRoot, 'electron-user-data');
    mkdirSync(userDataDir, { recursive: true });
    repo = realpathSync(await world.makeDir('demo-repo'));
    makeRepo(repo, { 'README.md': '# demo\n' });
  });

  // A failing step shows what each app said: the shell logs to stderr, the page to its console.
  beforeEach((ctx) => {
    ctx.onTestFailed(() => {
      for (const [i, app] of launched.entries()) {
        process.stderr.write(`app ${i + 1} stderr:\n${app.stderr().slice(-6000)}\napp ${i + 1} renderer errors:\n${app.errors.join('\n')}\n`);
      }
    });
  });

  afterAll(async () => {
    // A failed run may leave an app up: stop it and everything it started.
    // Killed first: Playwright's close() asks the app to quit, which would wait on the quit dialog.
    for (const { app, pid } of launched) {
      for (const p of appProcesses(pid).filter(processRunning)) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      await Promise.race([app.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    }
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  async function launch(): Promise<Launched> {
    const home = world.env.HOME!;
    const tmp = world.env.TMPDIR!;
    const passthrough = Object.fromEntries(PASSTHROUGH.flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])));
    const env: Record<string, string> = {
      ...passthrough,
      ...(Object.fromEntries(Object.entries(world.env).filter(([, v]) => v !== undefined)) as Record<string, string>),
      // A packaged app does not ship the agents (they are devDependencies): it finds them on PATH.
      PATH: [path.join(repoRoot, 'node_modules', '.bin'), world.env.PATH].join(path.delimiter),
      BOOCODER_HOME: dataDir,
      BOOCODER_SMOKE_HOOKS: '1',
      // Windows reads the user's folders from these, not HOME.
      USERPROFILE: home,
      APPDATA: path.join(home, 'AppData', 'Roaming'),
      LOCALAPPDATA: path.join(home, 'AppData', 'Local'),
      TEMP: tmp,
      TMP: tmp,
    };
    const args = [
      ...(target.kind === 'development' ? [target.appDir] : []),
      `--user-data-dir=${userDataDir}`,
      // Chromium refuses to start as root with its sandbox on (CI containers run as root); the
      // page's own isolation (context isolation, no Node) is what the steps below check.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ];
    const app = await electron.launch({
      ...(target.kind === 'packaged' ? { executablePath: target.executablePath } : {}),
      args,
      env,
      cwd: world.root,
      timeout: 120_000,
    });
    const child = app.process();
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });
    const page = await app.firstWindow({ timeout: 120_000 });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    const entry: Launched = { app, page, pid: child.pid!, errors, stderr: () => stderr, exited };
    launched.push(entry);
    // The page may have logged before the listeners existed: load it again with them in place.
    await page.reload();
    await page.locator('#root > *').first().waitFor({ timeout: 60_000 });
    return entry;
  }

  const waitExit = (app: Launched) => Promise.race([app.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000))]);
  const lastTurn = () => first.page.locator('article.turn').last();
  const send = async (prompt: string) => {
    const { page } = first;
    await page.getByLabel('Agent').selectOption('qwen');
    await page.getByLabel('Prompt').fill(prompt);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => lastTurn().locator('.turn__prompt-text').textContent(), { timeout: 30_000 }).toBe(prompt);
  };

  it('opens the built page under its CSP, with only the preload bridge and no console errors', async () => {
    first = await launch();
    const { page } = first;
    expect(page.url()).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
    const meta = await page.evaluate(() => {
      const el = document.head.firstElementChild;
      return { first: el?.getAttribute('http-equiv') ?? null, content: el?.getAttribute('content') ?? null };
    });
    expect(meta).toEqual({ first: 'Content-Security-Policy', content: contentSecurityPolicy() });
    const globals = await page.evaluate(() => ({
      bridge: Object.keys((globalThis as PageGlobals).boocoderRaw ?? {}).sort(),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(globals).toEqual({ bridge: ['invoke', 'on'], require: 'undefined', process: 'undefined' });
    expect(first.errors).toEqual([]);

    // The policy is enforced, not only present: an inline script is refused and reported.
    const violation = await page.evaluate(
      () =>
        new Promise<{ directive: string } | null>((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => resolve({ directive: e.effectiveDirective }), { once: true });
          const script = document.createElement('script');
          script.textContent = '(globalThis).__inlineScriptRan = true;';
          document.head.append(script);
          setTimeout(() => resolve(null), 5000);
        }),
    );
    expect(violation?.directive).toMatch(/^script-src/);
    expect(await page.evaluate(() => (globalThis as PageGlobals).__inlineScriptRan ?? false)).toBe(false);
    // That refusal is the only error the page logged; it is taken off the list.
    const refusals = first.errors.splice(0);
    expect(refusals.every((e) => e.includes('Content Security Policy'))).toBe(true);
  });

  it('answers app.info over the preload bridge, from SQLite loaded in Electron', async () => {
    const { app, page } = first;
    const info = await invoke<{ version: string; dataDir: string }>(page, 'app.info');
    expect(info.dataDir).toBe(dataDir);
    expect(existsSync(path.join(dataDir, 'boocoder.db'))).toBe(true);
    // The core opened its database inside Electron, whose ABI differs from this Node's: a
    // better-sqlite3 built for Node would have failed to load there.
    const versions = await app.evaluate(() => ({ electron: process.versions.electron, modules: process.versions.modules }));
    expect(versions.electron).toBeTruthy();
    expect(versions.modules).not.toBe(process.versions.modules);
    if (target.kind === 'packaged') {
      const resources = await app.evaluate(() => process.resourcesPath);
      expect(existsSync(path.join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    }
  });

  it('opens a repository and starts a chat', async () => {
    const { page } = first;
    await page.getByLabel('Repository folder').waitFor({ timeout: 60_000 });
    await page.getByLabel('Repository folder').fill(repo);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('button', { name: 'New chat' }).first().click();
    await page.getByLabel('Prompt').waitFor();
    expect(await invoke<Chat[]>(page, 'chats.list', {})).toHaveLength(1);
  });

  it('runs a turn with the real qwen-code', async (ctx) => {
    if (!agentsRun) ctx.skip(NO_AGENTS_ON_WINDOWS);
    await send('Hello there');
    await lastTurn().locator('[data-stop-reason]').waitFor({ timeout: 180_000 });
    expect(await lastTurn().locator('[data-stop-reason]').getAttribute('data-stop-reason')).toBe('end_turn');
    await expect.poll(() => lastTurn().locator('.md').textContent()).toContain('Hello from mock.');
  });

  it('has a tray whose menu counts sessions and lists a busy chat with its agent', async () => {
    const { app, page } = first;
    const live = agentsRun ? 1 : 0;
    await expect
      .poll(() => trayItems(app), { timeout: 30_000 })
      .toEqual([
        { id: 'summary', label: `${live} live session${live === 1 ? '' : 's'} · 0 busy chats`, type: 'normal', enabled: false },
        expect.objectContaining({ type: 'separator' }),
        { id: 'open', label: 'Open BooCoder', type: 'normal', enabled: true },
        { id: 'quit', label: 'Quit BooCoder', type: 'normal', enabled: true },
      ]);
    if (!agentsRun) return;
    // A turn that never ends on its own (the mock LLM sends one chunk and then nothing).
    await send('Wait for me [[mock:hang]]');
    await expect.poll(async () => (await invoke<AgentsStatus>(page, 'agents.status')).busyChats.length, { timeout: 60_000 }).toBe(1);
    await expect.poll(async () => (await trayItems(app))?.map((i) => i.label), { timeout: 30_000 }).toContain('1 live session · 1 busy chat');
    expect((await trayItems(app))!.some((i) => i.id?.startsWith('chat:') && i.label.endsWith('— qwen'))).toBe(true);
  });

  it('asks before quitting with a turn running; Cancel keeps everything', async (ctx) => {
    if (!agentsRun) ctx.skip(NO_AGENTS_ON_WINDOWS);
    const { app, page } = first;
    const status = await invoke<AgentsStatus>(page, 'agents.status');
    agentPids = status.processes.map((p) => p.pid);
    expect(agentPids.length).toBeGreaterThan(0);
    started = appProcesses(first.pid);
    for (const pid of agentPids) expect(started).toContain(pid);
    // The second net, for what the tree misses (Linux): the app and its agents are found by their
    // working folder, so finding none of them after quitting means something.
    const working = processesWorkingUnder(worldRoot);
    if (working) expect(working).toEqual(expect.arrayContaining([first.pid, ...agentPids]));

    await answerQuitDialog(app, 1);
    await clickTrayItem(app, 'quit');
    await expect.poll(() => app.evaluate(() => (globalThis as MainGlobals).__smokeQuitQuestions ?? [])).toEqual(['1 chat has a turn running. Quit anyway?']);
    await expect.poll(() => app.evaluate(() => (globalThis as MainGlobals).__boocoderShell!.quitState())).toBe('running');
    expect((await invoke<AgentsStatus>(page, 'agents.status')).busyChats).toHaveLength(1);
    for (const pid of agentPids) expect(processRunning(pid)).toBe(true);
  });

  it('quits through the close hooks and the reaper, leaving no process it started', async () => {
    const { app } = first;
    // A registered git worktree whose folder is gone, inside the app's worktrees folder: only the
    // reaper, which runs at quit, prunes it.
    ghost = path.join(dataDir, 'worktrees', 'smoke-ghost');
    execFileSync('git', ['-C', repo, 'worktree', 'add', '--detach', ghost], { stdio: 'ignore' });
    rmSync(ghost, { recursive: true, force: true });
    expect(worktreeList()).toContain(ghost);
    if (started.length === 0) started = appProcesses(first.pid);
    // Nothing went wrong in the page while it was used (what it logs while the app goes away is not judged).
    expect(first.errors).toEqual([]);

    await answerQuitDialog(app, 0);
    await clickTrayItem(app, 'quit');
    expect(await waitExit(first)).toBe(0);
    if (agentsRun) expect(first.stderr()).toContain('smoke: quit dialog asked "1 chat has a turn running. Quit anyway?"');
    else expect(first.stderr()).not.toContain('smoke: quit dialog asked');
    await expect.poll(() => started.filter(processRunning), { timeout: 15_000 }).toEqual([]);
    // Also none started while the app shut down, orphaned since and so outside the tree above.
    if (process.platform === 'linux') await expect.poll(() => processesWorkingUnder(worldRoot), { timeout: 15_000 }).toEqual([]);
    expect(worktreeList()).not.toContain(ghost);
  });

  it('starts again on the same data: the close hooks cancelled the running turn, nothing is lost', async () => {
    second = await launch();
    const chats = await invoke<Chat[]>(second.page, 'chats.list', {});
    expect(chats).toHaveLength(1);
    const turns = await invoke<Turn[]>(second.page, 'turns.list', { chatId: chats[0]!.id });
    // A shutdown that never ran would leave the turn "interrupted" at this start instead.
    expect(turns.map((t) => [t.prompt, t.status])).toEqual(
      agentsRun
        ? [
            ['Hello there', 'done'],
            ['Wait for me [[mock:hang]]', 'cancelled'],
          ]
        : [],
    );

    expect(second.errors).toEqual([]);

    // An idle quit asks nothing and leaves nothing behind either.
    await answerQuitDialog(second.app, 1);
    const secondStarted = appProcesses(second.pid);
    await clickTrayItem(second.app, 'quit');
    expect(await waitExit(second)).toBe(0);
    expect(second.stderr()).not.toContain('smoke: quit dialog asked');
    await expect.poll(() => secondStarted.filter(processRunning), { timeout: 15_000 }).toEqual([]);
    if (process.platform === 'linux') await expect.poll(() => processesWorkingUnder(worldRoot), { timeout: 15_000 }).toEqual([]);
  });

  // Git prints Windows paths with forward slashes.
  const worktreeList = () => {
    const list = execFileSync('git', ['-C', repo, 'worktree', 'list', '--porcelain'], { encoding: 'utf8' });
    return process.platform === 'win32' ? list.replaceAll('/', '\\') : list;
  };
});
