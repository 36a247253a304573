import { describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { openInNewChat, showAppOnFailure, useAppOnRepo } from '../support/app-on-repo';

/**
 * The sandbox as the user sees it, through the real host with real qwen-code: every agent says
 * whether it is sandboxed; turning it off warns first; a write outside the worktree asks with the
 * path named, and a refused one leaves nothing behind.
 */
describe('the write sandbox in the window', () => {
  const ctx = useAppOnRepo({ repoDir: 'demo-repo', readme: 'demo' });

  it('shows each agent sandboxed, asks before a write outside the worktree, and warns before the sandbox is turned off', async () => {
    const { app, repo, world } = ctx;
    const { page } = app;
    showAppOnFailure(app, 'failed-sandbox');
    await openInNewChat(page, repo);

    // A write outside the worktree: qwen (in its asking mode) asks, and the prompt names the path.
    const outside = `${world.env.HOME}/outside.txt`;
    await page.getByLabel('Agent').selectOption('qwen');
    await page.getByLabel('Prompt').fill(`Write there [[mock:write:${outside}:escaped]]`);
    await page.keyboard.press('Control+Enter');
    const prompt = page.locator('article.turn').last().locator('.permission').first();
    await prompt.waitFor({ timeout: 120_000 });
    await expect.poll(() => prompt.textContent()).toContain(`Outside the worktree: ${outside}`);
    await screenshot(page, '70-sandbox-outside-prompt');
    await prompt.getByRole('button', { name: /reject|cancel/i }).first().click();
    await page.locator('article.turn').last().locator('[data-stop-reason]').waitFor({ timeout: 120_000 });

    // Settings: every agent is sandboxed here.
    await page.getByRole('button', { name: 'Settings' }).click();
    const qwenRow = page.locator('.agent-list__item', { hasText: 'Qwen Code' });
    await expect.poll(() => qwenRow.locator('.badge--ok').textContent()).toBe('sandboxed');
    expect(await page.locator('.agent-list__item .badge--warn').count()).toBe(0);
    await screenshot(page, '71-settings-agents-sandboxed');

    // Turning it off shows what that means before anything is saved.
    await qwenRow.getByRole('button', { name: 'Configure' }).click();
    const box = qwenRow.getByRole('checkbox', { name: /write sandbox/ });
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await expect.poll(() => qwenRow.getByRole('alert').textContent()).toContain('can write anywhere your user account can');
    await qwenRow.getByRole('button', { name: 'Save' }).scrollIntoViewIfNeeded();
    await screenshot(page, '72-settings-sandbox-off-warning');
    await qwenRow.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => qwenRow.locator('.badge--warn').textContent()).toBe('not sandboxed');
    await expect.poll(() => qwenRow.textContent()).toContain('Turned off in Settings');

    // The agents view lists the sandbox per agent, the one turned off among them.
    await page.getByRole('button', { name: 'Agents' }).click();
    const table = page.getByRole('table', { name: 'Sandbox per agent' });
    await expect.poll(() => table.locator('tr', { hasText: 'Qwen Code' }).textContent()).toContain('not sandboxed');
    await expect.poll(() => table.locator('tr', { hasText: 'OpenCode' }).first().textContent()).toContain('sandboxed');
    // Codex runs one process per chat in the sandbox, and says so; Claude Code keeps one (its CLI per session is confined).
    await expect.poll(() => table.locator('tr', { hasText: 'Codex' }).textContent()).toContain('one process per chat');
    expect(await table.locator('tr', { hasText: 'Claude Code' }).textContent()).not.toContain('one process per chat');
    await screenshot(page, '73-agents-sandbox-table');
  });
});
