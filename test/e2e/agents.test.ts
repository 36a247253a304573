import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import { openInNewChat, showAppOnFailure, useAppOnRepo } from '../support/app-on-repo';

/**
 * The renderer with the real agents (opencode and qwen-code) against the mock LLM, through the
 * real headless host: stream, reasoning, a permission prompt, review and apply, agent switch.
 */
describe('renderer with real agents', () => {
  const ctx = useAppOnRepo({ repoDir: 'demo-repo', readme: 'demo' });

  const lastTurn = (page: Page) => page.locator('article.turn').last();
  const send = async (page: Page, agent: string, prompt: string) => {
    await page.getByLabel('Agent').selectOption(agent);
    await page.getByLabel('Prompt').fill(prompt);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => lastTurn(page).locator('.turn__prompt-text').textContent(), { timeout: 30_000 }).toBe(prompt);
  };
  const waitEnded = async (page: Page) => {
    await lastTurn(page).locator('[data-stop-reason]').waitFor({ timeout: 120_000 });
    return lastTurn(page).locator('[data-stop-reason]').getAttribute('data-stop-reason');
  };

  it('streams, asks, attributes, applies and resumes', async () => {
    const { app, repo } = ctx;
    const { page } = app;
    showAppOnFailure(app, 'failed-agents');
    await openInNewChat(page, repo);

    // 1. A streamed reply with reasoning: the reasoning shows once, folded after the answer.
    await send(page, 'opencode', 'Think first [[mock:reasoning]]');
    expect(await waitEnded(page)).toBe('end_turn');
    const turn1 = lastTurn(page);
    await expect.poll(() => turn1.locator('.md').textContent()).toContain('The answer is 42.');
    expect(await turn1.locator('.reasoning').count()).toBe(1);
    expect(await turn1.locator('.reasoning__text').textContent()).toBe('Let me think about this.');
    expect(await turn1.locator('.agent-badge').textContent()).toBe('opencode');
    await screenshot(page, '10-agents-streamed-reply');

    // 2. qwen, once live, offers its modes; in "default" mode it asks before writing, and the
    //    prompt is answered inline and resolves visibly.
    await send(page, 'qwen', 'Hello there');
    expect(await waitEnded(page)).toBe('end_turn');
    await page.getByLabel('Mode', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByLabel('Mode', { exact: true }).selectOption('default');
    await send(page, 'qwen', 'Write it [[mock:write:notes.txt:hello from qwen]]');
    const prompt = lastTurn(page).locator('.permission').first();
    await prompt.waitFor({ timeout: 120_000 });
    await screenshot(page, '11-agents-permission-prompt');
    await prompt.locator('.permission__options .button--primary').click();
    await lastTurn(page).locator('.permission--resolved').first().waitFor();
    expect(await waitEnded(page)).toBe('end_turn');

    // 3. The pending change, attributed to qwen, applied to the real checkout.
    const row = page.locator('.change-row[data-path="notes.txt"]');
    await row.waitFor({ timeout: 30_000 });
    expect(await row.locator('.agent-badge').textContent()).toBe('qwen');
    await page.locator('.d2h-file-wrapper').first().waitFor();
    await screenshot(page, '12-agents-pending-change');
    await page.getByRole('button', { name: 'Split' }).click();
    await page.locator('.d2h-file-side-diff').first().waitFor();
    await screenshot(page, '13-agents-split-diff');
    // opencode has not seen qwen's unapplied edit yet: the panel says so.
    await page.getByLabel('Agent').selectOption('opencode');
    const hint = page.getByTestId('handoff-hint');
    await hint.waitFor({ timeout: 30_000 });
    expect(await hint.textContent()).toContain('qwen');
    await page.getByRole('button', { name: /^Apply/ }).click();
    await page.getByText('Applied 1 file to your checkout.').waitFor();
    expect(readFileSync(`${repo}/notes.txt`, 'utf8').trim()).toBe('hello from qwen');

    // 4. Switch agent and back: qwen's own session is resumed.
    await send(page, 'opencode', 'Your turn');
    expect(await waitEnded(page)).toBe('end_turn');
    await page.getByLabel('Agent').selectOption('qwen');
    await expect.poll(() => page.getByTestId('session-chip').getAttribute('data-mode'), { timeout: 30_000 }).toBe('resumed');
    await send(page, 'qwen', 'And back to you');
    expect(await waitEnded(page)).toBe('end_turn');
    await expect.poll(() => lastTurn(page).locator('.turn-header').textContent()).toContain('session resumed');
    await screenshot(page, '14-agents-switch-back');

    // 5. Usage per agent in this chat.
    await page.getByRole('tab', { name: 'Usage' }).click();
    await page.locator('.usage__table tr[data-agent="qwen"]').waitFor();
    await page.locator('.usage__table tr[data-agent="opencode"]').waitFor();
    await screenshot(page, '15-agents-usage');

    // 6. The live sessions view.
    await page.getByRole('button', { name: 'Agents' }).click();
    await page.getByRole('heading', { name: 'Live sessions' }).waitFor();
    await page.locator('.table').first().waitFor();
    await screenshot(page, '16-agents-live-sessions');

    // 7. A slow turn, a second prompt queued behind it, Esc interrupts the running one.
    await page.getByRole('button', { name: 'Chats' }).click();
    await send(page, 'opencode', 'Take your time [[mock:slow]]');
    // Located by its prompt: "the last turn" moves on once the next prompt is sent.
    const slow = page.locator('article.turn', { has: page.locator('.turn__prompt-text', { hasText: 'Take your time' }) });
    await expect.poll(() => slow.locator('.md').textContent().catch(() => ''), { timeout: 60_000 }).toContain('chunk');
    await send(page, 'opencode', 'Then this');
    await page.getByTestId('queued').waitFor();
    await screenshot(page, '17-agents-queued');
    await page.locator('body').click();
    await page.keyboard.press('Escape');
    await expect.poll(() => slow.locator('[data-stop-reason]').getAttribute('data-stop-reason').catch(() => null), { timeout: 60_000 }).toBe('cancelled');
    expect(await waitEnded(page)).toBe('end_turn');
    expect(await page.getByTestId('queued').count()).toBe(0);

    // 8. A conflict with the user's own uncommitted file: refused, nothing changed, file named.
    await page.getByRole('tab', { name: /Changes/ }).click();
    await send(page, 'opencode', 'One more [[mock:write:later.txt:from opencode]]');
    expect(await waitEnded(page)).toBe('end_turn');
    const later = page.locator('.change-row[data-path="later.txt"]');
    await later.waitFor({ timeout: 30_000 });
    expect(await later.locator('.agent-badge').textContent()).toBe('opencode');
    writeFileSync(`${repo}/later.txt`, 'mine\n');
    await page.getByRole('button', { name: /^Apply/ }).click();
    const conflict = page.locator('[data-error-name="ApplyConflict"]');
    await conflict.waitFor();
    expect(await conflict.locator('.conflict-list').textContent()).toContain('later.txt');
    expect(readFileSync(`${repo}/later.txt`, 'utf8')).toBe('mine\n');
    await screenshot(page, '18-agents-apply-conflict');

    // 9. Closing the chat with that unapplied file: the guard lists it; "Archive anyway" forces.
    await page.locator('body').click();
    await page.keyboard.press('Control+w');
    const guard = page.getByRole('dialog');
    await guard.waitFor();
    expect(await guard.textContent()).toContain('later.txt');
    await screenshot(page, '19-agents-close-guard');
    await guard.getByRole('button', { name: 'Archive anyway' }).click();
    await page.getByText('No open chats').waitFor();

    // 10. Restored from the archived menu with its pending change intact.
    await page.getByRole('button', { name: /Archived/ }).click();
    await page.getByRole('menuitem', { name: /Chat 1/ }).click();
    await page.getByRole('tab', { name: /Chat 1/ }).waitFor();
    await page.locator('.change-row[data-path="later.txt"]').waitFor({ timeout: 30_000 });
    await screenshot(page, '20-agents-restored');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, '21-agents-dark');
  });
});
