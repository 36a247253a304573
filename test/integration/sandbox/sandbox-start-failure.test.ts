import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveCore, TSX_IMPORT, type DrivenCore } from '../../support/fault-tools';
import { makeRepo } from '../../support/git-repo';
import { makeIsolatedDirs } from '../../support/agent-env/isolated-dirs';

const fakeAgent = path.resolve(import.meta.dirname, '../../support/fake-acp-agent.ts');

/**
 * A user's own agent command that needs to write outside what the sandbox allows fails to start,
 * and the error says that it ran in the sandbox and how to turn it off: never silently, and never
 * by quietly running it outside. Turned off, the same command starts.
 */
describe('a custom agent that fails inside the sandbox', () => {
  let dirs: Awaited<ReturnType<typeof makeIsolatedDirs>>;
  let app: DrivenCore;
  let repoId: string;

  beforeAll(async () => {
    dirs = await makeIsolatedDirs('boocoder-sbx-fail-');
    app = await driveCore({ dataDir: await dirs.makeDir('data'), agentEnv: dirs.env });
    const repo = makeRepo(await dirs.makeDir('repo'));
    repoId = (await app.call<{ id: string }>('repos.open', { path: repo })).id;
    // It insists on writing into $HOME before it speaks ACP.
    await app.call('agents.configure', {
      id: 'needs-home',
      command: '/bin/sh',
      args: ['-c', `set -e; echo started > "$HOME/needs-home.txt"; exec "${process.execPath}" --import "${TSX_IMPORT}" "${fakeAgent}" normal`],
    });
  });

  afterAll(async () => {
    await app?.core.shutdown();
    await dirs?.[Symbol.asyncDispose]();
  });

  it('names the sandbox in its start error, and starts once the user turns the sandbox off for it', async () => {
    const chatId = (await app.call<{ id: string }>('chats.create', { repoId })).id;
    const agents = await app.call<Array<{ id: string; sandbox: { state: string } }>>('agents.list', {});
    expect(agents.find((a) => a.id === 'needs-home')?.sandbox.state).toBe('on');

    const { turnId } = await app.call<{ turnId: string }>('turns.send', { chatId, agent: 'needs-home', prompt: 'hello' });
    const failed = await app.end(turnId, 60_000);
    expect(failed.stopReason).toBe('error');
    expect(failed.error?.message).toMatch(/Read-only file system/);
    expect(failed.error?.message).toMatch(/write sandbox \(bwrap\).*turn the sandbox off for this agent in Settings/s);

    const off = await app.call<{ sandbox: { state: string; reason?: string } }>('agents.configure', { id: 'needs-home', sandbox: false });
    expect(off.sandbox).toMatchObject({ state: 'off', reason: expect.stringContaining('Turned off in Settings') });
    const again = await app.call<{ turnId: string }>('turns.send', { chatId, agent: 'needs-home', prompt: 'hello again' });
    expect((await app.end(again.turnId, 60_000)).stopReason).toBe('end_turn');
  });
});
