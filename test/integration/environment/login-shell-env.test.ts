import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAgentEnvironment } from '../../../src-main/core/environment/agent-environment';
import { tempDir } from '../../support/temp-dir';

/**
 * The user's login-shell environment, read from the real shells Debian installs (bash, dash as
 * sh, zsh, fish) with rc files in an isolated HOME that change PATH, export keys, print noise,
 * hang or fail. The app is "started" with a bare environment, as from a desktop launcher.
 */

const BARE_PATH = '/usr/bin:/bin';

async function world(prefix: string) {
  const dir = await tempDir(prefix);
  const home = path.join(dir.path, 'home');
  const agentBin = path.join(home, 'agent-bin');
  await mkdir(agentBin, { recursive: true });
  const env = (shell: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    HOME: home,
    SHELL: shell,
    PATH: BARE_PATH,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    TMPDIR: dir.path,
    ...extra,
  });
  const write = async (rel: string, text: string) => {
    await mkdir(path.dirname(path.join(home, rel)), { recursive: true });
    await writeFile(path.join(home, rel), text);
  };
  return { dir, home, agentBin, env, write };
}

const resolve = (env: NodeJS.ProcessEnv, timeoutMs = 20_000) =>
  resolveAgentEnvironment({ platform: 'linux', env, startedFromTerminal: false, nodePath: process.execPath, timeoutMs });

const POSIX_RC = (agentBin: string) => `echo "Welcome back! {\\"PATH\\": \\"not this\\"}"
export PATH="${agentBin}:$PATH"
export SHELL_ONLY_KEY=from-the-rc
export SHARED_KEY=from-the-rc
export MULTILINE_VALUE="line one
line two"
`;

describe('the login shell environment', () => {
  const shells: Array<{ name: string; shell: string; rcFile: string; rc: (bin: string) => string }> = [
    { name: 'bash', shell: '/bin/bash', rcFile: '.bash_profile', rc: POSIX_RC },
    { name: 'sh (dash)', shell: '/bin/sh', rcFile: '.profile', rc: POSIX_RC },
    { name: 'zsh', shell: '/usr/bin/zsh', rcFile: '.zshrc', rc: POSIX_RC },
    {
      name: 'fish',
      shell: '/usr/bin/fish',
      rcFile: '.config/fish/config.fish',
      rc: (bin) => `echo 'Welcome to fish {"PATH": "not this"}'
set -gx PATH ${bin} $PATH
set -gx SHELL_ONLY_KEY from-the-rc
set -gx SHARED_KEY from-the-rc
set -gx MULTILINE_VALUE "line one
line two"
`,
    },
  ];

  for (const s of shells) {
    it(`${s.name}: PATH additions and keys from the rc file arrive; noise is ignored; the started environment wins`, async () => {
      const w = await world(`boocoder-env-${s.name.replace(/\W/g, '')}-`);
      await using _dir = w.dir;
      await w.write(s.rcFile, s.rc(w.agentBin));
      const { env, report } = await resolve(w.env(s.shell, { SHARED_KEY: 'as-started' }));
      expect(report).toMatchObject({ source: 'login-shell', shell: s.shell, notice: null });
      expect(env.PATH!.split(':')[0]).toBe(w.agentBin);
      // Nothing the app could run before is lost.
      for (const dir of BARE_PATH.split(':')) expect(env.PATH!.split(':')).toContain(dir);
      expect(env.SHELL_ONLY_KEY).toBe('from-the-rc');
      expect(env.SHARED_KEY).toBe('as-started');
      expect(env.MULTILINE_VALUE).toBe('line one\nline two');
      // Left behind by the resolution itself: not the user's.
      expect(env.ELECTRON_RUN_AS_NODE).toBeUndefined();
      expect(env.BOOCODER_RESOLVING_ENVIRONMENT).toBeUndefined();
    });
  }

  it('an rc file that hangs: the shell is killed at the timeout and the started environment is used, with a notice', async () => {
    const w = await world('boocoder-env-hang-');
    await using _dir = w.dir;
    await w.write('.bash_profile', `export SHELL_ONLY_KEY=never\nsleep 60\n`);
    const started = Date.now();
    const { env, report } = await resolve(w.env('/bin/bash'), 1500);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(report.source).toBe('as-started');
    expect(report.notice).toMatch(/could not be read from \/bin\/bash: the shell did not finish within 2 s/);
    expect(env.PATH).toBe(BARE_PATH);
    expect(env.SHELL_ONLY_KEY).toBeUndefined();
  });

  it('an rc file that fails (exits) gives the started environment and says why', async () => {
    const w = await world('boocoder-env-fail-');
    await using _dir = w.dir;
    await w.write('.zshrc', `export SHELL_ONLY_KEY=never\necho "something broke" >&2\nexit 3\n`);
    const { env, report } = await resolve(w.env('/usr/bin/zsh'));
    expect(report.source).toBe('as-started');
    expect(report.notice).toMatch(/exited with code 3/);
    expect(env.SHELL_ONLY_KEY).toBeUndefined();
  });

  it('an rc file with a failing command that carries on still gives its environment', async () => {
    const w = await world('boocoder-env-soft-fail-');
    await using _dir = w.dir;
    await w.write('.bash_profile', `no-such-command-here\nfalse\nexport SHELL_ONLY_KEY=still-here\n`);
    const { env, report } = await resolve(w.env('/bin/bash'));
    expect(report.notice).toBeNull();
    expect(env.SHELL_ONLY_KEY).toBe('still-here');
  });

  it('an rc file that replaces the shell (exec) prints no environment: the started one is used', async () => {
    const w = await world('boocoder-env-exec-');
    await using _dir = w.dir;
    await w.write('.bash_profile', `exec /bin/true\n`);
    const { report } = await resolve(w.env('/bin/bash'));
    expect(report.source).toBe('as-started');
    expect(report.notice).toMatch(/did not print its environment/);
  });

  it('no SHELL, or a shell that does not exist: the started environment with a notice', async () => {
    const w = await world('boocoder-env-noshell-');
    await using _dir = w.dir;
    const unset = await resolve({ ...w.env('/bin/bash'), SHELL: undefined });
    expect(unset.report.notice).toMatch(/SHELL is not set/);
    const missing = await resolve(w.env('/no/such/shell'));
    expect(missing.report.notice).toMatch(/could not be started/);
    expect(missing.env.PATH).toBe(BARE_PATH);
  });

  it('started from a terminal: the shell is not asked', async () => {
    const w = await world('boocoder-env-tty-');
    await using _dir = w.dir;
    await w.write('.bash_profile', `export SHELL_ONLY_KEY=from-the-rc\n`);
    const { env, report } = await resolveAgentEnvironment({ platform: 'linux', env: w.env('/bin/bash'), startedFromTerminal: true, nodePath: process.execPath });
    expect(report).toEqual({ source: 'as-started', shell: null, durationMs: 0, notice: null });
    expect(env.SHELL_ONLY_KEY).toBeUndefined();
  });
});
