import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent, EventPayload } from '../../../src-preload/contract';
import { configureOpencodeAcpWith } from '../../support/agent-env/opencode-acp-env';
import { driveCore, type DrivenCore } from '../../support/fault-tools';
import { makeRepo } from '../../support/git-repo';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';
import { makeAgentWorld } from '../agents/agent-world';
import type { AgentWorld } from '../agents/agent-conformance';
import { attemptEscapes, escapeSummary, expectNoEscape } from '../agents/escape-attempts';

/**
 * opencode under a user config of `"permission": "allow"` (its most permissive): measured here it
 * wrote into the checkout, $HOME, /tmp, another worktree and .git/hooks without a prompt. With
 * BooCoder its external_directory rule is forced to "ask" (a prompt that names the path) and the
 * sandbox refuses the rest, for the server and for its ACP mode alike.
 */
describe('opencode with every permission allowed by its user config', () => {
  let llm: MockLlm;
  let world: AgentWorld;
  let app: DrivenCore;
  let repoDir: string;
  let repoId: string;

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await makeAgentWorld(llm, [configureOpencodeAcpWith('allow')]);
    app = await driveCore({ dataDir: world.dataDir, agentEnv: world.env });
    repoDir = await world.makeDir('repo');
    makeRepo(repoDir, { 'README.md': '# demo\n' });
    repoId = (await app.call<{ id: string }>('repos.open', { path: repoDir })).id;
  });

  afterAll(async () => {
    await app?.core.shutdown();
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  const runIn = (agent: string, chatId: string, answer: 'allow' | 'reject', titles: string[]) => async (prompt: string, onEvent: (e: AgentEvent) => void) => {
    const { turnId } = await app.call<{ turnId: string }>('turns.send', { chatId, agent, prompt });
    const unsubscribe = app.core.events.subscribe((name, payload) => {
      if (name !== 'turn.event') return;
      const p = payload as EventPayload<'turn.event'>;
      if (p.turnId !== turnId) return;
      onEvent(p.event);
      if (p.event.type === 'permission.request') {
        titles.push(p.event.title);
        const option = p.event.options.find((o) => o.kind === (answer === 'allow' ? 'allow_once' : 'reject_once'))!;
        void app.call('permissions.reply', { requestId: p.event.requestId, optionId: option.optionId });
      }
    });
    try {
      await app.end(turnId, 120_000);
      const turns = await app.call<Array<{ id: string }>>('turns.list', { chatId });
      return { turn: turns.find((t) => t.id === turnId) as never };
    } finally {
      unsubscribe();
    }
  };

  for (const agent of ['opencode', 'opencode-acp']) {
    it(`${agent}: every write outside the chat's worktree becomes a prompt naming the path, or is refused by the sandbox`, async () => {
      const chat = async (title: string) => (await app.call<{ id: string }>('chats.create', { repoId, title })).id;
      const other = await chat(`${agent} other`);
      await runIn(agent, other, 'reject', [])('Make my worktree. [[mock:reply:made]]', () => {});
      const attacker = await chat(`${agent} attacker`);
      await runIn(agent, attacker, 'reject', [])('Make mine. [[mock:reply:mine]]', () => {});
      const ctx = (answer: 'allow' | 'reject', titles: string[]) => ({
        repoDir,
        home: world.env.HOME!,
        otherWorktree: app.core.store.worktrees.get(other)!.path,
        answer,
        run: runIn(agent, attacker, answer, titles),
      });

      const titles: string[] = [];
      const rejected = await attemptEscapes(ctx('reject', titles), `${agent}-allow-all-reject`);
      console.log(escapeSummary(agent, 'permission "allow", prompts answered reject', rejected));
      expectNoEscape(rejected);
      expect(titles.some((t) => t.startsWith(`Outside the worktree: ${repoDir}`)), titles.join('\n')).toBe(true);

      const allowed = await attemptEscapes(ctx('allow', []), `${agent}-allow-all-allow`, ['checkout', 'home', 'tmp', 'git-hooks']);
      console.log(escapeSummary(agent, 'permission "allow", prompts answered allow', allowed));
      expectNoEscape(allowed);
    });
  }
});
