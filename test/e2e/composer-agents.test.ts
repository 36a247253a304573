import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { AgentOptions } from '../../src-preload/contract';
import { CLAUDE_MODEL, configureClaude } from '../support/agent-env/claude-env';
import { binPath } from '../support/agent-env/isolated-dirs';
import { openInNewChat, showAppOnFailure } from '../support/app-on-repo';
import { docsScreenshot, startApp, type AppUnderTest } from '../support/browser';
import { makeRepo } from '../support/git-repo';
import { startMockLlm, type MockLlm, type MockLlmRequest } from '../support/mock-llm';
import { configureQwen, makeAgentWorld } from '../integration/agents/agent-world';
import type { AgentWorld } from '../integration/agents/agent-conformance';

/**
 * The composer with the real Claude Code (claude-agent-acp) and qwen-code against the mock LLM,
 * through the real headless host: Claude's own slash commands, images (attach button, paste and drop)
 * that reach the model, an @-mentioned worktree file embedded in qwen's request, model, context
 * fill and cost (or "no cost reported") in turn headers and the usage panel, a shell tool's
 * command and output, and an image refused for an agent that says it takes none.
 */

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const README_MARKER = 'e2e-readme-marker-4711';
const CUSTOM_AGENT = { id: 'no-images', name: 'No Images Agent' };

// --- A valid PNG, built from bytes -------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer): number => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer): Buffer => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
/** An 8×8 RGB PNG of one colour. */
function png(rgb: [number, number, number]): Buffer {
  const size = 8;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// --- Helpers -------------------------------------------------------------------------------------

/** One core method called over the page's own WebSocket (the same route the renderer uses). */
async function rpc<T>(page: Page, method: string, params: unknown): Promise<T> {
  return page.evaluate(
    ({ method, params }) =>
      new Promise<T>((resolve, reject) => {
        const token = new URLSearchParams(location.search).get('token') ?? '';
        const ws = new WebSocket(`ws://${location.host}/ipc?token=${encodeURIComponent(token)}`);
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, method, params }));
        ws.onmessage = (m) => {
          const frame = JSON.parse(String(m.data)) as { id?: number; result?: T; error?: { name: string; message: string } };
          if (frame.id !== 1) return;
          ws.close();
          if (frame.error) reject(new Error(`${frame.error.name}: ${frame.error.message}`));
          else resolve(frame.result as T);
        };
        ws.onerror = () => reject(new Error('WebSocket error'));
      }),
    { method, params },
  );
}

/** A PNG given to the prompt as the user would: pasted into it, or dragged over it and dropped. */
async function giveToPrompt(page: Page, how: 'paste' | 'drop', name: string, image: Buffer): Promise<void> {
  await page.evaluate(
    ({ how, name, b64 }) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type: 'image/png' }));
      const box = document.querySelector('textarea[aria-label="Prompt"]')!;
      const events =
        how === 'paste'
          ? [new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })]
          : ['dragover', 'drop'].map((type) => new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      for (const e of events) box.dispatchEvent(e);
    },
    { how, name, b64: image.toString('base64') },
  );
}

const bodiesSince = (llm: MockLlm, from: number, dialect?: MockLlmRequest['dialect']): string[] =>
  llm.requests
    .slice(from)
    .filter((r) => !dialect || r.dialect === dialect)
    .map((r) => JSON.stringify(r.body));

