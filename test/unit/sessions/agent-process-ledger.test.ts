import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentProcessLedger } from '../../../src-main/core/sessions/agent-process-ledger';
import { until } from '../../support/fault-tools';
import { processRunning } from '../../support/process-alive';
import { tempDir } from '../../support/temp-dir';

const sleeper = () => {
  const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
  child.unref();
  return child.pid!;
};

describe.runIf(process.platform === 'linux')('AgentProcessLedger', () => {
  it('stops the groups a previous core left running, and leaves a reused pid alone', async () => {
    await using dir = await tempDir('ledger-');
    const file = path.join(dir.path, 'agent-processes.json');
    const left = sleeper();
    const other = sleeper();
    try {
      new AgentProcessLedger(file).record([left, other]);
      // `other` now stands for a pid the system gave to another program: its start time differs.
      const entries = JSON.parse(readFileSync(file, 'utf8')) as Array<{ pid: number; start: string }>;
      writeFileSync(file, JSON.stringify(entries.map((e) => (e.pid === other ? { ...e, start: '1' } : e))));

      expect(new AgentProcessLedger(file).reapLeftovers()).toEqual([left]);
      await until(() => !processRunning(left), 'the left-over group to stop', 5000);
      expect(processRunning(other)).toBe(true);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([]);
      // Nothing recorded, nothing to do.
      expect(new AgentProcessLedger(file).reapLeftovers()).toEqual([]);
      expect(new AgentProcessLedger(path.join(dir.path, 'missing.json')).reapLeftovers()).toEqual([]);
    } finally {
      for (const pid of [left, other]) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  });

  it('stops a group whose leader is gone while its members live on (a sandbox leader dies with the core)', async () => {
    await using dir = await tempDir('ledger-');
    const file = path.join(dir.path, 'agent-processes.json');
    // The leader waits on its stdin with a child in its group; closing stdin ends the leader only.
    const leader = spawn('sh', ['-c', 'sleep 30 & echo $!; read x'], { detached: true, stdio: ['pipe', 'pipe', 'ignore'] });
    const member = Number(await new Promise<string>((resolve) => leader.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()))));
    try {
      new AgentProcessLedger(file).record([leader.pid!]);
      leader.stdin!.end();
      await until(() => !processRunning(leader.pid!), 'the leader to exit', 5000);
      expect(processRunning(member)).toBe(true);
      expect(new AgentProcessLedger(file).reapLeftovers()).toEqual([leader.pid]);
      await until(() => !processRunning(member), 'the member left behind to stop', 5000);
    } finally {
      try {
        process.kill(-leader.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
});
