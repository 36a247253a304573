import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreTestEnv, type CoreTestEnv } from '../../support/core-env';
import { driveCore, type DrivenCore } from '../../support/fault-tools';
import { git, makeRepo } from '../../support/git-repo';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';

/**
 * A commit message drafted by the real agents (qwen-code over ACP, opencode) against the mock LLM:
 * the draft reaches the model, and neither the chat's transcript nor the agent's session of the
 * chat ever sees it — the chat's next turn carries no trace of it.
 */
describe('changes.draftMessage with real agents', () => {
  let llm: MockLlm;
  let world: CoreTestEnv;
  let app: DrivenCore;

  beforeAll(async () => {
    llm = await startMockLlm();
    world = await createCoreTestEnv(llm.url);
    app = await driveCore({ dataDir: world.dataDir, agentEnv: world.env });
    await app.call('settings.update', { permissionPolicy: 'allow_all' });
  });
  afterAll(async () => {
    await app?.core.shutdown();
    await llm?.close();
    await world?.[Symbol.asyncDispose]();
  });

  const bodyText = (from: number) => llm.requests.slice(from).map((r) => JSON.stringify(r.body));
  // Side requests (opencode titles its sessions, the draft's own among them) may come late: left out.
  const turnText = (from: number) => llm.requests.slice(from).filter((r) => !r.side).map((r) => JSON.stringify(r.body));

  for (const agent of ['qwen', 'opencode']) {
    it(`${agent}: drafts on the side, then the chat goes on as if it never happened`, async () => {
      const repoDir = await world.makeDir(`repo-${agent}`);
      makeRepo(repoDir, { 'README.md': '# demo\n' });
      const repo = await app.call<{ id: string }>('repos.open', { path: repoDir });
      const chat = await app.call<{ id: string }>('chats.create', { repoId: repo.id, title: 'Draft' });
      const t1 = await app.send(chat.id, agent, 'Write it [[mock:write:notes.txt:draft me]]');
      expect((await app.end(t1)).stopReason).toBe('end_turn');
      await app.core.dispatcher.settled(chat.id);

      const before = llm.requests.length;
      const { message } = await app.call<{ message: string }>('changes.draftMessage', { chatId: chat.id, agent });
      expect(message).toBe('Hello from mock.');
      // The draft's prompt, with the diff, reached the model.
      expect(bodyText(before).some((b) => b.includes('Write a git commit message') && b.includes('draft me'))).toBe(true);
      expect((await app.call<unknown[]>('turns.list', { chatId: chat.id })).length).toBe(1);

      const afterDraft = llm.requests.length;
      const t2 = await app.send(chat.id, agent, 'Carry on [[mock:reply:carried on]]');
      expect((await app.end(t2)).stopReason).toBe('end_turn');
      const chatTurn = turnText(afterDraft);
      // Its own session: the first turn is in the model's context, the draft is not.
      expect(chatTurn.some((b) => b.includes('Carry on') && b.includes('Write it'))).toBe(true);
      expect(chatTurn.some((b) => b.includes('Write a git commit message'))).toBe(false);

      const { commit } = await app.call<{ commit: string }>('changes.commit', { chatId: chat.id, message });
      expect(git(repoDir, 'log', '-1', '--format=%B', commit)).toBe(`Hello from mock.\n\nAgents: ${agent}`);
    });
  }
});
