import type { SandboxPlan } from './sandbox-plan';

/** A string literal of Seatbelt's profile language (SBPL, a Scheme dialect). */
const sbplString = (value: string): string => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * Pure: a macOS Seatbelt profile for `sandbox-exec -p`, as Codex and Claude Code build theirs:
 * everything allowed except writing files, which is allowed only under the plan's paths and the
 * terminal and null devices every program writes to. The paths must be real paths (macOS's /tmp
 * is /private/tmp; Seatbelt matches after symlinks are resolved).
 */
export function seatbeltProfile(plan: SandboxPlan): string {
  const writable = plan.writable.map((p) => `  (subpath ${sbplString(p)})`).join('\n');
  return [
    '(version 1)',
    '(allow default)',
    '(deny file-write*)',
    '(allow file-write*',
    writable,
    '  (literal "/dev/null")',
    '  (literal "/dev/zero")',
    '  (literal "/dev/dtracehelper")',
    '  (regex #"^/dev/tty")',
    '  (regex #"^/dev/fd/")',
    '  (regex #"^/dev/ptmx")',
    '  (regex #"^/dev/ttys[0-9]+"))',
    '',
  ].join('\n');
}

export const seatbeltArgs = (plan: SandboxPlan, command: string, args: readonly string[]): string[] => [
  '-p',
  seatbeltProfile(plan),
  command,
  ...args,
];
