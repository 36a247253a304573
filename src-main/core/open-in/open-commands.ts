/**
 * Which program opens a folder in an editor, a terminal or the file manager: pure decisions over
 * the platform, what is on PATH (`has`) and the user's configured editor command. The effect
 * (spawning it) is open-in.ts.
 */
export type OpenTarget = 'editor' | 'terminal' | 'files';

export interface LaunchCommand {
  command: string;
  args: string[];
  /** The folder the program starts in (terminals that take no directory argument open there). */
  cwd: string;
}

export interface EditorInfo {
  id: string;
  name: string;
  command: string;
}

/** Editors recognised by their command-line launchers, in the order they are offered. */
export const KNOWN_EDITORS: ReadonlyArray<{ id: string; name: string; commands: string[] }> = [
  { id: 'vscode', name: 'VS Code', commands: ['code'] },
  { id: 'cursor', name: 'Cursor', commands: ['cursor'] },
  { id: 'zed', name: 'Zed', commands: ['zed', 'zeditor'] },
  { id: 'idea', name: 'IntelliJ IDEA', commands: ['idea', 'idea.sh'] },
  { id: 'webstorm', name: 'WebStorm', commands: ['webstorm', 'webstorm.sh'] },
  { id: 'pycharm', name: 'PyCharm', commands: ['pycharm', 'pycharm.sh', 'charm'] },
  { id: 'goland', name: 'GoLand', commands: ['goland', 'goland.sh'] },
  { id: 'clion', name: 'CLion', commands: ['clion', 'clion.sh'] },
  { id: 'rider', name: 'Rider', commands: ['rider', 'rider.sh'] },
  { id: 'phpstorm', name: 'PhpStorm', commands: ['phpstorm', 'phpstorm.sh'] },
  { id: 'rubymine', name: 'RubyMine', commands: ['rubymine', 'rubymine.sh'] },
];

export const CUSTOM_EDITOR_ID = 'custom';

/**
 * Splits a configured command line into program and arguments (double or single quotes group,
 * no shell). `{path}` in an argument is replaced by the folder; without one the folder goes last.
 */
export function configuredCommand(commandLine: string, folder: string): LaunchCommand | null {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(commandLine); m; m = re.exec(commandLine)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]!));
  const [command, ...rest] = words;
  if (!command) return null;
  const hasPlaceholder = rest.some((a) => a.includes('{path}'));
  const args = hasPlaceholder ? rest.map((a) => a.split('{path}').join(folder)) : [...rest, folder];
  return { command, args, cwd: folder };
}

/** The editors this machine has (the configured one first). */
export function detectEditors(has: (command: string) => boolean, configured: string): EditorInfo[] {
  const found: EditorInfo[] = [];
  if (configured.trim()) found.push({ id: CUSTOM_EDITOR_ID, name: 'Configured editor', command: configured.trim() });
  for (const e of KNOWN_EDITORS) {
    const command = e.commands.find(has);
    if (command) found.push({ id: e.id, name: e.name, command });
  }
  return found;
}

export function editorCommand(editor: EditorInfo, folder: string): LaunchCommand {
  if (editor.id === CUSTOM_EDITOR_ID) return configuredCommand(editor.command, folder) ?? { command: editor.command, args: [folder], cwd: folder };
  return { command: editor.command, args: [folder], cwd: folder };
}

/** Terminals tried on Linux, each with how it is told the folder. */
const LINUX_TERMINALS: ReadonlyArray<{ command: string; args: (folder: string) => string[] }> = [
  { command: 'x-terminal-emulator', args: () => [] },
  { command: 'gnome-terminal', args: (f) => [`--working-directory=${f}`] },
  { command: 'konsole', args: (f) => ['--workdir', f] },
  { command: 'xfce4-terminal', args: (f) => [`--working-directory=${f}`] },
  { command: 'kitty', args: (f) => ['--directory', f] },
  { command: 'alacritty', args: (f) => ['--working-directory', f] },
  { command: 'wezterm', args: (f) => ['start', '--cwd', f] },
  { command: 'foot', args: (f) => [`--working-directory=${f}`] },
  { command: 'xterm', args: () => [] },
];

export function terminalCommand(platform: NodeJS.Platform, has: (command: string) => boolean, folder: string): LaunchCommand | null {
  if (platform === 'darwin') return { command: 'open', args: ['-a', 'Terminal', folder], cwd: folder };
  if (platform === 'win32') {
    if (has('wt')) return { command: 'wt', args: ['-d', folder], cwd: folder };
    return { command: 'cmd.exe', args: ['/c', 'start', 'cmd.exe', '/K', `cd /d "${folder}"`], cwd: folder };
  }
  const t = LINUX_TERMINALS.find((c) => has(c.command));
  return t ? { command: t.command, args: t.args(folder), cwd: folder } : null;
}

export function filesCommand(platform: NodeJS.Platform, has: (command: string) => boolean, folder: string): LaunchCommand | null {
  if (platform === 'darwin') return { command: 'open', args: [folder], cwd: folder };
  if (platform === 'win32') return { command: 'explorer.exe', args: [folder], cwd: folder };
  return has('xdg-open') ? { command: 'xdg-open', args: [folder], cwd: folder } : null;
}
