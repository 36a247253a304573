import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, screenshot, type AppUnderTest } from '../support/browser';
import { makeRepo } from '../support/git-repo';

/**
 * The renderer against the real headless host: open a repo, work with chat tabs, see a named
 * error. Needs only repos and chats from the core.
 */
describe('renderer foundation', () => {
  let app: AppUnderTest;
  let repo: string;
  let notRepo: string;

  beforeAll(async () => {
    app = await startApp();
    repo = makeRepo(path.join(app.root, 'work', 'demo-repo'), { 'README.md': '# demo\n', 'src/index.ts': 'export const x = 1;\n' });
    notRepo = path.join(app.root, 'work', 'plain-folder');
    mkdirSync(notRepo, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens a repo, creates, switches and renames chats, and shows NotAGitRepo plainly', async () => {
    const { page } = app;
    await page.getByLabel('Repository folder').waitFor();
    await screenshot(page, '01-welcome');

    // A folder that is not a git repository: the core's named error, shown with what to do.
    await page.getByLabel('Repository folder').fill(notRepo);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const error = page.locator('[data-error-name="NotAGitRepo"]');
    await error.waitFor();
    expect(await error.textContent()).toContain('Not a git repository');
    await screenshot(page, '02-not-a-git-repo');

    // The browser host has no folder dialog: Browse… says so and leaves the path field.
    await page.getByRole('button', { name: 'Browse…' }).click();
    await page.getByText('This window has no folder dialog').waitFor();

    await page.getByLabel('Repository folder').fill(repo);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByText('No open chats').waitFor();
    expect(await page.getByLabel('Repository').inputValue()).not.toBe('');
    await screenshot(page, '03-repo-open-no-chats');

    // Two chats: the button and the keyboard shortcut.
    await page.getByRole('button', { name: 'New chat' }).first().click();
    await page.getByRole('tab', { name: /Chat 1/ }).waitFor();
    await page.locator('body').click();
    await page.keyboard.press('Control+t');
    await page.getByRole('tab', { name: /Chat 2/ }).waitFor();
    const tabs = page.getByRole('tablist', { name: 'Chats' }).getByRole('tab', { selected: true });
    expect(await tabs.count()).toBe(1);
    await expect.poll(() => page.locator('.tab--active .tab__title').textContent()).toBe('Chat 2');
    const chat2Id = await page.locator('.tab--active').getAttribute('data-chat-id');
    expect(await page.locator('section.chat').getAttribute('data-chat-id')).toBe(chat2Id);
    await screenshot(page, '04-two-chats');

    // Switching tabs by click and with Ctrl+Tab changes the active tab and the transcript shown.
    await page.getByRole('tab', { name: /Chat 1/ }).click();
    await expect.poll(() => page.locator('.tab--active .tab__title').textContent()).toBe('Chat 1');
    const chat1Id = await page.locator('.tab--active').getAttribute('data-chat-id');
    expect(chat1Id).not.toBe(chat2Id);
    expect(await page.locator('section.chat').getAttribute('data-chat-id')).toBe(chat1Id);
    await page.keyboard.press('Control+Tab');
    await expect.poll(() => page.locator('section.chat').getAttribute('data-chat-id')).toBe(chat2Id);
    await page.keyboard.press('Control+Shift+Tab');
    await expect.poll(() => page.locator('section.chat').getAttribute('data-chat-id')).toBe(chat1Id);

    // Rename by double-click; the new title survives a reload (it came from the core).
    await page.getByRole('tab', { name: /Chat 1/ }).dblclick();
    const input = page.getByLabel('Chat title');
    await input.fill('Refactor parser');
    await input.press('Enter');
    await page.getByRole('tab', { name: /Refactor parser/ }).waitFor();
    await screenshot(page, '05-renamed');
    // Unsent drafts, one per chat, survive the reload too (the window's storage keeps their text).
    await page.getByLabel('Prompt').fill('A draft for the parser chat,\non two lines');
    await page.getByRole('tab', { name: /Chat 2/ }).click();
    await expect.poll(() => page.locator('section.chat').getAttribute('data-chat-id')).toBe(chat2Id);
    await page.getByLabel('Prompt').fill('A draft for chat 2');
    await page.getByRole('tab', { name: /Refactor parser/ }).click();
    await expect.poll(() => page.getByLabel('Prompt').inputValue()).toBe('A draft for the parser chat,\non two lines');
    await page.reload();
    await page.getByRole('tab', { name: /Refactor parser/ }).waitFor();
    expect(await page.getByRole('tablist', { name: 'Chats' }).getByRole('tab').count()).toBe(2);
    await page.getByRole('tab', { name: /Refactor parser/ }).click();
    await expect.poll(() => page.getByLabel('Prompt').inputValue()).toBe('A draft for the parser chat,\non two lines');
    await page.getByRole('tab', { name: /Chat 2/ }).click();
    await expect.poll(() => page.getByLabel('Prompt').inputValue()).toBe('A draft for chat 2');
    // A cleared draft stays cleared.
    await page.getByLabel('Prompt').fill('');
    await page.waitForTimeout(500);
    await page.reload();
    await page.getByRole('tab', { name: /Chat 2/ }).click();
    await expect.poll(() => page.locator('section.chat').getAttribute('data-chat-id')).toBe(chat2Id);
    expect(await page.getByLabel('Prompt').inputValue()).toBe('');

    // The agents and settings views render from the core's data.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    await page.getByText('OpenCode').first().waitFor();
    await screenshot(page, '07-settings');

    // A custom ACP agent with a secret: the key is listed, the value never comes back.
    await page.getByRole('button', { name: 'Add a custom ACP agent…' }).click();
    const form = page.locator('form.agent-form');
    await form.getByLabel('Id').fill('my-agent');
    await form.getByLabel('Name').fill('My Agent');
    await form.getByLabel('Command').fill('/bin/cat');
    await form.getByLabel('Environment').fill('MY_TOKEN=s3cret-value');
    await form.getByRole('button', { name: 'Save' }).click();
    const custom = page.locator('.agent-list__item', { hasText: 'My Agent' });
    await custom.waitFor();
    expect(await custom.textContent()).toContain('MY_TOKEN');
    expect(await page.content()).not.toContain('s3cret-value');
    await screenshot(page, '07-settings-custom-agent');

    // An agent that cannot start: the turn fails with the core's named error, said plainly.
    await page.getByRole('button', { name: 'Add a custom ACP agent…' }).click();
    await form.getByLabel('Id').fill('broken');
    await form.getByLabel('Name').fill('Broken Agent');
    await form.getByLabel('Command').fill('/bin/false');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.locator('.agent-list__item', { hasText: 'Broken Agent' }).waitFor();
    await page.getByRole('button', { name: 'Chats' }).click();
    await page.getByLabel('Agent').selectOption('broken');
    await page.getByLabel('Prompt').fill('Hello?');
    await page.keyboard.press('Control+Enter');
    const failure = page.locator('article.turn .error-callout').first();
    await failure.waitFor({ timeout: 60_000 });
    expect(await failure.getAttribute('data-error-name')).toMatch(/^Agent/);
    expect(await failure.locator('.error-callout__hint').count()).toBe(1);
    await screenshot(page, '07-agent-start-failed');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Agents' }).click();
    await page.getByRole('heading', { name: 'Live sessions' }).waitFor();
    await screenshot(page, '08-agents');
    await page.getByRole('button', { name: 'Chats' }).click();
    await page.getByRole('tab', { name: /Refactor parser/ }).waitFor();

    // Closing a chat with nothing at risk archives it at once; the archived menu restores it.
    await page.getByRole('tab', { name: /Chat 2/ }).click();
    await page.getByRole('button', { name: 'Close Chat 2' }).click();
    await expect.poll(() => page.getByRole('tablist', { name: 'Chats' }).getByRole('tab').count()).toBe(1);
    await page.getByRole('button', { name: 'Archived (1)' }).click();
    await screenshot(page, '06-archived-menu');
    await page.getByRole('menuitem', { name: /Chat 2/ }).click();
    await page.getByRole('tab', { name: /Chat 2/ }).waitFor();
    await expect.poll(() => page.locator('.tab--active .tab__title').textContent()).toBe('Chat 2');

    // Dark theme follows the system.
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, '09-dark');
  });
});
