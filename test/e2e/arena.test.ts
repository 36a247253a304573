import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openInNewChat, showAppOnFailure } from '../support/app-on-repo';
import { docsScreenshot, startApp, type AppUnderTest } from '../support/browser';
import { makeRepo } from '../support/git-repo';
import { startMockLlm, type MockLlm } from '../support/mock-llm';
import { configureOpencodeAsking, configureQwen, makeAgentWorld } from '../integration/agents/agent-world';
import type { AgentWorld } from '../integration/agents/agent-conformance';

/**
 * The arena in the browser with the real opencode and qwen-code against the mock LLM, through the
 * real headless host: started from the composer with two agents picked, both streaming side by
 * side, opencode's permission prompt answered in its own column, the diffs once they end, a pick
 * that lands in the transcript and the changes panel, a contestant cancelled, a discard that
 * asks first when contestants changed files, and the repository's setup script in each
 * contestant's worktree, a failed one retried in its own column.
 */

const NAMES: Record<string, string> = { opencode: 'OpenCode', qwen: 'Qwen Code' };

describe('the arena view with real agents', () => {
  let llm: MockLlm;
  let world: AgentWorld;
  let app: AppUnderTest;
  let page: Page;

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await makeAgentWorld(llm, [configureOpencodeAsking, configureQwen]);
    const repo = await world.makeDir('arena-repo');
    makeRepo(repo, { 'README.md': '# arena demo\n', 'src/greet.ts': 'export const greet = (name: string) => `hi ${name}`;\n' });
    app = await startApp({ env: world.env });
    page = app.page;
    await page.setViewportSize({ width: 1440, height: 900 });
    await openInNewChat(page, repo);
  });
  afterAll(async () => {
    await app?.close();
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  const column = (agent: string) => page.locator(`.arena-col[data-agent="${agent}"]`);
  const startArena = async (prompt: string, agents: string[], shotName?: string) => {
    await page.getByLabel('Prompt').fill(prompt);
    await page.getByRole('button', { name: 'Arena', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Arena' });
    for (const a of agents) await dialog.getByLabel(NAMES[a]!, { exact: true }).check();
    if (shotName) {
      // Each agent picked is prepared while the launcher is open: its own copy and session, ready before the start.
      await expect.poll(() => dialog.locator('[data-testid="prewarm"][data-state="ready"]').count(), { timeout: 60_000 }).toBe(agents.length);
      // An agent that is not installed here (goose) says so in a word; the whole reason is its tooltip.
      const goose = dialog.locator('label', { hasText: 'Goose' });
      expect(await goose.textContent()).toContain('— not installed');
      expect(await goose.getAttribute('title')).toMatch(/not found on PATH/);
      await docsScreenshot(page, shotName);
    }
    await dialog.getByRole('button', { name: /Start arena with/ }).click();
    await page.locator('.arena').waitFor();
  };
  const openAsk = (agent: string) => column(agent).locator('.permission:not(.permission--resolved) .permission__options .button--primary');
  /** Waits for the contestant to end, allowing in its own column whatever it asks meanwhile. */
  const waitEnded = async (agent: string, ms = 120_000) => {
    const deadline = Date.now() + ms;
    while (!/done|failed|cancelled|interrupted/.test((await column(agent).getAttribute('data-status')) ?? '')) {
      if (Date.now() > deadline) throw new Error(`${agent} did not end within ${ms} ms`);
      const ask = openAsk(agent).first();
      if (await ask.count()) await ask.click().catch(() => undefined);
      await page.waitForTimeout(200);
    }
  };

  it('start from the composer, stream side by side, answer a contestant’s permission, see the diffs, pick one', async () => {
    showAppOnFailure(app, 'failed-arena-pick');
    await startArena('Write a plan, each in your own file. [[mock:write:plans/{dir}.md:# Plan by {dir}\\n\\n1. Read greet.ts\\n2. Add a test]]', ['opencode', 'qwen'], '50-arena-launcher');
    await expect.poll(() => page.locator('.arena-col').count()).toBe(2);
    // opencode asks before it writes: the prompt is in its own column and answered there.
    await openAsk('opencode').first().waitFor({ timeout: 120_000 });
    await openAsk('qwen').first().waitFor({ timeout: 120_000 });
    await docsScreenshot(page, '51-arena-permission');
    // Answered per contestant: opencode's first, qwen's still waits.
    await openAsk('opencode').first().click();
    await expect.poll(() => column('opencode').locator('.permission:not(.permission--resolved)').count()).toBe(0);
    expect(await column('qwen').locator('.permission:not(.permission--resolved)').count()).toBe(1);
    await waitEnded('opencode');
    await waitEnded('qwen');
    for (const agent of ['opencode', 'qwen']) {
      await expect.poll(() => column(agent).locator('[data-testid="arena-files"]').textContent(), { timeout: 30_000 }).toContain(`plans/${agent}.md`);
      await expect.poll(() => column(agent).locator('.diff-view').textContent(), { timeout: 30_000 }).toContain(`Plan by ${agent}`);
      await expect.poll(() => column(agent).locator('.turn-header').textContent(), { timeout: 30_000 }).toContain('in ·');
    }
    await expect.poll(() => page.locator('.arena').getAttribute('data-status')).toBe('done');
    // qwen reports its model by id ("$runtime|openai|mock-model(openai)"); the column names it as its options do.
    await expect.poll(() => column('qwen').getByTestId('turn-model').textContent(), { timeout: 10_000 }).toBe('mock-model');
    await docsScreenshot(page, '52-arena-done');
    // Too narrow for both columns, the grid scrolls sideways: each diff's line numbers move with their column.
    await page.setViewportSize({ width: 900, height: 900 });
    const drift = await page.evaluate(() => {
      const grid = document.querySelector<HTMLElement>('.arena__grid')!;
      const offsets = () =>
        [...document.querySelectorAll<HTMLElement>('.arena-col .diff-view')].flatMap((view) =>
          [...view.querySelectorAll<HTMLElement>('.d2h-code-linenumber')].map((n) => n.getBoundingClientRect().left - view.getBoundingClientRect().left),
        );
      grid.scrollLeft = 0;
      const before = offsets();
      grid.scrollLeft = grid.scrollWidth;
      const after = offsets();
      return { scrolled: grid.scrollLeft, numbers: before.length, moved: after.map((x, i) => Math.abs(x - before[i]!)).filter((d) => d > 1) };
    });
    expect(drift.scrolled).toBeGreaterThan(0);
    expect(drift.numbers).toBeGreaterThan(0);
    expect(drift.moved).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });

    await column('opencode').getByRole('button', { name: 'Pick opencode' }).click();
    await page.locator('.arena').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('arena-win').textContent(), { timeout: 30_000 }).toContain('picked over qwen');
    await expect.poll(() => page.locator('.changes').textContent(), { timeout: 30_000 }).toContain('plans/opencode.md');
    await expect.poll(() => page.locator('.changes').textContent()).not.toContain('plans/qwen.md');
    await docsScreenshot(page, '53-arena-picked');

    // The loser comes back from the arena's record: the marker opens the closed arena, whose
    // loser has a Restore button; its file lands in the chat next to the winner's.
    await page.getByTestId('arena-win').getByRole('button', { name: 'View arena' }).click();
    await expect.poll(() => page.locator('.arena').getAttribute('data-status'), { timeout: 30_000 }).toBe('picked');
    expect(await column('opencode').getByRole('button', { name: /Restore/ }).count()).toBe(0);
    await column('qwen').getByRole('button', { name: 'Restore qwen' }).click();
    await expect.poll(() => column('qwen').locator('.arena-col__actions').textContent(), { timeout: 30_000 }).toContain('restored');
    expect(await column('qwen').getByRole('button', { name: 'Restore qwen' }).count()).toBe(0);
    await expect.poll(() => page.locator('.changes').textContent(), { timeout: 30_000 }).toContain('plans/qwen.md');
    await docsScreenshot(page, '74-arena-restored');
    await page.getByRole('button', { name: 'Back to chat' }).click();
    await expect.poll(() => page.getByTestId('arena-win').last().textContent(), { timeout: 30_000 }).toContain('Restored from an arena against opencode');
    await page.getByTestId('arena-strip').getByText('Past arenas (1)').click();
    await expect.poll(() => page.getByTestId('arena-strip').textContent()).toContain('opencode picked');
    await docsScreenshot(page, '75-arena-past');
  }, 300_000);

  it('cancel one contestant while the other streams; discard asks first when contestants changed files', async () => {
    showAppOnFailure(app, 'failed-arena-cancel-discard');
    if (await page.locator('.arena').count()) await page.getByRole('button', { name: 'Back to chat' }).click();
    await startArena('Take your time. [[mock:slow]]', ['opencode', 'qwen']);
    await expect.poll(() => column('qwen').locator('.arena-col__stream').textContent(), { timeout: 120_000 }).toContain('chunk2');
    await column('qwen').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => column('qwen').getAttribute('data-status'), { timeout: 30_000 }).toBe('cancelled');
    // The other goes on: started (its own worktree and session may come up after qwen's) and running.
    await expect.poll(() => column('opencode').getAttribute('data-status'), { timeout: 60_000 }).toBe('running');
    await page.getByRole('button', { name: 'Cancel all' }).click();
    await waitEnded('opencode', 30_000);
    await page.getByRole('button', { name: 'Discard all' }).click();
    await page.locator('.arena').waitFor({ state: 'detached' });

    await startArena('Each write a draft. [[mock:write:draft-{dir}.txt:draft by {dir}]]', ['opencode', 'qwen']);
    await waitEnded('opencode');
    await waitEnded('qwen');
    await page.getByRole('button', { name: 'Discard all' }).click();
    const risk = page.getByRole('alertdialog', { name: 'Discard the arena?' });
    await expect.poll(() => risk.textContent(), { timeout: 30_000 }).toContain('draft-opencode.txt');
    await docsScreenshot(page, '54-arena-discard-at-risk');
    await risk.getByRole('button', { name: 'Discard anyway' }).click();
    await page.locator('.arena').waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.changes').textContent()).not.toContain('draft-');
  }, 300_000);

  it('the repository’s setup script runs in each contestant’s worktree; a failed one waits in its own column for retry, continue or cancel', async () => {
    showAppOnFailure(app, 'failed-arena-setup');
    if (await page.locator('.arena').count()) await page.getByRole('button', { name: 'Back to chat' }).click();
    // Fails in qwen's worktree until a marker file exists; succeeds in opencode's.
    const marker = path.join(await world.makeDir('setup-marker'), 'ok');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page
      .getByLabel('Setup script')
      .fill(`echo "installing in $(basename "$PWD")"\nif [ "$(basename "$PWD")" = qwen ] && [ ! -e '${marker}' ]; then echo 'npm ERR! missing marker' >&2; exit 1; fi\necho installed`);
    await page.getByRole('button', { name: 'Save setup' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('button', { name: 'Chats' }).click();
    await page.getByLabel('Prompt').waitFor();

    await startArena('Write a note. [[mock:write:notes/{dir}.md:note by {dir}]]', ['opencode', 'qwen']);
    const failed = column('qwen').locator('section.setup[data-setup-status="failed"]');
    await failed.waitFor({ timeout: 60_000 });
    expect(await failed.locator('.setup__log').textContent()).toBe('installing in qwen\nnpm ERR! missing marker\n');
    expect(await failed.getByRole('button').allTextContents()).toEqual(['Retry', 'Continue without it', 'Cancel qwen']);
    // The other contestant is not held up: set up, it works and ends while qwen waits.
    await waitEnded('opencode');
    expect(await column('opencode').locator('details.setup[data-setup-status="succeeded"] .setup__log').textContent()).toBe('installing in opencode\ninstalled\n');
    await expect.poll(() => column('opencode').locator('[data-testid="arena-files"]').textContent(), { timeout: 30_000 }).toContain('notes/opencode.md');
    expect(await column('qwen').getAttribute('data-status')).toBe('queued');
    expect(await column('qwen').locator('.turn-header .badge').first().textContent()).toBe('setup failed');
    await docsScreenshot(page, '76-arena-setup-failed');

    writeFileSync(marker, '');
    await failed.getByRole('button', { name: 'Retry' }).click();
    await column('qwen').locator('details.setup[data-setup-status="succeeded"]').waitFor({ timeout: 30_000 });
    await waitEnded('qwen');
    expect(await column('qwen').getAttribute('data-status')).toBe('done');
    // What the script printed is kept; only the agent's note is its change.
    expect(await column('qwen').locator('.setup__log').textContent()).toBe('installing in qwen\ninstalled\n');
    await expect.poll(() => column('qwen').locator('[data-testid="arena-files"]').textContent(), { timeout: 30_000 }).toContain('1 file');
  }, 300_000);
});
