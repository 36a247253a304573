import { afterAll, beforeAll, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, screenshot, type AppUnderTest } from './browser';
import { createCoreTestEnv, type CoreTestEnv } from './core-env';
import { makeRepo } from './git-repo';
import { startMockLlm, type MockLlm } from './mock-llm';

/** The headless app in the default agents' world (opencode and qwen-code on the mock LLM), with one repository. */
export interface AppOnRepo {
  llm: MockLlm;
  world: CoreTestEnv;
  app: AppUnderTest;
  repo: string;
}

export interface AppOnRepoOptions {
  /** The repository's folder name, and the first line of its README. */
  repoDir: string;
  readme: string;
  /** More set-up of the repository before the app starts (a remote, a setup script). */
  prepareRepo?: (repo: string, world: CoreTestEnv) => void | Promise<void>;
}

/**
 * Starts the app before a test file's tests and tears everything down after them. The object
 * returned is filled in by the file's beforeAll, so read it inside the tests.
 */
export function useAppOnRepo({ repoDir, readme, prepareRepo }: AppOnRepoOptions): AppOnRepo {
  const it = {} as AppOnRepo;
  beforeAll(async () => {
    it.llm = await startMockLlm();
    it.world = await createCoreTestEnv(it.llm.url);
    it.repo = await it.world.makeDir(repoDir);
    makeRepo(it.repo, { 'README.md': `# ${readme}\n` });
    await prepareRepo?.(it.repo, it.world);
    it.app = await startApp({ env: it.world.env });
  });
  afterAll(async () => {
    await it.app?.close();
    await it.llm?.close();
    await it.world?.[Symbol.asyncDispose]();
  });
  return it;
}

/** When the current test fails: a screenshot of the page under `name` and the host's last output. */
export function showAppOnFailure(app: AppUnderTest, name: string): void {
  onTestFailed(async () => {
    await screenshot(app.page, name);
    process.stderr.write(`host output:\n${app.log().slice(-4000)}\n`);
  });
}

/** Opens the repository in the window and starts a chat in it, as a user would. */
export async function openInNewChat(page: Page, repo: string): Promise<void> {
  await page.getByLabel('Repository folder').fill(repo);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByRole('button', { name: 'New chat' }).first().click();
  await page.getByLabel('Prompt').waitFor();
}
