import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { docsScreenshot, startApp } from '../support/browser';
import { openInNewChat, showAppOnFailure, useAppOnRepo } from '../support/app-on-repo';

/**
 * The composer's pre-warm state with the real qwen-code through the real headless host: choosing
 * the agent in a new chat warms it up in the background (shown), then says it is ready, the first
 * turn runs on that session, and the agents view shows memory against the budget. The failed and
 * skipped states, hard to reach with a real agent on cue, are shown on the harness page.
 */
describe('pre-warm in the composer', () => {
  const ctx = useAppOnRepo({ repoDir: 'prewarm-repo', readme: 'prewarm demo' });

  const badge = (page: Page) => page.getByTestId('prewarm');

  it('warms qwen-code while the user types, then the first turn runs on it', async () => {
    const { app, repo } = ctx;
    const { page } = app;
    showAppOnFailure(app, 'failed-prewarm');
    await openInNewChat(page, repo);

    await page.getByLabel('Agent').selectOption('qwen');
    // qwen takes seconds to answer initialize: the composer says it is warming up meanwhile.
    await expect.poll(() => badge(page).getAttribute('data-state'), { timeout: 10_000 }).toBe('warming');
    await page.getByLabel('Prompt').pressSequentially('Summarise the README');
    await docsScreenshot(page, '65-e2e-prewarm-warming');
    await expect.poll(() => badge(page).getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');
    expect(await badge(page).textContent()).toContain('Ready');
    await docsScreenshot(page, '66-e2e-prewarm-ready');

    // The agents view: the pre-warmed session, and memory against the default 2 GB budget.
    await page.getByRole('button', { name: 'Agents' }).click();
    await page.getByRole('heading', { name: 'Live sessions' }).waitFor();
    await expect.poll(() => page.locator('.table').first().textContent()).toContain('pre-warmed');
    await expect.poll(() => page.getByTestId('memory-meter').textContent()).toMatch(/of 2(\.0)? GB budget/);
    await docsScreenshot(page, '67-e2e-agents-memory-budget');
    await page.getByRole('button', { name: 'Chats' }).click();

    await page.getByLabel('Prompt').fill('Summarise the README [[mock:reply:It is a demo.]]');
    await page.keyboard.press('Control+Enter');
    const stop = page.locator('article.turn').last().locator('[data-stop-reason]');
    await stop.waitFor({ timeout: 120_000 });
    expect(await stop.getAttribute('data-stop-reason')).toBe('end_turn');
    // The first turn found the pre-warmed session: a new session, live already (no spawn in the turn).
    await expect.poll(() => page.getByTestId('session-chip').getAttribute('data-mode')).toBe('resumed');
  });

  it('shows a pre-warm that failed before anything is sent, and one skipped under memory pressure', async () => {
    const harness = await startApp({ query: 'harness=1&agent=qwen&prewarm=failed' });
    try {
      const { page } = harness;
      await page.getByLabel('Prompt').waitFor();
      await expect.poll(() => badge(page).getAttribute('data-state')).toBe('failed');
      expect(await badge(page).textContent()).toContain('could not start');
      await docsScreenshot(page, '68-prewarm-failed');
      await page.goto(harness.url.replace('prewarm=failed', 'prewarm=skipped'));
      await page.getByLabel('Prompt').waitFor();
      await expect.poll(() => badge(page).getAttribute('data-state')).toBe('skipped');
      expect(await badge(page).getAttribute('title')).toContain('memory budget');
      await docsScreenshot(page, '68b-prewarm-skipped');
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByLabel('Memory budget for agents in MB').waitFor();
      expect(await page.getByLabel('Memory budget for agents in MB').inputValue()).toBe('2048');
      await docsScreenshot(page, '69-settings-memory-budget');
    } finally {
      await harness.close();
    }
  });
});
