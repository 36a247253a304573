/**
 * Inside the agent's sandbox every chat's worktree is writable: one warm process serves many
 * chats. A shell command an agent runs is confined further, to the one worktree it runs in: the
 * agent's shells (`bash`, `sh` and the user's `$SHELL`, found first on the sandbox's PATH) are
 * small scripts that start the real shell in a nested bwrap where only that worktree (a chat's
 * `<root>/<chat>`, or an arena contestant's `<root>/<arena>/<agent>`), the
 * agent's temp folder and what committing needs of `.git` are writable. A command that runs
 * outside every worktree (the agent's own housekeeping) gets the real shell as it is. The same
 * script confines an agent's per-session child (Claude Code's CLI) to its session's worktree.
 */

export interface WorktreeShellInput {
  /** The real program this script stands in for (absolute): a shell, or an agent's per-session child. */
  realShell: string;
  /** Arguments that always come first (a script's interpreter runs `node cli.js …`). */
  leadingArgs?: readonly string[];
  bwrap: string;
  /** Real path of the folder holding every chat's worktree (one folder per chat). */
  worktreesRoot: string;
  /** Writable for every command besides its worktree: the temp folder, `.git` objects, refs, logs, worktrees. */
  alsoWritable: readonly string[];
}

/** The marker a confined shell carries, so a shell it starts is not wrapped twice. */
export const CONFINED_ENV = 'BOOCODER_CONFINED_TO';

/** POSIX sh single-quoting. */
const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Pure: the text of the wrapper script. */
export function worktreeShellScript(input: WorktreeShellInput): string {
  // Arguments are prepended one group at a time so the command's own arguments ("$@") stay intact.
  const extraBinds = input.alsoWritable.map((p) => `set -- --bind ${q(p)} ${q(p)} "$@"`).join('\n');
  const leading = (input.leadingArgs ?? []).map(q).join(' ');
  return `#!/bin/sh
# BooCoder: runs ${input.realShell} confined to the chat worktree it is started in.
${leading ? `set -- ${leading} "$@"\n` : ''}real=${q(input.realShell)}
root=${q(input.worktreesRoot)}
if [ -n "\${${CONFINED_ENV}:-}" ]; then exec "$real" "$@"; fi
here=$(pwd -P 2>/dev/null) || exec "$real" "$@"
case "$here/" in
  "$root"/*/*) ;;
  *) exec "$real" "$@" ;;
esac
rest=\${here#"$root"/}
first=\${rest%%/*}
worktree="$root/$first"
# An arena's contestants each have a worktree one level further down (<root>/<arena>/<agent>).
if [ ! -e "$worktree/.git" ]; then
  below=\${rest#"$first"}
  below=\${below#/}
  second=\${below%%/*}
  if [ -n "$second" ] && [ -e "$worktree/$second/.git" ]; then worktree="$worktree/$second"; fi
fi
set -- -- "$real" "$@"
${extraBinds}
set -- --ro-bind / / --dev /dev --proc /proc --bind "$worktree" "$worktree" --setenv ${CONFINED_ENV} "$worktree" --die-with-parent "$@"
exec ${q(input.bwrap)} "$@"
`;
}
