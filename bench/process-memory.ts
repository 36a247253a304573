import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Resident memory of every process in one process group (an agent and its children), in bytes; 0 once it is gone. */
function rssOfGroup(pgid: number): number {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'rss=', '-g', String(pgid)], { encoding: 'utf8' });
  } catch {
    return 0;
  }
  return out
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => Number.isFinite(n))
    .reduce((a, b) => a + b, 0) * 1024;
}

const selfRss = () => {
  const m = readFileSync('/proc/self/status', 'utf8').match(/VmRSS:\s+(\d+)/);
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
};

/** The app (this process, which hosts the core) and every agent process group it runs, in bytes. */
export const appAndAgentsRss = (agentProcesses: ReadonlyArray<{ pid: number }>): number =>
  selfRss() + agentProcesses.reduce((sum, p) => sum + rssOfGroup(p.pid), 0);
