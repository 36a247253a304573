import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsScreenshot, startApp, type AppUnderTest } from '../support/browser';

/**
 * A host started the way a launcher starts the desktop app (`--login-shell-env`), for a user
 * whose login shell's startup file fails: the window says so. Then Claude Code, which needs a
 * sign-in, shows its login command for a terminal (the headless host opens none); the login
 * itself is faked by writing the file Claude Code's /login leaves, and the window checks again
 * when it gets the focus back.
 */
describe('a desktop start: the shell environment notice, and a sign-in checked again on return', () => {
  let app: AppUnderTest;
  let home: string;

  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'boocoder-e2e-home-'));
    writeFileSync(path.join(home, '.bash_profile'), 'echo "Welcome back"\nexit 3\n');
    app = await startApp({ args: ['--login-shell-env'], env: { HOME: home, SHELL: '/bin/bash' } });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('says that the shell environment could not be read, and why, with no error in the page; Dismiss hides it', async () => {
    const { page } = app;
    // Loaded again with a listener in place: the page logs no error (a missing favicon once did).
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.reload();
    const notice = page.locator('[data-error-name="ShellEnvironment"]');
    await notice.waitFor({ timeout: 30_000 });
    await page.getByText(/^\d+ of \d+ ready$/).waitFor();
    expect(errors).toEqual([]);
    expect(await notice.textContent()).toMatch(/Your shell environment was not read.*could not be read from \/bin\/bash/);
    await docsScreenshot(page, '78-environment-notice');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => notice.count()).toBe(0);
  });

  it('shows the login command for a terminal, and checks again when the window gets the focus back', async () => {
    const { page } = app;
    const row = page.locator('.agent-list__item', { has: page.locator('strong', { hasText: /^Claude Code$/ }) }).first();
    await row.locator('[data-readiness="needs-sign-in"]').waitFor({ timeout: 30_000 });
    await row.getByRole('button', { name: 'Sign in' }).click();
    const panel = page.getByLabel('Sign in to Claude Code');
    await expect.poll(() => panel.locator('.signin__command').textContent(), { timeout: 60_000 }).toMatch(/claude-agent-acp --cli \/login$/);
    // The user runs it in a terminal of their own and logs in (what Claude Code's /login leaves behind).
    mkdirSync(path.join(home, '.claude'), { recursive: true });
    writeFileSync(path.join(home, '.claude', '.credentials.json'), JSON.stringify({ claudeAiOauth: { accessToken: 'e2e-token' } }));
    // Nothing has told the window yet: it still says so until it is back in focus.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await row.locator('[data-readiness="needs-sign-in"]').count()).toBe(1);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await row.locator('[data-readiness="ready"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => panel.textContent()).not.toContain('Not signed in');
  });
});
