import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrewarmStatus } from '../../../src-preload/contract';
import { driveCore, until, type DrivenCore } from '../../support/fault-tools';
import { makeRepo } from '../../support/git-repo';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';
import { configureOpencodeAcpWith } from '../../support/agent-env/opencode-acp-env';
import { makeAgentWorld } from './agent-world';
import type { AgentWorld } from './agent-conformance';

/**
 * opencode over ACP, pre-warmed through the HTTP API `opencode acp` serves beside ACP: the
 * directory's services boot before any prompt (as the opencode server's pre-warm does), and that
 * API answers only with the password BooCoder gave the process.
 */
describe('opencode over ACP: a pre-warm boots the directory without a prompt', () => {
  let llm: MockLlm;
  let world: AgentWorld;
  let app: DrivenCore;
  let repoId: string;

  /** What opencode logged so far, from its log folder in this world. */
  const opencodeLog = () => {
    const dir = path.join(world.env.XDG_DATA_HOME!, 'opencode', 'log');
    return readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
  };
  const acpPort = () => {
    const pid = app.core.pool.list().find((s) => s.agent === 'opencode-acp')!.handle.pid!;
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return Number(args[args.indexOf('--port') + 1]);
  };

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await makeAgentWorld(llm, [configureOpencodeAcpWith({ edit: 'allow', bash: 'allow' })]);
    app = await driveCore({ dataDir: world.dataDir, agentEnv: world.env });
    const repo = await world.makeDir('repo');
    makeRepo(repo, { 'README.md': '# warm\n' });
    repoId = (await app.call<{ id: string }>('repos.open', { path: repo })).id;
  });

  afterAll(async () => {
    await app?.core.shutdown();
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it("boots the worktree's location services on a pre-warm, with no model call; the API refuses anyone without the password", async () => {
    const chatId = (await app.call<{ id: string }>('chats.create', { repoId })).id;
    const requestsBefore = llm.requests.length;
    await app.call<PrewarmStatus>('sessions.prewarm', { chatId, agent: 'opencode-acp' });
    await until(async () => (await app.call<PrewarmStatus>('sessions.prewarm', { chatId, agent: 'opencode-acp' })).state === 'ready', 'the pre-warm', 120_000);
    const worktree = app.core.store.worktrees.get(chatId)!.path;
    // opencode writes its log as it goes: the line may come a moment after the answer.
    await until(() => opencodeLog().includes(`booting location services" directory=${worktree} `), "opencode's log of the boot", 10_000);
    expect(llm.requests.length).toBe(requestsBefore);

    const port = acpPort();
    expect(port).toBeGreaterThan(0);
    const url = `http://127.0.0.1:${port}/find/file?directory=${encodeURIComponent(worktree)}&query=.&limit=1`;
    expect((await fetch(url)).status).toBe(401);

    // The first turn then runs as any: the warm-up left nothing in the session.
    const turnId = await app.send(chatId, 'opencode-acp', 'Hello. [[mock:reply:hi there]]');
    expect((await app.end(turnId, 120_000)).stopReason).toBe('end_turn');
  });
});
