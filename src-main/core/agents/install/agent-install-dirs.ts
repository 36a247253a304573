import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Where BooCoder installs agents: one npm prefix per package under `<dataDir>/agents`
 * (`<dataDir>/agents/opencode-ai/node_modules/.bin/opencode`), never a global folder. Agents that
 * share a package (opencode's server and ACP modes) share its install.
 */
export const agentInstallRoot = (dataDir: string): string => path.join(dataDir, 'agents');

/** Pure: the prefix folder of a package (`@scope/name` → `scope+name`, a name npm cannot have). */
export const packagePrefix = (root: string, packageName: string): string => path.join(root, packageName.replace(/^@/, '').replace('/', '+'));

export const packageBinDir = (root: string, packageName: string): string => path.join(packagePrefix(root, packageName), 'node_modules', '.bin');

const readVersion = (packageJson: string, name: string): string | null => {
  try {
    const parsed = JSON.parse(readFileSync(packageJson, 'utf8')) as { name?: unknown; version?: unknown };
    return parsed.name === name && typeof parsed.version === 'string' ? parsed.version : null;
  } catch {
    return null;
  }
};

/** The version of a package installed under an npm prefix folder, or null. */
export const versionInPrefix = (prefix: string, packageName: string): string | null =>
  readVersion(path.join(prefix, 'node_modules', packageName, 'package.json'), packageName);

/** The version of a package in BooCoder's own install, or null when it is not installed there. */
export const installedVersion = (root: string, packageName: string): string | null => versionInPrefix(packagePrefix(root, packageName), packageName);

/**
 * The version of the package a program belongs to, wherever it was found: npm links a package's
 * program into a bin folder, so following the link and walking up to the package.json that
 * names the package finds it. Null for a program that is not from that package (a native
 * install, a wrapper script).
 */
export function versionOfProgram(executable: string, packageName: string): string | null {
  let dir: string;
  try {
    dir = path.dirname(realpathSync(executable));
  } catch {
    return null;
  }
  for (let i = 0; i < 8; i++) {
    const version = readVersion(path.join(dir, 'package.json'), packageName);
    if (version) return version;
    // The platform package of a native program (codex-acp-linux-x64) sits beside the main one.
    const sibling = readVersion(path.join(dir, '..', packageName.split('/').pop()!, 'package.json'), packageName);
    if (sibling) return sibling;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}
