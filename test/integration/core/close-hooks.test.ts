import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src-preload/contract';
import { Core } from '../../../src-main/core/core';
import { dispatch } from '../../../src-main/core/rpc/dispatch';
import { FakeBackend } from '../../support/fake-backend';
import { git, makeRepo } from '../../support/git-repo';
import { tempDir, type TempDir } from '../../support/temp-dir';

/** The chat close hooks through the contract: the work-loss guard, archive, restore and delete. */
describe('closing a chat', () => {
  let dir: TempDir;
  let core: Core;
  let backends: FakeBackend[];
  const ended = new Set<string>();

  const call = async <T = unknown>(method: string, params: unknown): Promise<T> => {
    const r = await dispatch(core.handlers, method, params);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { name: r.error.name, data: r.error.data });
    return r.result as T;
  };
  const turn = async (chatId: string, prompt = 'hello') => {
    const { turnId } = await call<{ turnId: string }>('turns.send', { chatId, agent: 'qwen', prompt });
    while (!ended.has(turnId)) await new Promise((r) => setTimeout(r, 5));
    // The turn's worktree snapshot follows its end; edits after this point are the user's.
    await core.dispatcher.settled(chatId);
  };

  beforeEach(async () => {
    dir = await tempDir('close-hooks-');
    const bin = path.join(dir.path, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'qwen'), '#!/bin/sh\n');
    chmodSync(path.join(bin, 'qwen'), 0o755);
    backends = [];
    core = await Core.open({
      dataDir: path.join(dir.path, 'data'),
      agentSearchDirs: [bin],
      agentEnv: { PATH: '' },
      validateEvents: true,
      backendFactory: (spec) => {
        const b = new FakeBackend(spec);
        backends.push(b);
        return b;
      },
    });
    core.events.subscribe((name, payload) => {
      const p = payload as EventPayload<'turn.event'>;
      if (name === 'turn.event' && p.event.type === 'turn.end') ended.add(p.turnId);
    });
  });
  afterEach(async () => {
    await core.shutdown();
    await dir[Symbol.asyncDispose]();
  });

  async function chatWithWork() {
    const repoDir = makeRepo(path.join(dir.path, 'repo'), { 'README.md': '# r\n' });
    const repo = await call<{ id: string }>('repos.open', { path: repoDir });
    const chat = await call<{ id: string }>('chats.create', { repoId: repo.id, title: 'Work' });
    await turn(chat.id);
    const wt = core.store.worktrees.get(chat.id)!;
    // The user edits a file in the chat's worktree between turns; the next turn records it as pending.
    writeFileSync(path.join(wt.path, 'notes.txt'), 'keep me\n');
    await turn(chat.id);
    return { repoDir, repo, chat, wt };
  }

  it('refuses to archive unsaved work without force, and changes nothing', async () => {
    const { chat, wt } = await chatWithWork();
    const risk = await call<{ unappliedFiles: string[] }>('chats.risk', { chatId: chat.id });
    expect(risk.unappliedFiles).toContain('notes.txt');
    await expect(call('chats.archive', { chatId: chat.id })).rejects.toMatchObject({
      name: 'ChatAtRisk',
      message: expect.stringContaining('notes.txt'),
      data: expect.objectContaining({ unappliedFiles: ['notes.txt'] }),
    });
    expect(existsSync(path.join(wt.path, 'notes.txt'))).toBe(true);
    expect((await call<Array<{ id: string }>>('chats.list', {})).map((c) => c.id)).toContain(chat.id);
    expect(core.pool.get(chat.id, 'qwen')).toBeDefined();
  });

  it('archives with force (sessions evicted, worktree removed, ref kept) and restores it intact', async () => {
    const { repoDir, chat, wt } = await chatWithWork();
    await call('chats.archive', { chatId: chat.id, force: true });
    expect(core.pool.get(chat.id, 'qwen')).toBeUndefined();
    expect(core.store.sessions.get(chat.id, 'qwen')!.status).toBe('closed');
    expect(existsSync(wt.path)).toBe(false);
    expect(git(repoDir, 'show-ref')).toContain(`refs/boocoder/archive/${chat.id}`);
    expect((await call<Array<{ id: string }>>('chats.list', {})).map((c) => c.id)).not.toContain(chat.id);
    expect(await call<Array<{ id: string; archived: boolean }>>('chats.list', { includeArchived: true })).toContainEqual(expect.objectContaining({ id: chat.id, archived: true }));
    await expect(call('turns.send', { chatId: chat.id, agent: 'qwen', prompt: 'x' })).rejects.toMatchObject({ name: 'ChatArchived' });

    await call('chats.restore', { chatId: chat.id });
    const restored = core.store.worktrees.get(chat.id)!;
    expect(readFileSync(path.join(restored.path, 'notes.txt'), 'utf8')).toBe('keep me\n');
    const changes = await call<{ files: Array<{ path: string; agent: string | null }> }>('changes.get', { chatId: chat.id });
    expect(changes.files).toEqual([expect.objectContaining({ path: 'notes.txt', agent: null })]);
    // The returning chat works: the agent reattaches to its session.
    await turn(chat.id);
  });

  it('deletes a chat only past the guard, keeping its work recoverable under the archive ref', async () => {
    const { repoDir, chat } = await chatWithWork();
    await expect(call('chats.delete', { chatId: chat.id })).rejects.toMatchObject({ name: 'ChatAtRisk' });
    await call('chats.delete', { chatId: chat.id, force: true });
    expect(await call<Array<{ id: string }>>('chats.list', { includeArchived: true })).toEqual([]);
    await expect(call('turns.list', { chatId: chat.id })).rejects.toMatchObject({ name: 'NotFound' });
    const ref = `refs/boocoder/archive/${chat.id}`;
    expect(git(repoDir, 'show', `${ref}:notes.txt`)).toBe('keep me');
  });

  it('archives a chat with nothing at risk without force', async () => {
    const repoDir = makeRepo(path.join(dir.path, 'repo'));
    const repo = await call<{ id: string }>('repos.open', { path: repoDir });
    const chat = await call<{ id: string }>('chats.create', { repoId: repo.id });
    await turn(chat.id);
    expect(await call('chats.risk', { chatId: chat.id })).toEqual({ unappliedFiles: [], dirtyFiles: [], unpushedCommits: [] });
    await call('chats.archive', { chatId: chat.id });
    expect(await call<Array<{ id: string }>>('chats.list', {})).toEqual([]);
  });
});
