import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import { detectEditors, editorCommand, filesCommand, terminalCommand, type EditorInfo, type LaunchCommand, type OpenTarget } from './open-commands';

/** Starts a program detached from the core (it outlives the request, and the app). Injected in tests. */
export type Launcher = (cmd: LaunchCommand) => Promise<void>;

export const launchDetached: Launcher = (cmd) =>
  new Promise((resolve, reject) => {
    const child = spawn(cmd.command, cmd.args, { cwd: cmd.cwd, detached: true, stdio: 'ignore' });
    child.once('error', (e: NodeJS.ErrnoException) =>
      reject(new AppError('OpenFailed', e.code === 'ENOENT' ? `${cmd.command} is not installed (not found on PATH).` : `${cmd.command} could not start: ${e.message}`)),
    );
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });

/** True when `command` is an executable file on PATH (or a path to one). */
export function onPath(pathEnv: string | undefined, platform: NodeJS.Platform = process.platform): (command: string) => boolean {
  const dirs = (pathEnv ?? '').split(path.delimiter).filter(Boolean);
  const exts = platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  return (command) => {
    const candidates = command.includes('/') || command.includes('\\') ? [command] : dirs.flatMap((d) => exts.map((e) => path.join(d, command + e)));
    return candidates.some((file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  };
}

export interface OpenInDeps {
  launch: Launcher;
  has: (command: string) => boolean;
  platform: NodeJS.Platform;
  /** The user's configured editor command line ('' = detect). */
  editorCommand: () => string;
}

export function availableEditors(deps: OpenInDeps): EditorInfo[] {
  return detectEditors(deps.has, deps.editorCommand());
}

export interface OpenTargets {
  editors: EditorInfo[];
  terminal: boolean;
  files: boolean;
}

export function openTargets(deps: OpenInDeps, folder: string): OpenTargets {
  return {
    editors: availableEditors(deps),
    terminal: terminalCommand(deps.platform, deps.has, folder) !== null,
    files: filesCommand(deps.platform, deps.has, folder) !== null,
  };
}

/** Opens `folder` in the chosen kind of program on the machine the core runs on; returns what was run. */
export async function openIn(deps: OpenInDeps, folder: string, target: OpenTarget, editorId?: string): Promise<LaunchCommand> {
  let cmd: LaunchCommand | null;
  if (target === 'editor') {
    const editors = availableEditors(deps);
    const editor = editorId ? editors.find((e) => e.id === editorId) : editors[0];
    if (!editor) {
      throw new AppError(
        'OpenFailed',
        editorId ? `The editor ${editorId} was not found on this machine.` : 'No editor found (VS Code, Cursor, Zed, JetBrains launchers); set an editor command in Settings.',
      );
    }
    cmd = editorCommand(editor, folder);
  } else if (target === 'terminal') {
    cmd = terminalCommand(deps.platform, deps.has, folder);
    if (!cmd) throw new AppError('OpenFailed', 'No terminal program found on this machine.');
  } else {
    cmd = filesCommand(deps.platform, deps.has, folder);
    if (!cmd) throw new AppError('OpenFailed', 'No file manager opener (xdg-open) found on this machine.');
  }
  await deps.launch(cmd);
  return cmd;
}
