import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** One row of the OS's process table. */
export interface ProcessRow {
  pid: number;
  ppid: number;
}

/** Every process below `root` in `table` (children, grandchildren, …), not `root` itself. */
export function descendantsOf(table: readonly ProcessRow[], root: number): number[] {
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of table) {
    if (pid === ppid) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  const seen = new Set<number>([root]);
  while (queue.length > 0) {
    const pid = queue.shift()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** Parses lines of two numbers, `PID PPID`, as `ps -o pid=,ppid=` and the PowerShell query below print them. */
export function parseProcessTable(text: string): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
    if (match) rows.push({ pid: Number(match[1]), ppid: Number(match[2]) });
  }
  return rows;
}

/** The parent pid in a /proc/PID/stat line; the command name before it may contain spaces and parentheses. */
export function ppidFromStat(stat: string): number | null {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) ? ppid : null;
}

function linuxProcessTable(): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const ppid = ppidFromStat(readFileSync(`/proc/${name}/stat`, 'utf8'));
      if (ppid !== null) rows.push({ pid: Number(name), ppid });
    } catch {
      // The process ended while the table was read.
    }
  }
  return rows;
}

/** The process table right now: /proc on Linux, `ps` on macOS, CIM through PowerShell on Windows. */
export function processTable(): ProcessRow[] {
  if (process.platform === 'linux') return linuxProcessTable();
  const text =
    process.platform === 'win32'
      ? execFileSync('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', 'Get-CimInstance Win32_Process | ForEach-Object { "$($_.ProcessId) $($_.ParentProcessId)" }'], { encoding: 'utf8' })
      : execFileSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid='], { encoding: 'utf8' });
  return parseProcessTable(text);
}

/**
 * Linux: every process whose working directory is `dir` or below it, from the whole process
 * table, whoever its parent is now (a process started while an app shut down and orphaned since
 * has lost its place in the app's tree, not its working directory). Null elsewhere (no /proc).
 */
export function processesWorkingUnder(dir: string): number[] | null {
  if (process.platform !== 'linux') return null;
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let cwd: string;
    try {
      cwd = readlinkSync(`/proc/${name}/cwd`);
    } catch {
      // Ended while the table was read, or a zombie (it has no working directory any more).
      continue;
    }
    if (cwd === dir || cwd.startsWith(dir + path.sep)) found.push(Number(name));
  }
  return found;
}
