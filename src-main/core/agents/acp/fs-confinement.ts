import { lstat, mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../errors';

/**
 * Serving an agent's `fs/read_text_file` and `fs/write_text_file` inside one worktree.
 *
 * A path is allowed when, after following every symlink that exists along it, it still lies
 * inside the worktree (itself resolved through symlinks). A path that escapes by `..`, an
 * absolute path elsewhere, a symlinked directory or file pointing out, or a dangling symlink
 * (whose target we cannot check and a write would create) is refused with PathOutsideWorktree.
 * The operation then runs on the resolved real path, so a link followed during the check is the
 * one used.
 */

const isInside = (root: string, candidate: string): boolean => {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

const isErrno = (e: unknown, code: string): boolean =>
  typeof e === 'object' && e !== null && 'code' in e && (e as { code?: unknown }).code === code;

const outside = (requested: string, root: string) =>
  new AppError('PathOutsideWorktree', `Path ${requested} is outside the worktree ${root}`);

/**
 * Resolves `requested` (absolute, or relative to `root`) to a real path inside `root`, or throws
 * AppError('PathOutsideWorktree'). Components that do not exist yet are appended as they are:
 * they cannot be symlinks, and the normalised path has no `..` left.
 */
export async function resolveConfinedPath(root: string, requested: string): Promise<string> {
  if (requested.includes('\0')) throw outside(requested, root);
  const realRoot = await realpath(root);
  const absolute = path.resolve(root, requested);
  // Cheap lexical check first; agents may also hand back paths through the real root.
  if (!isInside(path.resolve(root), absolute) && !isInside(realRoot, absolute)) throw outside(requested, root);

  const missing: string[] = [];
  let probe = absolute;
  for (;;) {
    try {
      const real = await realpath(probe);
      const resolved = path.join(real, ...missing.reverse());
      if (!isInside(realRoot, resolved)) throw outside(requested, root);
      return resolved;
    } catch (e) {
      if (e instanceof AppError) throw e;
      if (!isErrno(e, 'ENOENT') && !isErrno(e, 'ENOTDIR')) throw e;
      // realpath fails both for a missing entry and for a dangling symlink: only the first is fine.
      const isDanglingLink = await lstat(probe).then(
        (s) => s.isSymbolicLink(),
        () => false,
      );
      if (isDanglingLink) throw outside(requested, root);
      const parent = path.dirname(probe);
      if (parent === probe) throw outside(requested, root);
      missing.push(path.basename(probe));
      probe = parent;
    }
  }
}

export interface ReadRange {
  /** 1-based first line to return. */
  line?: number | null;
  /** Maximum number of lines to return. */
  limit?: number | null;
}

/** The lines [line, line + limit) of a text, 1-based, as ACP's fs/read_text_file defines them. */
export function sliceLines(content: string, range: ReadRange): string {
  if (range.line == null && range.limit == null) return content;
  const lines = content.split('\n');
  const start = Math.max(0, (range.line ?? 1) - 1);
  const end = range.limit == null ? lines.length : start + Math.max(0, range.limit);
  return lines.slice(start, end).join('\n');
}

export async function readConfinedTextFile(root: string, requested: string, range: ReadRange = {}): Promise<string> {
  const real = await resolveConfinedPath(root, requested);
  return sliceLines(await readFile(real, 'utf8'), range);
}

export async function writeConfinedTextFile(root: string, requested: string, content: string): Promise<void> {
  const real = await resolveConfinedPath(root, requested);
  await mkdir(path.dirname(real), { recursive: true });
  await writeFile(real, content, 'utf8');
}
