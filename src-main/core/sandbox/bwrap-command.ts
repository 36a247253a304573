import type { SandboxPlan } from './sandbox-plan';

/**
 * Pure: the bubblewrap command line that runs `command` with the whole filesystem read-only except
 * the plan's writable paths. The process keeps the host's network, user and pid namespace (so
 * BooCoder's process-group supervision and RSS sampling still see it); `--die-with-parent` takes
 * the sandboxed tree down if bwrap itself is killed.
 */
export function bwrapArgs(plan: SandboxPlan, command: string, args: readonly string[]): string[] {
  return [
    '--ro-bind', '/', '/',
    '--dev', '/dev',
    '--proc', '/proc',
    ...plan.writable.flatMap((p) => ['--bind', p, p]),
    '--die-with-parent',
    '--',
    command,
    ...args,
  ];
}
