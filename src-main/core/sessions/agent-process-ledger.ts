import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

interface Entry {
  pid: number;
  /** The leader's start time (clock ticks since boot, /proc/<pid>/stat field 22): tells a reused pid apart. */
  start: string;
}

/**
 * The agent process groups a data dir's core has running, kept in a small file so the next start
 * can stop any that outlived a core killed without a chance to clean up (SIGKILL, a crash). Agents
 * normally exit when their stdin closes with the core, but not every agent does, every time.
 * A group is stopped only while its leader still has the recorded start time, or, its leader gone,
 * while members of it live on, so a pid the system has since given to another program is left alone. Linux only (/proc); elsewhere it records nothing.
 */
export class AgentProcessLedger {
  private written = '';

  constructor(private readonly file: string) {}

  /** Records the leaders of the agent process groups running now (written only when the set changes). */
  record(pids: number[]): void {
    const entries = pids.flatMap((pid) => {
      const start = startTimeOf(pid);
      return start ? [{ pid, start }] : [];
    });
    const text = JSON.stringify(entries.sort((a, b) => a.pid - b.pid));
    if (text === this.written) return;
    try {
      writeFileSync(`${this.file}.tmp`, text);
      renameSync(`${this.file}.tmp`, this.file);
      this.written = text;
    } catch {
      // Best effort: without the file a later start only cannot clean up after a crash.
    }
  }

  /** Stops (SIGKILL, whole group) every recorded group whose leader is still the same process; returns their pids. */
  reapLeftovers(): number[] {
    let entries: Entry[];
    try {
      entries = JSON.parse(readFileSync(this.file, 'utf8')) as Entry[];
    } catch {
      entries = [];
    }
    const stopped: number[] = [];
    for (const e of Array.isArray(entries) ? entries : []) {
      if (typeof e?.pid !== 'number' || typeof e.start !== 'string') continue;
      if (!this.stillOurs(e)) continue;
      try {
        process.kill(-e.pid, 'SIGKILL');
        stopped.push(e.pid);
      } catch {
        // gone meanwhile
      }
    }
    this.record([]);
    return stopped;
  }

  /**
   * The leader is still the recorded process; or it is gone (a sandbox's bwrap dies with the
   * core) while members of its group live on. A pid stays taken while a group of that id has a
   * member, so those are the recorded group's, started after its leader.
   */
  private stillOurs(e: Entry): boolean {
    const leaderStart = startTimeOf(e.pid);
    if (leaderStart !== undefined) return leaderStart === e.start;
    const members = groupMembersStarts(e.pid);
    return members.length > 0 && members.every((start) => Number(start) >= Number(e.start));
  }
}

/** The start times of the live processes whose process group is `pgid`. */
function groupMembersStarts(pgid: number): string[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const starts: string[] = [];
  for (const pid of pids) {
    const fields = statFields(Number(pid));
    // After the command: state (3), ppid (4), pgrp (5) … start time (22).
    if (fields && Number(fields[2]) === pgid && fields[19]) starts.push(fields[19]);
  }
  return starts;
}

/** /proc/<pid>/stat from field 3 (state) on: the command before it may contain spaces. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** The start time (field 22). */
function startTimeOf(pid: number): string | undefined {
  return statFields(pid)?.[19];
}
