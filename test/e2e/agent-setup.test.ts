import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startApp, type AppUnderTest } from '../support/browser';
import { makeRepo } from '../support/git-repo';

/**
 * First run in the browser, as a packaged app would find things (no bundled agents): qwen and
 * opencode on PATH (qwen with a key, opencode without), an outdated Claude Code in BooCoder's own
 * folder, Codex and Gemini not installed. The welcome screen says which are ready; Claude gets
 * a key and is updated to the pinned version from the npm registry through the window; opening
 * a repo preselects the first ready agent; the favicon and browser-safe shortcuts work.
 */
const REPO = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(REPO, 'node_modules', '.bin');

/** The machine's npm trust settings, which the isolated HOME lacks (a user's own ~/.npmrc has them). */
function npmTrust(): NodeJS.ProcessEnv {
  const cafile = execFileSync('npm', ['config', 'get', 'cafile'], { encoding: 'utf8' }).trim();
  return {
    ...(cafile && cafile !== 'null' && cafile !== 'undefined' ? { npm_config_cafile: cafile } : {}),
    ...(process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {}),
  };
}

describe('first run: agents found, ready or not, installed and signed in from the window', () => {
  let app: AppUnderTest;
  let userBin: string;

  beforeAll(async () => {
    const scratch = path.join(REPO, 'test-output', `agent-setup-bin-${process.pid}`);
    userBin = scratch;
    mkdirSync(userBin, { recursive: true });
    for (const name of ['qwen', 'opencode']) {
      try {
        symlinkSync(path.join(BIN, name), path.join(userBin, name));
      } catch {
        // Left from an earlier run.
      }
    }
    app = await startApp({ args: ['--no-bundled-agents'], env: { PATH: `${userBin}:/usr/bin:/bin`, DASHSCOPE_API_KEY: 'dash-key', ...npmTrust() } });
    // An older Claude Code in BooCoder's own folder (what an earlier BooCoder installed).
    const prefix = path.join(app.dataDir, 'agents', 'zed-industries+claude-agent-acp');
    const pkg = path.join(prefix, 'node_modules', '@zed-industries', 'claude-agent-acp');
    mkdirSync(path.join(pkg, 'dist'), { recursive: true });
    writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@zed-industries/claude-agent-acp', version: '0.22.0', bin: { 'claude-agent-acp': 'dist/index.js' } }));
    writeFileSync(path.join(pkg, 'dist', 'index.js'), `#!/usr/bin/env node\nawait import(${JSON.stringify(path.join(REPO, 'node_modules', '@zed-industries', 'claude-agent-acp', 'dist', 'index.js'))});\n`, { mode: 0o755 });
    mkdirSync(path.join(prefix, 'node_modules', '.bin'), { recursive: true });
    symlinkSync('../@zed-industries/claude-agent-acp/dist/index.js', path.join(prefix, 'node_modules', '.bin', 'claude-agent-acp'));
    await app.page.reload();
  });

  afterAll(async () => {
    await app?.close();
    execFileSync('rm', ['-rf', userBin]);
  });

  const row = (name: string) => app.page.locator('.agent-list__item', { has: app.page.locator('strong', { hasText: new RegExp(`^${name}$`) }) }).first();

  it('the welcome screen lists every agent, ready or not, where it was found and its version', async () => {
    const { page } = app;
    await row('Qwen Code').locator('[data-readiness="ready"]').waitFor();
    expect(await row('Qwen Code').textContent()).toContain('PATH · v0.24.4');
    expect(await row('OpenCode').locator('[data-readiness]').getAttribute('data-readiness')).toBe('needs-sign-in');
    expect(await row('Claude Code').textContent()).toContain('BooCoder’s install · v0.22.0');
    expect(await row('Claude Code').getByRole('button', { name: 'Update to v0.23.1' }).count()).toBe(1);
    expect(await row('Codex').locator('[data-readiness]').getAttribute('data-readiness')).toBe('not-installed');
    expect(await row('Codex').getByRole('button', { name: 'Install v0.16.0' }).count()).toBe(1);
    // Goose is not on npm: no install button, the reason says what to do.
    expect(await row('Goose').getByRole('button', { name: /Install/ }).count()).toBe(0);
    expect(await page.locator('.welcome__section').textContent()).toContain('1 of 7 ready');
    await screenshot(page, '55-welcome-agents');
  });

  it('Claude Code: its sign-in methods by name, the exact login command in a browser, and a key that signs it in', async () => {
    const { page } = app;
    await row('Claude Code').getByRole('button', { name: 'Sign in' }).click();
    const panel = page.getByLabel('Sign in to Claude Code');
    await panel.getByText('Log in with Claude').waitFor({ timeout: 60_000 });
    expect(await panel.locator('.signin__command').textContent()).toMatch(/claude-agent-acp --cli \/login$/);
    await screenshot(page, '56-welcome-sign-in');
    const secret = 'sk-ant-e2e-secret-value';
    await panel.getByLabel('API key (ANTHROPIC_API_KEY)').fill(secret);
    await panel.getByRole('button', { name: 'Save key' }).click();
    await row('Claude Code').locator('[data-readiness="ready"]').waitFor();
    await panel.getByText('key set').waitFor();
    expect(await page.content()).not.toContain(secret);
  });

  it('Update installs the pinned version from the npm registry into BooCoder’s folder, with npm’s log', async () => {
    const { page } = app;
    await row('Claude Code').getByRole('button', { name: 'Close sign-in' }).click();
    await row('Claude Code').getByRole('button', { name: 'Update to v0.23.1' }).click();
    await row('Claude Code').locator('.install-log__lines', { hasText: 'http fetch' }).waitFor({ timeout: 60_000 });
    await screenshot(page, '57-install-log');
    await row('Claude Code').getByText('BooCoder’s install · v0.23.1').waitFor({ timeout: 240_000 });
    expect(await row('Claude Code').getByRole('button', { name: /Update/ }).count()).toBe(0);
    expect(await row('Claude Code').getByRole('button', { name: 'Remove' }).count()).toBe(1);
  });

  it('opening a repo preselects the first ready agent; Alt+N and Alt+] work where Chrome keeps Ctrl+T and Ctrl+Tab', async () => {
    const { page } = app;
    const repo = makeRepo(path.join(app.root, 'work', 'setup-repo'));
    await page.getByLabel('Repository folder').fill(repo);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('button', { name: /^New chat/ }).last().click();
    const picker = page.getByLabel('Agent', { exact: true });
    await picker.waitFor();
    // OpenCode comes first but needs a sign-in; Claude Code is the first ready one.
    expect(await picker.inputValue()).toBe('claude-code');

    const tabs = page.locator('.tabs [role="tab"]');
    const before = await tabs.count();
    await page.keyboard.press('Alt+N');
    await expect.poll(() => tabs.count()).toBe(before + 1);
    const selected = () => page.locator('.tabs [role="tab"][aria-selected="true"]').getAttribute('data-chat-id');
    const first = await selected();
    await page.keyboard.press('Alt+]');
    await expect.poll(selected).not.toBe(first);
    expect(await page.getByRole('button', { name: 'New chat' }).getAttribute('title')).toBe('New chat — Alt+N');
  });

  it('Settings lists the agents with where they were found; opencode lists its providers and which have credentials', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
    await screenshot(page, '58-settings-agents');
    await row('OpenCode').getByRole('button', { name: 'Sign in' }).click();
    const panel = page.getByLabel('Sign in to OpenCode');
    await panel.locator('.signin__providers').waitFor();
    expect(await panel.locator('.signin__providers').textContent()).toContain('no login, ANTHROPIC_API_KEY not set');
    expect(await panel.locator('.signin__command').textContent()).toMatch(/opencode auth login$/);
    // A key per provider: saved in the core, the provider then counts as signed in.
    await panel.getByLabel('openai API key (OPENAI_API_KEY)').fill('sk-openai-e2e-secret');
    await panel.getByLabel('openai API key (OPENAI_API_KEY)').press('Enter');
    await panel.locator('.signin__providers tr', { hasText: 'openai' }).getByText('OPENAI_API_KEY', { exact: true }).waitFor();
    await row('OpenCode').locator('[data-readiness="ready"]').waitFor();
    expect(await page.content()).not.toContain('sk-openai-e2e-secret');
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, '59-opencode-providers');
  });

  it('the app icon is the favicon: /favicon.ico and the page’s icon answer 200', async () => {
    const origin = new URL(app.url).origin;
    for (const file of ['/favicon.ico', '/favicon.png']) {
      const res = await fetch(origin + file);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toMatch(/^image\//);
    }
    expect(await app.page.locator('link[rel="icon"]').getAttribute('href')).toBe('./favicon.png');
  });
});
