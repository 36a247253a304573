import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { descendantsOf, parseProcessTable, processTable } from '../../support/process-tree';

/** The process tree the Electron smoke test checks after quitting. */
describe('process tree', () => {
  it('finds children and grandchildren, not siblings, and survives a cycle', () => {
    const table = [
      { pid: 1, ppid: 0 },
      { pid: 10, ppid: 1 },
      { pid: 11, ppid: 10 },
      { pid: 12, ppid: 11 },
      { pid: 13, ppid: 10 },
      { pid: 20, ppid: 1 },
      { pid: 30, ppid: 31 },
      { pid: 31, ppid: 30 },
    ];
    expect(descendantsOf(table, 10).sort()).toEqual([11, 12, 13]);
    expect(descendantsOf(table, 12)).toEqual([]);
    expect(descendantsOf(table, 30)).toEqual([31]);
  });

  it('parses ps and PowerShell output, ignoring anything else', () => {
    expect(parseProcessTable('  101   1\n  202 101\r\n\nPID PPID\n303 x\n')).toEqual([
      { pid: 101, ppid: 1 },
      { pid: 202, ppid: 101 },
    ]);
  });

  it('sees a real child of this process', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      expect(descendantsOf(processTable(), process.pid)).toContain(child.pid);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
