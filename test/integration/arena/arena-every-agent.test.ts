import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Arena, EventPayload } from '../../../src-preload/contract';
import { configureClaude } from '../../support/agent-env/claude-env';
import { configureCodex } from '../../support/agent-env/codex-env';
import { configureGemini } from '../../support/agent-env/gemini-env';
import { configureOpencodeAcpWith } from '../../support/agent-env/opencode-acp-env';
import { driveCore, until, type DrivenCore } from '../../support/fault-tools';
import { git, makeRepo } from '../../support/git-repo';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';
import { makeAgentWorld } from '../agents/agent-world';
import type { AgentWorld } from '../agents/agent-conformance';

const AGENTS = ['claude-code', 'codex', 'gemini', 'opencode-acp'];

/**
 * The other agents BooCoder supports as arena contestants, all four at once against the mock
 * LLM: Claude Code, Codex, Gemini CLI and opencode over ACP each write their own file in their own
 * scratch worktree; the pick lands only the winner's file, attributed to it.
 */
describe('arena: Claude Code, Codex, Gemini and opencode (ACP) side by side', () => {
  let llm: MockLlm;
  let world: AgentWorld;
  let app: DrivenCore;
  let repoDir: string;

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await makeAgentWorld(llm, [configureClaude, configureCodex, configureGemini, configureOpencodeAcpWith({ edit: 'ask', bash: 'ask' })]);
    app = await driveCore({ dataDir: world.dataDir, agentEnv: world.env });
    // Every permission a contestant asks for is allowed, as its own.
    const answered = new Set<string>();
    app.core.events.subscribe((name, payload) => {
      if (name !== 'arena.event') return;
      const { event } = payload as EventPayload<'arena.event'>;
      if (event.type !== 'permission.request' || answered.has(event.requestId)) return;
      answered.add(event.requestId);
      const option = event.options.find((o) => o.kind === 'allow_once') ?? event.options.find((o) => o.kind.startsWith('allow')) ?? event.options[0]!;
      void app.call('permissions.reply', { requestId: event.requestId, optionId: option.optionId });
    });
    repoDir = await world.makeDir('repo');
    makeRepo(repoDir, { 'README.md': '# every agent\n' });
  });
  afterAll(async () => {
    await app?.core.shutdown();
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('four contestants write four files; the pick lands only the winner’s, attributed to it', async () => {
    const repoId = (await app.call<{ id: string }>('repos.open', { path: repoDir })).id;
    const chatId = (await app.call<{ id: string }>('chats.create', { repoId, title: 'Every agent' })).id;
    const { arenaId } = await app.call<{ arenaId: string }>('arena.start', { chatId, agents: AGENTS, prompt: 'Write yours. [[mock:write:by-{dir}.txt:written by {dir}]]' });
    await until(async () => (await app.call<Arena>('arena.get', { arenaId })).status !== 'running', 'every contestant to end', 240_000);
    const done = await app.call<Arena>('arena.get', { arenaId });
    for (const agent of AGENTS) {
      const c = done.contestants.find((x) => x.agent === agent)!;
      expect(c.status, `${agent}: ${JSON.stringify(c.error)}`).toBe('done');
      expect(c.files.map((f) => f.path), agent).toEqual([`by-${agent}.txt`]);
    }
    await app.call('arena.pick', { arenaId, agent: 'gemini' });
    const worktree = app.core.store.worktrees.get(chatId)!.path;
    expect(readFileSync(path.join(worktree, 'by-gemini.txt'), 'utf8').trim()).toBe('written by gemini');
    for (const other of AGENTS.filter((a) => a !== 'gemini')) {
      expect(existsSync(path.join(worktree, `by-${other}.txt`))).toBe(false);
      expect(git(repoDir, 'show', `refs/boocoder/arena/${arenaId}/${other}:by-${other}.txt`)).toBe(`written by ${other}`);
    }
    const changes = await app.call<{ files: Array<{ path: string; agent: string | null }> }>('changes.get', { chatId });
    expect(changes.files.map((f) => [f.path, f.agent])).toEqual([['by-gemini.txt', 'gemini']]);
  }, 300_000);
});
