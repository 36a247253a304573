import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentInfo } from '../../../src-preload/contract';
import { resolveAgentEnvironment } from '../../../src-main/core/environment/agent-environment';
import { driveCore, FAKE_ACP_AGENT, TSX_IMPORT } from '../../support/fault-tools';
import { makeRepo } from '../../support/git-repo';
import { tempDir } from '../../support/temp-dir';

/**
 * BooCoder started from a desktop launcher: a bare environment (PATH=/usr/bin:/bin, no keys).
 * The user's bash profile adds the folder of an agent program ("goose", here the project's
 * scripted ACP agent, which reports its environment) to PATH and exports a provider key. With the
 * login shell's environment resolved at start, the core finds that agent and the agent gets the key.
 */
describe('a core started from a launcher, with the login shell environment', () => {
  it('finds the agent the rc file put on PATH and gives it the key the rc file exports', async () => {
    await using dir = await tempDir('boocoder-launcher-');
    const home = path.join(dir.path, 'home');
    const agentBin = path.join(home, 'agent-bin');
    await mkdir(agentBin, { recursive: true });
    const program = path.join(agentBin, 'goose');
    await writeFile(program, `#!/bin/sh\nexec '${process.execPath}' --import '${TSX_IMPORT}' '${FAKE_ACP_AGENT}' normal "$@"\n`);
    await chmod(program, 0o755);
    await writeFile(path.join(home, '.bash_profile'), `echo "Good morning from .bash_profile"\nexport PATH="$HOME/agent-bin:$PATH"\nexport OPENAI_API_KEY=sk-from-the-rc-file\n`);
    const started: NodeJS.ProcessEnv = {
      HOME: home,
      SHELL: '/bin/bash',
      PATH: '/usr/bin:/bin',
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      TMPDIR: dir.path,
      LANG: 'C.UTF-8',
    };
    const repoDir = path.join(dir.path, 'repo');
    makeRepo(repoDir);

    // As started, the agent is not there.
    {
      const bare = await driveCore({ dataDir: path.join(dir.path, 'data-bare'), agentEnv: started, agentSearchDirs: [] });
      try {
        const goose = (await bare.call<AgentInfo[]>('agents.list')).find((a) => a.id === 'goose')!;
        expect(goose.available).toBe(false);
        expect(goose.auth.state).toBe('signed-out');
      } finally {
        await bare.core.shutdown();
      }
    }

    const resolved = await resolveAgentEnvironment({ platform: 'linux', env: started, startedFromTerminal: false, nodePath: process.execPath, timeoutMs: 20_000 });
    const t = await driveCore({ dataDir: path.join(dir.path, 'data'), agentEnv: resolved.env, environment: resolved.report, agentSearchDirs: [] });
    try {
      expect(await t.call('app.environment')).toMatchObject({ source: 'login-shell', shell: '/bin/bash', notice: null });
      const goose = (await t.call<AgentInfo[]>('agents.list')).find((a) => a.id === 'goose')!;
      expect(goose).toMatchObject({ available: true, command: program, found: { via: 'path', version: null } });
      expect(goose.auth).toEqual({ state: 'signed-in', detail: 'API key OPENAI_API_KEY is set.' });

      const repo = await t.call<{ id: string }>('repos.open', { path: repoDir });
      const chat = await t.call<{ id: string }>('chats.create', { repoId: repo.id });
      const text = async (prompt: string) => {
        const turnId = await t.send(chat.id, 'goose', prompt);
        expect((await t.end(turnId)).stopReason).toBe('end_turn');
        return t
          .events(turnId)
          .flatMap((e) => (e.type === 'text.delta' ? [e.text] : []))
          .join('');
      };
      expect(await text('env:OPENAI_API_KEY')).toBe('env OPENAI_API_KEY=sk-from-the-rc-file');
      // The login shell's PATH first; before it only the write sandbox's shell wrappers, BooCoder's own.
      const agentPath = (await text('env:PATH')).replace(/^env PATH=/, '').split(':');
      const sandboxShells = path.join(dir.path, 'data', 'sandbox');
      expect(agentPath.filter((dir) => !dir.startsWith(sandboxShells))[0]).toBe(agentBin);
    } finally {
      await t.core.shutdown();
    }
  });
});
