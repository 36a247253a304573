import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import { git } from '../support/git-repo';
import { openInNewChat, showAppOnFailure, useAppOnRepo } from '../support/app-on-repo';

/**
 * From pending change to a pushed branch in the browser, with the real opencode against the mock
 * LLM and real git: a drafted message, a commit of some of the files, push to a bare remote,
 * then an update from a main branch that moved on.
 */
describe('renderer: commit, push and update', () => {
  /** The bare repository the chat's branch is pushed to. */
  let remote: string;
  const ctx = useAppOnRepo({
    repoDir: 'shop-repo',
    readme: 'shop',
    prepareRepo: async (repo, world) => {
      remote = path.join(await world.makeDir('remotes'), 'shop.git');
      git(path.dirname(remote), 'init', '-q', '--bare', remote);
      git(repo, 'remote', 'add', 'origin', remote);
      git(repo, 'push', '-q', 'origin', 'main');
    },
  });

  const lastTurn = (page: Page) => page.locator('article.turn').last();
  const send = async (page: Page, prompt: string) => {
    await page.getByLabel('Agent').selectOption('opencode');
    await page.getByLabel('Prompt').fill(prompt);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => lastTurn(page).locator('.turn__prompt-text').textContent(), { timeout: 30_000 }).toBe(prompt);
    await lastTurn(page).locator('[data-stop-reason]').waitFor({ timeout: 120_000 });
  };

  it('drafts a message, commits selected files, pushes, and updates from main', async () => {
    const { app, repo } = ctx;
    const { page } = app;
    showAppOnFailure(app, 'failed-shipping');
    await openInNewChat(page, repo);

    // A setup script for the repository's new worktrees, failing until a marker file exists.
    const marker = path.join(path.dirname(remote), 'setup-ok');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Setup script').fill(`echo "installing in $(basename "$PWD")"\ntest -f '${marker}' || { echo 'npm ERR! missing marker' >&2; exit 1; }\necho installed`);
    await page.getByRole('button', { name: 'Save setup' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('button', { name: 'Chats' }).click();
    await page.getByLabel('Prompt').waitFor();

    await page.getByLabel('Agent').selectOption('opencode');
    await page.getByLabel('Prompt').fill('Write the notes [[mock:write:notes.txt:hello from opencode]]');
    await page.keyboard.press('Control+Enter');
    const setup = page.locator('section.setup[data-setup-status="failed"]');
    await setup.waitFor({ timeout: 60_000 });
    expect(await lastTurn(page).locator('.turn__waiting').textContent()).toBe('The setup script failed: choose below whether to retry, continue or cancel.');
    expect(await setup.locator('.setup__log').textContent()).toMatch(/^installing in chat_\w+\nnpm ERR! missing marker\n$/);
    await screenshot(page, '60-shipping-setup-failed');
    writeFileSync(marker, '');
    await setup.getByRole('button', { name: 'Retry' }).click();
    await lastTurn(page).locator('[data-stop-reason]').waitFor({ timeout: 120_000 });
    expect(await page.locator('section.setup').count()).toBe(0);
    // The successful run's output stays, folded, until dismissed.
    const done = page.locator('details.setup[data-setup-status="succeeded"]');
    await done.locator('summary').click();
    expect(await done.locator('.setup__log').textContent()).toMatch(/installing in chat_\w+\ninstalled\n$/);
    await done.getByRole('button', { name: 'Dismiss' }).click();
    expect(await done.count()).toBe(0);

    await send(page, 'And a todo list [[mock:write:todo.txt:buy milk]]');
    await page.locator('.change-row[data-path="todo.txt"]').waitFor({ timeout: 30_000 });
    const branchName = page.locator('.branch__name');
    await expect.poll(() => branchName.textContent(), { timeout: 30_000 }).toMatch(/^boocoder\/chat_/);
    const branch = (await branchName.textContent())!;

    // A drafted message from a side session: the transcript does not grow.
    const turns = await page.locator('article.turn').count();
    await page.getByRole('button', { name: 'Draft with opencode' }).click();
    await expect.poll(() => page.getByLabel('Commit message').inputValue(), { timeout: 120_000 }).toBe('Hello from mock.');
    expect(await page.locator('article.turn').count()).toBe(turns);
    await screenshot(page, '61-shipping-drafted-message');

    // Commit only notes.txt, with the user's own message.
    await page.getByLabel('Commit message').fill('Add the notes');
    await page.locator('.change-row[data-path="todo.txt"] input[type="checkbox"]').uncheck();
    await page.getByRole('button', { name: 'Commit 1' }).click();
    await page.getByText(/Committed 1 file as [0-9a-f]{8} \(Agents: opencode\)\./).waitFor();
    await page.getByTestId('unpushed').waitFor();
    expect(await page.getByTestId('unpushed').textContent()).toBe('1 unpushed');
    await expect.poll(() => page.locator('.change-row').count()).toBe(1);
    expect(await page.locator('.change-row').getAttribute('data-path')).toBe('todo.txt');
    await screenshot(page, '62-shipping-committed');

    await page.getByRole('button', { name: 'Push', exact: true }).click();
    await page.getByText(`Pushed ${branch} to origin.`).waitFor({ timeout: 60_000 });
    await page.getByText('pushed to origin', { exact: true }).waitFor();
    expect(git(remote, 'log', '-1', '--format=%B', branch)).toBe('Add the notes\n\nAgents: opencode');
    expect(git(remote, 'show', `${branch}:notes.txt`)).toBe('hello from opencode');
    expect(git(remote, 'ls-tree', '--name-only', branch)).not.toContain('todo.txt');
    await page.getByRole('button', { name: /Open in/ }).click();
    await page.getByRole('menuitem', { name: 'Copy path' }).waitFor();
    await screenshot(page, '63-shipping-pushed-open-in');
    await page.getByRole('menuitem', { name: 'Copy path' }).click();
    const wt = path.join(app.dataDir, 'worktrees', branch.replace('boocoder/', ''));
    await page.getByText(`Copied ${wt}`).waitFor();

    // main moves on in the user's checkout; back in the window, the chat offers to follow it.
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'main moves on');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'and again');
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.getByText('has 2 new commits').waitFor();
    await screenshot(page, '64-shipping-update-from-main');
    await page.getByRole('button', { name: 'Update from main' }).click();
    await page.getByText('Up to date with main (merged).').waitFor({ timeout: 60_000 });
    expect(git(wt, 'log', '-1', '--format=%s')).toBe(`Merge branch 'main' into ${branch}`);
    expect(existsSync(path.join(wt, 'todo.txt'))).toBe(true);
    expect(await page.locator('.change-row').getAttribute('data-path')).toBe('todo.txt');
    expect(await page.getByTestId('unpushed').textContent()).toBe('1 unpushed');

    // main adds its own todo.txt: the update refuses, names the file and changes nothing.
    writeFileSync(path.join(repo, 'todo.txt'), 'sell milk\n');
    git(repo, 'add', 'todo.txt');
    git(repo, 'commit', '-q', '-m', 'a todo of its own');
    const head = git(wt, 'rev-parse', 'HEAD');
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.getByText('has 1 new commit').waitFor();
    await page.getByRole('button', { name: 'Update from main' }).click();
    const conflict = page.locator('[data-error-name="UpdateConflict"]');
    await conflict.waitFor({ timeout: 60_000 });
    expect(await conflict.locator('.conflict-list').textContent()).toBe('todo.txt');
    expect(git(wt, 'rev-parse', 'HEAD')).toBe(head);
    expect(readFileSync(path.join(wt, 'todo.txt'), 'utf8')).toBe('buy milk');
    expect(await page.locator('.change-row').getAttribute('data-path')).toBe('todo.txt');

    // A GitHub remote (pushing to the bare one): gh is absent, or at least not signed in under the
    // host's isolated HOME, so the pull request button pushes and hands over GitHub's compare page.
    git(repo, 'remote', 'add', 'github', 'git@github.com:acme/shop.git');
    git(repo, 'remote', 'set-url', '--push', 'github', remote);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.getByLabel('Remote').selectOption('github');
    await page.getByRole('button', { name: 'Pull request' }).click();
    await page.getByLabel('Pull request title').fill('Add the notes');
    await page.getByRole('button', { name: 'Open pull request' }).click();
    const link = page.getByRole('link', { name: 'Open the pull request page' });
    await link.waitFor({ timeout: 60_000 });
    expect(await link.getAttribute('href')).toBe(`https://github.com/acme/shop/compare/main...${branch}?expand=1`);
    await page.getByText('Pushed. Open the pull request on its page (gh is not installed or signed in here).').waitFor();
  });
});
