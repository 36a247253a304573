import { readFileSync } from 'node:fs';

/**
 * Whether a process is still running. A zombie (exited, waiting to be reaped) does not count:
 * in containers whose PID 1 does not reap orphans, dead grandchildren linger as zombies.
 */
export function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // Only Linux has /proc to tell a zombie apart; elsewhere a signal-0 answer means running.
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the parenthesized command name, which may itself contain spaces.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
