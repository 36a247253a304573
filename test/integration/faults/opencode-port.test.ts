import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpencodeServer } from '../../../src-main/core/agents/opencode/opencode-server';
import { allProcesses } from '../../support/fault-tools';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';
import { createOpencodeTestEnv, type OpencodeTestEnv } from '../../support/opencode-env';

/**
 * The opencode server's port taken at start on every attempt (the retry path when the port is
 * lost once is covered in test/integration/opencode-server.test.ts): the start fails with a
 * named AgentStartFailed in bounded time, after trying each attempt, and leaves no process.
 */

describe('opencode start with its port taken', () => {
  let llm: MockLlm;
  let env: OpencodeTestEnv;
  const blockers: net.Server[] = [];

  beforeAll(async () => {
    llm = await startMockLlm();
    env = await createOpencodeTestEnv({ llmUrl: llm.url });
    for (let i = 0; i < 3; i++) {
      const b = net.createServer();
      await new Promise<void>((resolve) => b.listen(0, '127.0.0.1', resolve));
      blockers.push(b);
    }
  });
  afterAll(async () => {
    for (const b of blockers) await new Promise<void>((resolve) => b.close(() => resolve()));
    await llm?.close();
    await env?.dispose();
  });

  it('every attempt taken: AgentStartFailed naming the failure, each port tried once, no opencode left', async () => {
    const ports = blockers.map((b) => (b.address() as net.AddressInfo).port);
    const opencodeBefore = new Set(allProcesses().filter((p) => p.comm === 'opencode').map((p) => p.pid));
    const tried: number[] = [];
    const t0 = Date.now();
    const error = await startOpencodeServer({
      command: env.spec.command,
      args: [],
      env: env.env,
      readyTimeoutMs: 20_000,
      maxPortAttempts: 3,
      pickPort: async (attempt) => {
        tried.push(ports[attempt - 1]!);
        return ports[attempt - 1]!;
      },
    }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    const ms = Date.now() - t0;
    console.info(`[faults] opencode with every port taken gave up after ${ms} ms: ${error?.message.slice(0, 200)}`);
    expect(error?.name).toBe('AgentStartFailed');
    expect(error?.message).toMatch(/exited while starting|EADDRINUSE|in use|Failed to start/i);
    expect(tried).toEqual(ports);
    expect(ms).toBeLessThan(45_000);
    // Only processes of this test's isolated HOME count (other suites may run opencode meanwhile).
    const ours = (pid: number) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`HOME=${env.env.HOME}`);
      } catch {
        return false;
      }
    };
    const leftover = allProcesses().filter((p) => p.comm === 'opencode' && p.state !== 'Z' && !opencodeBefore.has(p.pid) && ours(p.pid));
    expect(leftover).toEqual([]);
  });
});
