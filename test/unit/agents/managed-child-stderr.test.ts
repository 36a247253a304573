import { describe, expect, it } from 'vitest';
import { spawnManaged, type ManagedChild } from '../../../src-main/core/util/managed-child';

/**
 * A turn's error message adds only what the agent wrote to stderr during that turn: a mark
 * taken at the turn's start, and what was written after it. The child writes in two steps and
 * waits on stdin in between, so the mark falls exactly between them.
 */

// Writes part one (with colour codes, as CLIs do), waits for a line on stdin, writes part two, exits.
const SCRIPT = `
process.stderr.write('\\x1b[31mfirst: old failure\\x1b[0m\\n');
process.stdin.once('data', () => {
  process.stderr.write('\\x1b[1;33msecond: \\x1b[0mthis turn failed\\n', () => process.exit(0));
});
`;

async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function start(stderrTailBytes?: number): ManagedChild {
  return spawnManaged({ command: process.execPath, args: ['-e', SCRIPT], env: { PATH: process.env.PATH }, stderrTailBytes });
}

const FIRST_RAW = '\x1b[31mfirst: old failure\x1b[0m\n';

describe('ManagedChild stderr marks', () => {
  it('gives only what was written after the mark, without ANSI codes', async () => {
    const child = start();
    try {
      // Wait until the first part has arrived, so the mark is taken after it.
      await waitFor(() => child.stderrWritten() >= FIRST_RAW.length, 'the first stderr write');
      const mark = child.stderrWritten();
      expect(mark).toBe(FIRST_RAW.length);
      expect(child.stderrSince(mark)).toBe('');

      child.child.stdin.write('go\n');
      await child.exited;
      expect(child.stderrSince(mark)).toBe('second: this turn failed');
      // From the start: both parts, still stripped.
      expect(child.stderrSince(0)).toBe('first: old failure\nsecond: this turn failed');
      expect(child.stderrTail()).toBe('first: old failure\nsecond: this turn failed');
    } finally {
      await child.stop(500);
    }
  });

  it('gives at most the kept tail when more was written since the mark than is kept', async () => {
    const child = start(12);
    try {
      await waitFor(() => child.stderrWritten() >= FIRST_RAW.length, 'the first stderr write');
      const mark = child.stderrWritten();
      child.child.stdin.write('go\n');
      await child.exited;
      // The last 12 characters of "\x1b[1;33msecond: \x1b[0mthis turn failed\n".
      expect(child.stderrSince(mark)).toBe('turn failed');
      expect(child.stderrTail()).toBe('turn failed');
      expect(child.stderrWritten()).toBeGreaterThan(mark);
    } finally {
      await child.stop(500);
    }
  });

  it('a child that writes to stderr and exits at once: its exit waits for the last of stderr', async () => {
    // The exit event can come before the pipe is read; each of these exits must carry its message.
    for (let i = 0; i < 20; i++) {
      const child = spawnManaged({ command: 'sh', args: ['-c', `echo "boom ${i}: no provider here" >&2; exit 3`], env: { PATH: process.env.PATH } });
      const exit = await child.exited;
      expect(exit.code).toBe(3);
      expect(child.stderrTail()).toBe(`boom ${i}: no provider here`);
    }
  });
});
