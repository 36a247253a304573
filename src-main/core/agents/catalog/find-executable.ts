import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds a program the way a shell would, plus extra folders (BooCoder's own node_modules/.bin and
 * the repo's) searched first. Returns the absolute path, or null. An explicit path is checked as is.
 */
export function findExecutable(command: string, options: { extraDirs: string[]; pathEnv: string | undefined; platform?: NodeJS.Platform }): string | null {
  const platform = options.platform ?? process.platform;
  const isExecutable = (file: string) => {
    try {
      // No exception for the usual miss: building one per PATH entry is most of a lookup's cost.
      if (!statSync(file, { throwIfNoEntry: false })?.isFile()) return false;
      accessSync(file, platform === 'win32' ? constants.F_OK : constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (command.includes('/') || (platform === 'win32' && command.includes('\\'))) {
    return isExecutable(command) ? path.resolve(command) : null;
  }
  const dirs = [...options.extraDirs, ...(options.pathEnv ?? '').split(path.delimiter).filter(Boolean)];
  const suffixes = platform === 'win32' ? ['', '.cmd', '.exe', '.bat'] : [''];
  for (const dir of dirs) {
    for (const suffix of suffixes) {
      const candidate = path.join(dir, command + suffix);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}