describe('composer with real agents: commands, images, @ files, usage, shell, refusal', () => {
  let llm: MockLlm;
  let world: AgentWorld;
  let app: AppUnderTest;
  let repo: string;
  let page: Page;

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await makeAgentWorld(llm, [configureClaude, configureQwen]);
    repo = await world.makeDir('composer-repo');
    makeRepo(repo, { 'README.md': `# composer demo\n\nThe marker: ${README_MARKER}\n`, 'src/main.ts': 'export const answer = 42;\n' });
    app = await startApp({ env: world.env });
    page = app.page;
    await openInNewChat(page, repo);
  });
  afterAll(async () => {
    await app?.close();
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  const prompt = () => page.getByLabel('Prompt');
  const sendButton = () => page.locator('.composer__bar .button--primary');
  const lastTurn = () => page.locator('article.turn').last();
  const turnByPrompt = (text: string) => page.locator('article.turn', { has: page.locator('.turn__prompt-text', { hasText: text }) });

  /** Sends what is in the prompt (with its attachments) and waits until the turn shows. */
  const sendDraft = async (text: string) => {
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => lastTurn().locator('.turn__prompt-text').textContent(), { timeout: 30_000 }).toBe(text);
  };
  const send = async (agent: string, text: string) => {
    await page.getByLabel('Agent').selectOption(agent);
    await prompt().fill(text);
    await sendDraft(text);
  };
  /** Waits for the last turn to end, allowing (in the UI) whatever the agent asks meanwhile. */
  const waitEnded = async (turn: Locator = lastTurn()): Promise<string | null> => {
    const deadline = Date.now() + 120_000;
    const stop = turn.locator('[data-stop-reason]');
    while ((await stop.count()) === 0) {
      if (Date.now() > deadline) throw new Error('The turn did not end within 120 s');
      const ask = turn.locator('.permission:not(.permission--resolved) .permission__options .button--primary').first();
      if (await ask.count()) await ask.click().catch(() => undefined);
      await page.waitForTimeout(200);
    }
    return stop.getAttribute('data-stop-reason');
  };
  const attachmentNames = (scope: Locator) => scope.locator('.turn__attachment-name').allTextContents();

  it('Claude Code: its own slash commands; images by the attach button, by paste and by drop reach the model; model, context fill and cost in the header', async () => {
    showAppOnFailure(app, 'failed-composer-claude');

    // A first turn, so Claude's session is live and has advertised its commands.
    await send('claude-code', 'Hello Claude [[mock:reply:hello from claude]]');
    expect(await waitEnded()).toBe('end_turn');
    await expect.poll(() => lastTurn().locator('.md').textContent()).toContain('hello from claude');

    // The adapter advertises its commands just after the session starts, in their own update.
    const chatId = await page.locator('section.chat').getAttribute('data-chat-id');
    const claudeOptions = () => rpc<AgentOptions>(page, 'agents.options', { agent: 'claude-code', chatId });
    await expect.poll(async () => (await claudeOptions()).commands.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const live = await claudeOptions();
    expect(live.source).toBe('live');
    expect(live.promptCapabilities).toEqual({ image: true, embeddedContext: true });
    const advertised = live.commands.map((c) => c.name);
    expect(advertised).toEqual(expect.arrayContaining(['compact', 'review', 'init']));

    // 1. "/" lists them, each with its description; typing narrows the list; Enter inserts it.
    await prompt().click();
    await prompt().pressSequentially('/');
    const popup = page.getByTestId('slash-commands');
    await popup.waitFor();
    const options = popup.getByRole('option');
    await expect.poll(() => options.count()).toBe(live.commands.length);
    const labels = await popup.locator('.completion__label').allTextContents();
    expect(labels.map((l) => l.trim().split(' ')[0])).toEqual(expect.arrayContaining(['/compact', '/review', '/init']));
    const review = popup.getByRole('option').filter({ hasText: '/review' }).first();
    expect(((await review.locator('.completion__detail').textContent()) ?? '').length).toBeGreaterThan(5);
    await docsScreenshot(page, '40-e2e-slash-commands-claude');

    await prompt().pressSequentially('revi');
    await expect.poll(() => options.count()).toBeLessThan(live.commands.length);
    const filtered = await popup.locator('.completion__label').allTextContents();
    expect(filtered[0]!.trim().split(' ')[0]).toBe('/review');
    // Every row left matches what was typed, by name or description.
    for (const text of await options.allTextContents()) expect(text.toLowerCase()).toContain('revi');
    await docsScreenshot(page, '40b-e2e-slash-filtered-claude');
    await page.keyboard.press('Enter');
    await expect.poll(() => prompt().inputValue()).toBe('/review ');
    expect(await popup.count()).toBe(0);
    await prompt().fill('');

    // 2. Images: one chosen with the attach button's file input, one pasted into the prompt, one dropped on it.
    const red = png([220, 40, 40]);
    const blue = png([40, 80, 220]);
    await page.getByTestId('attach-input').setInputFiles({ name: 'red-square.png', mimeType: 'image/png', buffer: red });
    await page.locator('[data-testid="attachment"]').first().waitFor();
    await prompt().click();
    await giveToPrompt(page, 'paste', 'blue-square.png', blue);
    // A third dropped on the prompt, as from the file manager.
    const green = png([40, 180, 60]);
    await giveToPrompt(page, 'drop', 'green-square.png', green);
    const chips = page.locator('.composer [data-testid="attachment"]');
    await expect.poll(() => chips.count()).toBe(3);
    expect(await chips.locator('.attachment__name').allTextContents()).toEqual(['red-square.png', 'blue-square.png', 'green-square.png']);
    expect(await page.locator('.composer [data-refused="1"]').count()).toBe(0);
    const imageText = 'What colours are these squares? [[mock:reply:three squares seen]]';
    await prompt().fill(imageText);
    expect(await sendButton().isEnabled()).toBe(true);
    await docsScreenshot(page, '41-e2e-image-attached');

    const before = llm.requests.length;
    await sendDraft(imageText);
    const imageTurn = turnByPrompt('What colours are these squares?');
    expect(await waitEnded(imageTurn)).toBe('end_turn');
    await expect.poll(() => imageTurn.locator('.md').textContent()).toContain('three squares seen');
    // The model got both, as the bytes the test made.
    const bodies = bodiesSince(llm, before, 'anthropic-messages');
    expect(bodies.some((b) => b.includes(red.toString('base64')))).toBe(true);
    expect(bodies.some((b) => b.includes(blue.toString('base64')))).toBe(true);
    expect(bodies.some((b) => b.includes(green.toString('base64')))).toBe(true);
    // The transcript names them under the prompt; the composer is empty again.
    expect(await attachmentNames(imageTurn)).toEqual(['red-square.png', 'blue-square.png', 'green-square.png']);
    expect(await imageTurn.locator('.turn__attachment[data-type="image"]').count()).toBe(3);
    expect(await chips.count()).toBe(0);

    // 4. The header: the model that ran, the context fill of a 200k window, a cost in dollars.
    const header = imageTurn.locator('.turn-header');
    // The model as the adapter reports it (its alias "default", which Claude Code resolves to the
    // model it actually calls; only that call's body names it, ACP does not carry it), shown by
    // the name the agent's options give it, the one the composer's model menu shows.
    expect(live.currentModel).toBeTruthy();
    const shownName = live.models.find((m) => m.id === live.currentModel)?.name ?? live.currentModel;
    expect(await header.getByTestId('turn-model').textContent()).toBe(shownName);
    expect(await header.getByTestId('turn-model').getAttribute('title')).toBe(`Model: ${live.currentModel}`);
    expect(llm.requests.slice(before).some((r) => r.dialect === 'anthropic-messages' && r.body.model === CLAUDE_MODEL)).toBe(true);
    await expect.poll(() => header.getByTestId('context-meter').textContent().catch(() => null), { timeout: 10_000 }).toMatch(/^[\d.]+k? \/ 200k$/);
    const cost = header.locator('[data-cost-reported]');
    expect(await cost.getAttribute('data-cost-reported')).toBe('1');
    expect(await cost.textContent()).toMatch(/^<?\$\d/);
    await docsScreenshot(page, '41b-e2e-image-sent');
  });

  it('qwen: an @-mentioned README embedded in its request, a shell command with its output, "no cost reported"; the usage panel per agent', async () => {
    showAppOnFailure(app, 'failed-composer-qwen');

    // 3. "@READ" lists README.md; picking it writes the mention and adds the file chip.
    await page.getByLabel('Agent').selectOption('qwen');
    await prompt().fill('');
    await prompt().click();
    await prompt().pressSequentially('Summarise @READ');
    const mentions = page.getByTestId('file-mentions');
    const readme = mentions.getByRole('option', { name: 'README.md', exact: true });
    await readme.waitFor({ timeout: 10_000 });
    expect(await mentions.getByRole('option').allTextContents()).not.toContain('src/main.ts');
    await docsScreenshot(page, '42-e2e-mention');
    await readme.click();
    await expect.poll(() => prompt().inputValue()).toBe('Summarise @README.md ');
    await page.keyboard.type('in one line [[mock:reply:the readme is short]]');
    const chip = page.locator('.composer [data-testid="attachment"]');
    expect(await chip.locator('.attachment__name').allTextContents()).toEqual(['README.md']);
    const mentionText = 'Summarise @README.md in one line [[mock:reply:the readme is short]]';
    expect(await prompt().inputValue()).toBe(mentionText);

    const before = llm.requests.length;
    await sendDraft(mentionText);
    const mentionTurn = turnByPrompt('Summarise @README.md');
    expect(await waitEnded(mentionTurn)).toBe('end_turn');
    await expect.poll(() => mentionTurn.locator('.md').textContent()).toContain('the readme is short');
    // Embedded: the file's text is in what qwen sent the model, not just its name.
    const bodies = bodiesSince(llm, before, 'openai-chat');
    expect(bodies.some((b) => b.includes(README_MARKER))).toBe(true);
    expect(await attachmentNames(mentionTurn)).toEqual(['README.md']);
    expect(await mentionTurn.locator('.turn__attachment[data-type="file"]').count()).toBe(1);

    // 4. qwen says nothing of cost: "no cost reported", never "$0".
    const qwenCost = mentionTurn.locator('.turn-header [data-cost-reported]');
    await expect.poll(() => qwenCost.textContent().catch(() => null), { timeout: 10_000 }).toBe('no cost reported');
    expect(await qwenCost.getAttribute('data-cost-reported')).toBe('0');
    expect(await mentionTurn.locator('.turn-header').textContent()).not.toMatch(/\$\d/);
    expect(await mentionTurn.locator('.turn-header').getByTestId('turn-model').textContent()).toContain('mock-model');

    // 5. A shell command: its command line, and its output once unfolded.
    await send('qwen', 'Run it [[mock:shell:echo e2e-shell-output]]');
    const shellTurn = turnByPrompt('Run it');
    expect(await waitEnded(shellTurn)).toBe('end_turn');
    const tool = shellTurn.locator('.tool--shell', { has: page.getByTestId('tool-command').filter({ hasText: 'echo e2e-shell-output' }) }).first();
    await tool.waitFor({ timeout: 10_000 });
    expect(await tool.getByTestId('tool-command').textContent()).toBe('$ echo e2e-shell-output');
    await expect.poll(() => tool.getAttribute('data-tool-status')).toBe('completed');
    const head = tool.locator('.tool__head');
    if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click();
    await expect.poll(() => tool.locator('.tool__output').textContent().catch(() => '')).toContain('e2e-shell-output');
    await tool.scrollIntoViewIfNeeded();
    await docsScreenshot(page, '44-e2e-shell');

    // 4. The usage panel: a row per agent of this chat; Claude's cost in dollars, qwen's not reported.
    await page.getByRole('tab', { name: 'Usage' }).click();
    const claudeRow = page.locator('.usage__table tr[data-agent="claude-code"]');
    const qwenRow = page.locator('.usage__table tr[data-agent="qwen"]');
    await claudeRow.waitFor();
    await qwenRow.waitFor();
    expect(await claudeRow.locator('[data-cost-reported="1"]').textContent()).toMatch(/^<?\$\d/);
    expect(await qwenRow.locator('td.usage__no-cost').textContent()).toBe('no cost reported');
    expect(await qwenRow.textContent()).not.toMatch(/\$\d/);
    const claudeContext = page.locator('.usage__context-row[data-agent="claude-code"]');
    expect(await claudeContext.getByTestId('context-meter').textContent()).toMatch(/\/ 200k$/);
    expect(await page.locator('.usage__context-row[data-agent="qwen"]').textContent()).toContain('not reported');
    await docsScreenshot(page, '43-e2e-usage');
  });

  it('a code block in a reply copies exactly its code with its Copy button, and the turn its whole reply', async () => {
    showAppOnFailure(app, 'failed-composer-copy-code');
    await send('qwen', 'Show it [[mock:reply:Run this:\\n\\n```sh\\nnpm test -- --run\\necho done\\n```\\n\\nThen look.]]');
    expect(await waitEnded()).toBe('end_turn');
    const block = lastTurn().locator('.md-code');
    await block.waitFor();
    // The page's clipboard is stubbed: headless Chromium grants no clipboard permission.
    await page.evaluate(() => {
      const w = window as unknown as { copied: string[] };
      w.copied = [];
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void w.copied.push(t) } });
    });
    await block.hover();
    await block.getByRole('button', { name: 'Copy' }).click();
    expect(await page.evaluate(() => (window as unknown as { copied: string[] }).copied)).toEqual(['npm test -- --run\necho done\n']);
    await expect.poll(() => block.locator('.md-code__copy').textContent()).toBe('Copied');
    await docsScreenshot(page, '46-e2e-copy-code');
    // The whole reply, as the markdown the agent wrote, from the turn's header.
    await lastTurn().hover();
    await lastTurn().locator('.turn-header').getByRole('button', { name: 'Copy' }).click();
    expect(await page.evaluate(() => (window as unknown as { copied: string[] }).copied.at(-1))).toBe('Run this:\n\n```sh\nnpm test -- --run\necho done\n```\n\nThen look.');
  });

  it('↑ in an empty prompt brings back the chat’s earlier prompts, newest first, ↓ goes back to the empty prompt, and what the user typed is never replaced', async () => {
    showAppOnFailure(app, 'failed-composer-recall');
    const first = 'Recall me first [[mock:reply:one]]';
    const second = 'Recall me second [[mock:reply:two]]';
    await send('qwen', first);
    expect(await waitEnded()).toBe('end_turn');
    await send('qwen', second);
    expect(await waitEnded()).toBe('end_turn');
    const box = prompt();
    await box.click();
    expect(await box.inputValue()).toBe('');
    await page.keyboard.press('ArrowUp');
    expect(await box.inputValue()).toBe(second);
    await page.keyboard.press('ArrowUp');
    expect(await box.inputValue()).toBe(first);
    await docsScreenshot(page, '47-e2e-prompt-recall');
    await page.keyboard.press('ArrowDown');
    expect(await box.inputValue()).toBe(second);
    await page.keyboard.press('ArrowDown');
    expect(await box.inputValue()).toBe('');
    // The user's own words stay, and so does a recalled prompt once edited.
    await box.fill('my own words');
    await page.keyboard.press('ArrowUp');
    expect(await box.inputValue()).toBe('my own words');
    await box.fill('');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('End');
    await page.keyboard.type(' again');
    await page.keyboard.press('ArrowUp');
    expect(await box.inputValue()).toBe(`${second} again`);
    // A recalled prompt is sent like any other: a new turn, and the prompt is empty again.
    await sendDraft(`${second} again`);
    expect(await waitEnded()).toBe('end_turn');
    expect(await box.inputValue()).toBe('');
  });

  it('Ctrl+F finds a word in the chat’s turns, also those scrolled out of the list, steps through them both ways and closes with Esc', async () => {
    showAppOnFailure(app, 'failed-composer-find');
    await send('qwen', 'Where is the zebrafind? [[mock:reply:The zebrafind is in the first reply.]]');
    expect(await waitEnded()).toBe('end_turn');
    for (let i = 0; i < 10; i++) {
      await send('qwen', `Filler ${i} [[mock:reply:Nothing to see in filler ${i}.\\n\\nMore lines\\n\\nand more lines, to make the turn tall.]]`);
      expect(await waitEnded()).toBe('end_turn');
    }
    await send('qwen', 'One more zebrafind [[mock:reply:Only words here.]]');
    expect(await waitEnded()).toBe('end_turn');
    // The first of them has scrolled out of the virtualized list: the browser's own find would miss it.
    expect(await page.locator('.turn__prompt-text', { hasText: 'Where is the zebrafind?' }).count()).toBe(0);

    await prompt().click();
    await page.keyboard.press('Control+f');
    const find = page.locator('.find-bar__input');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('find-bar__input'))).toBe(true);
    await page.keyboard.type('ZebraFind');
    const status = page.locator('.find-bar__status');
    // Its prompt has it twice (the mock's reply instruction is part of it), its reply once, the last prompt once.
    await expect.poll(() => status.textContent()).toBe('4 found');
    const first = 'Where is the zebrafind? [[mock:reply:The zebrafind is in the first reply.]]';
    const current = () =>
      page.evaluate(() => {
        const range = [...(CSS.highlights.get('find-current') ?? [])][0];
        const turn = range?.startContainer.parentElement?.closest('article.turn');
        const where = range?.startContainer.parentElement?.closest('.turn__prompt-text') ? 'prompt' : 'reply';
        return range && turn ? `${range.toString()} in the ${where} of ${turn.querySelector('.turn__prompt-text')?.textContent}` : null;
      });
    const inView = async (l: Locator) => {
      const [b, t] = [await l.boundingBox(), await page.getByTestId('transcript').boundingBox()];
      return !!b && !!t && b.y < t.y + t.height && b.y + b.height > t.y;
    };
    await find.press('Enter');
    await expect.poll(() => status.textContent()).toBe('1 of 4');
    await expect.poll(current).toBe(`zebrafind in the prompt of ${first}`);
    await expect.poll(() => inView(page.locator('article.turn', { hasText: 'Where is the zebrafind?' }))).toBe(true);
    await find.press('Enter');
    await expect.poll(() => status.textContent()).toBe('2 of 4');
    await find.press('Enter');
    await expect.poll(() => status.textContent()).toBe('3 of 4');
    await expect.poll(current).toBe(`zebrafind in the reply of ${first}`);
    await docsScreenshot(page, '48-e2e-find');
    await page.emulateMedia({ colorScheme: 'dark' });
    await docsScreenshot(page, '48b-e2e-find-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await find.press('Enter');
    await expect.poll(() => status.textContent()).toBe('4 of 4');
    await expect.poll(current).toBe('zebrafind in the prompt of One more zebrafind [[mock:reply:Only words here.]]');
    await find.press('Enter');
    await expect.poll(() => status.textContent()).toBe('1 of 4');
    await find.press('Shift+Enter');
    await expect.poll(() => status.textContent()).toBe('4 of 4');
    await find.fill('no such words');
    await expect.poll(() => status.textContent()).toBe('No matches');
    await find.press('Escape');
    await expect.poll(() => page.locator('.find-bar').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Prompt');
    expect(await page.evaluate(() => CSS.highlights.has('find-match'))).toBe(false);
  });

  it('an agent whose prompt capabilities say no images (a custom ACP agent added in Settings): the core refuses before it has said so, then the chip says so and Send is disabled', async () => {
    showAppOnFailure(app, 'failed-composer-refusal');
    // Every real agent here takes images, so the refusal is shown with a custom ACP agent that
    // advertises no prompt capabilities (test/support/fake-acp-agent.ts), added through Settings.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Add a custom ACP agent…' }).click();
    const form = page.locator('form.agent-form');
    await form.getByLabel('Id').fill(CUSTOM_AGENT.id);
    await form.getByLabel('Name').fill(CUSTOM_AGENT.name);
    await form.getByLabel('Command').fill(binPath('tsx'));
    await form.getByLabel('Arguments (one per line)').fill(path.join(repoRoot, 'test', 'support', 'fake-acp-agent.ts'));
    await form.getByRole('button', { name: 'Save' }).click();
    await page.locator('.agent-list__item', { hasText: CUSTOM_AGENT.name }).waitFor();
    await page.getByRole('button', { name: 'Chats' }).click();
    // A chat of its own, so its first prompt carries no hand-off of what the others did.
    await page.getByRole('button', { name: 'New chat' }).first().click();
    await expect.poll(() => page.locator('.tab--active .tab__title').textContent()).toBe('Chat 2');
    await expect.poll(() => page.locator('section.chat').getAttribute('data-chat-id')).toBe(await page.locator('.tab--active').getAttribute('data-chat-id'));
    await prompt().waitFor();

    const chatId = await page.locator('section.chat').getAttribute('data-chat-id');
    // Before its first turn it has told nothing ("none"): the composer refuses nothing on its
    // behalf (it cannot know), and the core refuses the image by name when the session says no.
    const none = await rpc<AgentOptions>(page, 'agents.options', { agent: CUSTOM_AGENT.id, chatId });
    expect(none.source).toBe('none');
    await page.getByLabel('Agent').selectOption(CUSTOM_AGENT.id);
    await page.getByTestId('attach-input').setInputFiles({ name: 'early.png', mimeType: 'image/png', buffer: png([200, 200, 40]) });
    await page.locator('.composer [data-testid="attachment"]').waitFor();
    expect(await page.locator('.composer [data-refused="1"]').count()).toBe(0);
    await prompt().fill('Look at this first');
    expect(await sendButton().isEnabled()).toBe(true);
    await sendDraft('Look at this first');
    expect(await waitEnded()).toBe('error');
    const refusedByCore = lastTurn().locator('[data-error-name="AttachmentNotAccepted"]');
    await refusedByCore.waitFor();
    expect(await refusedByCore.textContent()).toContain(`${CUSTOM_AGENT.name} does not take images`);

    // The session it started says what it takes: no images.
    const live = await rpc<AgentOptions>(page, 'agents.options', { agent: CUSTOM_AGENT.id, chatId });
    expect(live.source).toBe('live');
    expect(live.promptCapabilities.image).toBe(false);

    // 6. Now it has said: an image is refused on the chip, and Send stays disabled until it is removed.
    await page.getByTestId('attach-input').setInputFiles({ name: 'refused.png', mimeType: 'image/png', buffer: png([30, 160, 60]) });
    const refused = page.locator('.composer [data-refused="1"]');
    await refused.waitFor();
    expect(await refused.locator('.attachment__problem').textContent()).toBe(`${CUSTOM_AGENT.name} does not take images`);
    await prompt().fill('Look at this');
    expect(await sendButton().isDisabled()).toBe(true);
    expect(await sendButton().getAttribute('title')).toContain('refused.png');
    // Ctrl+Enter does not send it either.
    const turns = await page.locator('article.turn').count();
    await page.keyboard.press('Control+Enter');
    await page.waitForTimeout(500);
    expect(await page.locator('article.turn').count()).toBe(turns);
    await docsScreenshot(page, '45-e2e-image-refused');
    // The same image is fine for an agent that takes images.
    await page.getByLabel('Agent').selectOption('claude-code');
    await expect.poll(() => refused.count()).toBe(0);
    expect(await sendButton().isEnabled()).toBe(true);
    await page.getByLabel('Agent').selectOption(CUSTOM_AGENT.id);
    await refused.waitFor();
    await page.getByRole('button', { name: 'Remove refused.png' }).click();
    await expect.poll(() => sendButton().isEnabled()).toBe(true);
    // Without the image the prompt goes, to the same session.
    await sendDraft('Look at this');
    expect(await waitEnded()).toBe('end_turn');
    await expect.poll(() => lastTurn().locator('.md').textContent()).toContain('Look at this');
  });

  it('a turn that ends while another tab is active leaves a dot on its tab until the tab is looked at', async () => {
    showAppOnFailure(app, 'failed-composer-unseen');
    const firstId = await page.locator('.tab--active').getAttribute('data-chat-id');
    const tab = page.locator(`.tab[data-chat-id="${firstId}"]`);
    await send('qwen', 'Take your time [[mock:slow]]');
    await page.getByRole('button', { name: 'New chat' }).first().click();
    await expect.poll(() => page.locator('.tab--active').getAttribute('data-chat-id')).not.toBe(firstId);
    expect(await tab.getAttribute('data-indicator')).toBe('busy');
    await expect.poll(() => tab.getAttribute('data-indicator'), { timeout: 60_000 }).toBe('done');
    expect(await tab.getAttribute('title')).toContain('a turn ended while you were away');
    await docsScreenshot(page, '49-e2e-tab-unseen');
    await tab.click();
    await expect.poll(() => tab.getAttribute('data-indicator')).toBeNull();
    // A turn that ends in the tab being looked at leaves nothing.
    await send('qwen', 'Quick one [[mock:reply:done here]]');
    expect(await waitEnded()).toBe('end_turn');
    expect(await tab.getAttribute('data-indicator')).toBeNull();
  }, 90_000);


  it('a failed turn offers Retry: its prompt again to the same agent, as a new turn; only the last turn offers it', async () => {
    showAppOnFailure(app, 'failed-composer-retry');
    const text = 'Summarise everything [[mock:toolong]]';
    await send('qwen', text);
    expect(await waitEnded()).toBe('error');
    const failedId = await lastTurn().getAttribute('data-turn-id');
    const failed = page.locator(`article.turn[data-turn-id="${failedId}"]`);
    const retry = failed.getByRole('button', { name: 'Retry' });
    await retry.waitFor();
    await docsScreenshot(page, '49b-e2e-retry');
    await retry.click();
    await expect.poll(() => lastTurn().getAttribute('data-turn-id')).not.toBe(failedId);
    expect(await lastTurn().locator('.turn__prompt-text').textContent()).toBe(text);
    expect(await lastTurn().locator('.turn-header').textContent()).toContain('qwen');
    expect(await waitEnded()).toBe('error');
    expect(await failed.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    expect(await lastTurn().getByRole('button', { name: 'Retry' }).count()).toBe(1);

    // With an image: its bytes are gone once sent, so the prompt goes back to the composer instead.
    const withImage = 'Look at this too [[mock:toolong]]';
    await page.getByTestId('attach-input').setInputFiles({ name: 'again.png', mimeType: 'image/png', buffer: png([90, 90, 200]) });
    await page.locator('.composer [data-testid="attachment"]').waitFor();
    await send('qwen', withImage);
    expect(await waitEnded()).toBe('error');
    const imageTurnId = await lastTurn().getAttribute('data-turn-id');
    await lastTurn().getByRole('button', { name: 'Edit and retry' }).click();
    await expect.poll(() => prompt().inputValue()).toBe(withImage);
    expect(await lastTurn().getAttribute('data-turn-id')).toBe(imageTurnId);
    await prompt().fill('');
  });

});
