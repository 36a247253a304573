import { describe, expect, it } from 'vitest';
import { configuredCommand, detectEditors, editorCommand, filesCommand, terminalCommand } from '../../../src-main/core/open-in/open-commands';
import { openIn, type OpenInDeps } from '../../../src-main/core/open-in/open-in';
import type { LaunchCommand } from '../../../src-main/core/open-in/open-commands';

const only = (...commands: string[]) => (c: string) => commands.includes(c);
const folder = '/data/worktrees/chat_1';

describe('detectEditors', () => {
  it('finds VS Code, Cursor, Zed and JetBrains launchers on PATH, in a fixed order, the configured command first', () => {
    const found = detectEditors(only('webstorm', 'zed', 'code', 'cursor'), 'subl -n');
    expect(found.map((e) => [e.id, e.command])).toEqual([
      ['custom', 'subl -n'],
      ['vscode', 'code'],
      ['cursor', 'cursor'],
      ['zed', 'zed'],
      ['webstorm', 'webstorm'],
    ]);
    expect(detectEditors(only('idea.sh'), '').map((e) => e.name)).toEqual(['IntelliJ IDEA']);
    expect(detectEditors(only(), '  ')).toEqual([]);
  });
});

describe('configuredCommand', () => {
  it('puts the folder last, or where {path} says; quotes group words', () => {
    expect(configuredCommand('subl -n', folder)).toEqual({ command: 'subl', args: ['-n', folder], cwd: folder });
    expect(configuredCommand('"/opt/My Editor/bin/ed" --folder={path} --new', folder)).toEqual({ command: '/opt/My Editor/bin/ed', args: [`--folder=${folder}`, '--new'], cwd: folder });
    expect(configuredCommand("emacsclient -c -a '' {path}", folder)).toEqual({ command: 'emacsclient', args: ['-c', '-a', '', folder], cwd: folder });
    expect(configuredCommand('   ', folder)).toBeNull();
  });

  it('editorCommand: a detected editor gets the folder as its one argument', () => {
    expect(editorCommand({ id: 'zed', name: 'Zed', command: 'zed' }, folder)).toEqual({ command: 'zed', args: [folder], cwd: folder });
  });
});

describe('terminal and file manager', () => {
  it('Linux: the first terminal found, each told the folder its own way', () => {
    expect(terminalCommand('linux', only('x-terminal-emulator', 'gnome-terminal'), folder)).toEqual({ command: 'x-terminal-emulator', args: [], cwd: folder });
    expect(terminalCommand('linux', only('gnome-terminal'), folder)).toEqual({ command: 'gnome-terminal', args: [`--working-directory=${folder}`], cwd: folder });
    expect(terminalCommand('linux', only('kitty'), folder)?.args).toEqual(['--directory', folder]);
    expect(terminalCommand('linux', only(), folder)).toBeNull();
  });

  it('macOS and Windows', () => {
    expect(terminalCommand('darwin', only(), folder)).toEqual({ command: 'open', args: ['-a', 'Terminal', folder], cwd: folder });
    expect(terminalCommand('win32', only('wt'), folder)).toEqual({ command: 'wt', args: ['-d', folder], cwd: folder });
    expect(filesCommand('darwin', only(), folder)).toEqual({ command: 'open', args: [folder], cwd: folder });
    expect(filesCommand('win32', only(), folder)).toEqual({ command: 'explorer.exe', args: [folder], cwd: folder });
    expect(filesCommand('linux', only('xdg-open'), folder)).toEqual({ command: 'xdg-open', args: [folder], cwd: folder });
    expect(filesCommand('linux', only(), folder)).toBeNull();
  });
});

describe('openIn', () => {
  const deps = (has: (c: string) => boolean, editor = '') => {
    const launched: LaunchCommand[] = [];
    const d: OpenInDeps = { launch: async (c) => void launched.push(c), has, platform: 'linux', editorCommand: () => editor };
    return { d, launched };
  };

  it('launches exactly the chosen program with the folder', async () => {
    const { d, launched } = deps(only('code', 'zed', 'xdg-open', 'konsole'));
    await openIn(d, folder, 'editor');
    await openIn(d, folder, 'editor', 'zed');
    await openIn(d, folder, 'terminal');
    await openIn(d, folder, 'files');
    expect(launched).toEqual([
      { command: 'code', args: [folder], cwd: folder },
      { command: 'zed', args: [folder], cwd: folder },
      { command: 'konsole', args: ['--workdir', folder], cwd: folder },
      { command: 'xdg-open', args: [folder], cwd: folder },
    ]);
  });

  it('prefers the configured editor command', async () => {
    const { d, launched } = deps(only('code'), 'my-editor --wait');
    await openIn(d, folder, 'editor');
    expect(launched).toEqual([{ command: 'my-editor', args: ['--wait', folder], cwd: folder }]);
  });

  it('nothing to open with is OpenFailed, and nothing is launched', async () => {
    const { d, launched } = deps(only());
    await expect(openIn(d, folder, 'editor')).rejects.toMatchObject({ name: 'OpenFailed' });
    await expect(openIn(d, folder, 'editor', 'cursor')).rejects.toMatchObject({ name: 'OpenFailed' });
    await expect(openIn(d, folder, 'terminal')).rejects.toMatchObject({ name: 'OpenFailed' });
    await expect(openIn(d, folder, 'files')).rejects.toMatchObject({ name: 'OpenFailed' });
    expect(launched).toEqual([]);
  });
});
