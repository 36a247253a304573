import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { descendantsOf, parseProcessTable, ppidFromStat, processesWorkingUnder, processTable } from '../../support/process-tree';

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

  it('reads the parent from /proc stat lines, whatever the command name holds', () => {
    expect(ppidFromStat('4242 (node) S 4100 4242 4100 0 -1')).toBe(4100);
    expect(ppidFromStat('77 (a (b) c) R 1 77 77 0 -1')).toBe(1);
    expect(ppidFromStat('garbage')).toBeNull();
  });

  it('sees a real child and grandchild of this process', async () => {
    // The child starts a grandchild and prints its pid.
    const script = "const c = require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' }); console.log(c.pid); setTimeout(() => {}, 30000);";
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const grandchild = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
      const below = descendantsOf(processTable(), process.pid);
      expect(below).toContain(child.pid);
      expect(below).toContain(grandchild);
      process.kill(grandchild, 'SIGKILL');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it.runIf(process.platform === 'linux')('finds the processes working inside a folder, not those beside it', async () => {
    const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'process-tree-')));
    const inside = path.join(root, 'a', 'b');
    const beside = `${root}-beside`;
    mkdirSync(inside, { recursive: true });
    mkdirSync(beside);
    const sleeper = (cwd: string) => spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { cwd, stdio: 'ignore' });
    const a = sleeper(inside);
    const b = sleeper(beside);
    try {
      await new Promise((r) => setTimeout(r, 200));
      const found = processesWorkingUnder(root)!;
      expect(found).toContain(a.pid);
      expect(found).not.toContain(b.pid);
      expect(found).not.toContain(process.pid);
      a.kill('SIGKILL');
      await new Promise((r) => a.once('exit', r));
      expect(processesWorkingUnder(root)).not.toContain(a.pid);
    } finally {
      a.kill('SIGKILL');
      b.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
      rmSync(beside, { recursive: true, force: true });
    }
  });
});
