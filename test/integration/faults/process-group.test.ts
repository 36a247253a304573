import { afterAll, describe, expect, it } from 'vitest';
import { spawnManaged, type ManagedChild } from '../../../src-main/core/util/managed-child';
import { groupMembers, killGroup, until } from '../../support/fault-tools';

/**
 * The process-group guarantees every agent relies on, on real processes: a leader killed with
 * SIGKILL takes whatever it spawned with it, and a child that ignores SIGTERM is still stopped
 * (SIGKILL after the grace) and `stop` returns.
 */

const started: ManagedChild[] = [];
afterAll(() => {
  for (const c of started) killGroup(c.pid);
});

function spawnTree(script: string): ManagedChild {
  const c = spawnManaged({ command: '/bin/sh', args: ['-c', script], env: { PATH: process.env.PATH } });
  started.push(c);
  return c;
}

describe('managed child process groups', () => {
  it('a leader killed with SIGKILL leaves no member of its group behind', async () => {
    // A leader with a grandchild that would otherwise outlive it (like a tool an agent started).
    const c = spawnTree('sleep 300 & sleep 301 & echo ready >&2; wait');
    await until(() => c.stderrTail().includes('ready'), 'the tree to start', 5000);
    await until(() => groupMembers(c.pid).length >= 3, 'three group members', 5000);
    process.kill(c.pid, 'SIGKILL');
    const exit = await c.exited;
    expect(exit.signal).toBe('SIGKILL');
    await until(() => groupMembers(c.pid).length === 0, `group ${c.pid} to be empty`, 3000);
  });

  it('a leader that exits on its own takes its background children with it', async () => {
    const c = spawnTree('sleep 300 & exit 0');
    const exit = await c.exited;
    expect(exit.code).toBe(0);
    await until(() => groupMembers(c.pid).length === 0, `group ${c.pid} to be empty`, 3000);
  });

  it('stop() escalates to SIGKILL for a child that ignores SIGTERM and returns within the grace', async () => {
    const c = spawnTree("trap '' TERM; echo ready >&2; while :; do sleep 0.1; done");
    await until(() => c.stderrTail().includes('ready'), 'the trap to be set', 5000);
    const t0 = Date.now();
    const exit = await c.stop(500);
    const ms = Date.now() - t0;
    expect(exit.signal).toBe('SIGKILL');
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(3000);
    await until(() => groupMembers(c.pid).length === 0, `group ${c.pid} to be empty`, 3000);
  });
});
