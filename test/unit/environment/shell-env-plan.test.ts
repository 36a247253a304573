import { describe, expect, it } from 'vitest';
import { resolveAgentEnvironment } from '../../../src-main/core/environment/agent-environment';
import { joinPaths, mergeUnderStarted, parseMarkedEnv, planShellEnv } from '../../../src-main/core/environment/shell-env-plan';
import { expandWindowsVars, parseRegQuery, SYSTEM_ENV_KEY, USER_ENV_KEY, windowsRegistryPath, type RegistryReader } from '../../../src-main/core/environment/windows-registry-path';

const M = '__MARK__';

describe('planning the login shell run', () => {
  it('runs sh-like shells and fish as interactive login shells, nushell with ^ before the program, csh with -ic', () => {
    for (const shell of ['/bin/bash', '/usr/bin/zsh', '/bin/sh', '/bin/dash', '/bin/ksh']) {
      const plan = planShellEnv(shell, '/usr/bin/node', M);
      expect(plan).toMatchObject({ ok: true, shell, args: ['-i', '-l', '-c', expect.stringMatching(/^'\/usr\/bin\/node' -e '.*__MARK__.*'$/)] });
    }
    expect(planShellEnv('/usr/bin/fish', '/Apps/It\'s/node', M)).toMatchObject({ ok: true, args: ['-i', '-l', '-c', expect.stringMatching(/^'\/Apps\/It\\'s\/node' -e /)] });
    expect(planShellEnv('/usr/bin/bash', "/Apps/It's/node", M)).toMatchObject({ ok: true, args: ['-i', '-l', '-c', expect.stringMatching(/^'\/Apps\/It'\\''s\/node' -e /)] });
    expect(planShellEnv('/opt/homebrew/bin/nu', '/usr/bin/node', M)).toMatchObject({ ok: true, args: ['-i', '-l', '-c', expect.stringMatching(/^\^'\/usr\/bin\/node' -e /)] });
    expect(planShellEnv('/bin/tcsh', '/usr/bin/node', M)).toMatchObject({ ok: true, args: ['-ic', expect.any(String)] });
  });

  it('refuses shells it cannot drive, and no shell at all, with the reason', () => {
    expect(planShellEnv('/usr/local/bin/pwsh', 'node', M)).toEqual({ ok: false, shell: '/usr/local/bin/pwsh', reason: 'pwsh is not supported for reading the login environment' });
    expect(planShellEnv(undefined, 'node', M)).toEqual({ ok: false, shell: '', reason: 'SHELL is not set' });
  });
});

describe('reading what the shell printed', () => {
  it('takes only what is between the markers: rc noise before and after, even JSON-looking noise, is ignored', () => {
    const out = `{"PATH":"noise"}\nWelcome!\n${M}{"PATH":"/a:/b","KEY":"v","N":"a\\nb"}${M}\ngoodbye {"x":1}`;
    expect(parseMarkedEnv(out, M)).toEqual({ ok: true, env: { PATH: '/a:/b', KEY: 'v', N: 'a\nb' } });
  });

  it('says why when the markers are missing or what is between them is not an environment', () => {
    expect(parseMarkedEnv('nothing here', M)).toMatchObject({ ok: false, reason: expect.stringMatching(/did not print its environment/) });
    expect(parseMarkedEnv(`${M}{"PATH":`, M)).toMatchObject({ ok: false });
    expect(parseMarkedEnv(`${M}not json${M}`, M)).toEqual({ ok: false, reason: 'the printed environment is not valid JSON' });
    expect(parseMarkedEnv(`${M}[1]${M}`, M)).toEqual({ ok: false, reason: 'the printed environment is not an object' });
  });
});

describe('merging under the started environment', () => {
  it('started values win, the shell adds its own; PATH is the shell’s followed by started entries it dropped; resolution-only variables go', () => {
    const merged = mergeUnderStarted(
      { PATH: '/usr/bin:/bin:/opt/launcher', HOME: '/h', KEY: 'started' },
      { PATH: '/h/.nvm/bin:/usr/bin:/bin', HOME: '/other', KEY: 'shell', NVM_DIR: '/h/.nvm', SHLVL: '2', PWD: '/h', ELECTRON_RUN_AS_NODE: '1', _: '/usr/bin/node' },
      ':',
    );
    expect(merged).toEqual({ PATH: '/h/.nvm/bin:/usr/bin:/bin:/opt/launcher', HOME: '/h', KEY: 'started', NVM_DIR: '/h/.nvm' });
  });

  it('joins PATH lists without duplicates or empty entries', () => {
    expect(joinPaths(':', 'a::b', undefined, 'b:c:a')).toBe('a:b:c');
  });
});

describe('Windows: the PATH from the registry', () => {
  const REG_OUTPUT = `\r\nHKEY_CURRENT_USER\\Environment\r\n    Path    REG_EXPAND_SZ    %USERPROFILE%\\AppData\\Roaming\\nvm;C:\\Users\\me\\.local\\bin\r\n\r\n`;

  it('parses reg query output and expands %VARS% case-insensitively, leaving unknown ones', () => {
    expect(parseRegQuery(REG_OUTPUT, 'Path')).toBe('%USERPROFILE%\\AppData\\Roaming\\nvm;C:\\Users\\me\\.local\\bin');
    expect(parseRegQuery(REG_OUTPUT, 'Other')).toBeNull();
    expect(expandWindowsVars('%userprofile%\\x;%NOPE%\\y', { USERPROFILE: 'C:\\Users\\me' })).toBe('C:\\Users\\me\\x;%NOPE%\\y');
  });

  const reader =
    (values: Record<string, string | null>): RegistryReader =>
    async (key) =>
      values[key] ?? null;

  it('puts the machine PATH then the user PATH first, then what only the started PATH had', async () => {
    const read = reader({ [SYSTEM_ENV_KEY]: 'C:\\Windows\\system32;C:\\Program Files\\nodejs', [USER_ENV_KEY]: '%USERPROFILE%\\AppData\\Roaming\\npm' });
    const env = { Path: 'C:\\Windows\\system32;C:\\Launcher', USERPROFILE: 'C:\\Users\\me' };
    expect(await windowsRegistryPath(env, read)).toBe('C:\\Windows\\system32;C:\\Program Files\\nodejs;C:\\Users\\me\\AppData\\Roaming\\npm;C:\\Launcher');
    const resolved = await resolveAgentEnvironment({ platform: 'win32', env, startedFromTerminal: false, nodePath: 'node.exe', registry: read });
    expect(resolved.env.Path).toBe('C:\\Windows\\system32;C:\\Program Files\\nodejs;C:\\Users\\me\\AppData\\Roaming\\npm;C:\\Launcher');
    expect(resolved.env.PATH).toBeUndefined();
    expect(resolved.report).toMatchObject({ source: 'windows-registry', notice: null });
  });

  it('with nothing readable, keeps the started PATH and says so', async () => {
    const resolved = await resolveAgentEnvironment({ platform: 'win32', env: { Path: 'C:\\x' }, startedFromTerminal: false, nodePath: 'node.exe', registry: reader({}) });
    expect(resolved.env).toEqual({ Path: 'C:\\x' });
    expect(resolved.report.notice).toMatch(/registry could not be read/);
  });
});
