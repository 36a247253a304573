import { readdirSync, readFileSync } from 'node:fs';

/**
 * Resident memory of a process group (an agent and the helpers, language servers and shells it
 * spawns), read from Linux /proc; undefined where there is no /proc.
 */
export function readProcessGroupRss(pgid: number): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  let total = 0;
  let found = false;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command: state, ppid, pgrp, …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const m = status.match(/VmRSS:\s+(\d+)\s+kB/);
      if (m) {
        total += Number(m[1]) * 1024;
        found = true;
      }
    } catch {
      // the process ended while we looked
    }
  }
  return found ? total : undefined;
}

/**
 * readProcessGroupRss at most once per `maxAgeMs` per group. Reading walks every process in
 * /proc (most of a millisecond), and status goes out on every busy/idle change of every turn;
 * memory shown a couple of seconds late tells the user the same thing.
 */
export class RssSampler {
  private readonly samples = new Map<number, { at: number; bytes: number | undefined }>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly now: () => number,
    private readonly read: (pgid: number) => number | undefined = readProcessGroupRss,
  ) {}

  rss(pgid: number): number | undefined {
    const now = this.now();
    const sample = this.samples.get(pgid);
    if (sample && now - sample.at < this.maxAgeMs) return sample.bytes;
    const bytes = this.read(pgid);
    this.samples.set(pgid, { at: now, bytes });
    return bytes;
  }

  /** Drops groups no longer asked about, so the map holds only live agents. */
  retain(pgids: ReadonlySet<number>): void {
    for (const pgid of this.samples.keys()) if (!pgids.has(pgid)) this.samples.delete(pgid);
  }
}
