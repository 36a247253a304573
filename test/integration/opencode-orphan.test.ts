import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockLlm, type MockLlm } from '../support/mock-llm';
import { createOpencodeTestEnv, type OpencodeTestEnv } from '../support/opencode-env';
import { processRunning } from '../support/process-alive';

/**
 * An app that dies without disposing its backend (SIGKILL, crash) must not leave its
 * `opencode serve` running: the server's orphan guard stops it.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
let mock: MockLlm;
let env: OpencodeTestEnv;

beforeAll(async () => {
  mock = await startMockLlm();
  env = await createOpencodeTestEnv({ llmUrl: mock.url });
});

afterAll(async () => {
  await mock.close();
  await env.dispose();
});


describe('opencode orphan guard', () => {
  it('stops the server when the process that started it is killed with SIGKILL', async () => {
    const script = path.join(env.root, 'host.mts');
    await writeFile(
      script,
      [
        `import { OpencodeBackend } from ${JSON.stringify(path.join(ROOT, 'src-main/core/agents/opencode/opencode-backend.ts'))};`,
        `const spec = JSON.parse(process.env.SPEC ?? '{}');`,
        // The server's cwd inside the test's temp root: a killed host cannot clean up after itself.
        `const backend = new OpencodeBackend(spec, { baseEnv: JSON.parse(process.env.CHILD_ENV ?? '{}'), serverCwd: process.env.SERVER_CWD });`,
        `await backend.start();`,
        `const state = backend.processState();`,
        `console.log('PID ' + (state.state === 'running' ? state.pid : -1));`,
        `setInterval(() => {}, 1000);`,
      ].join('\n'),
    );
    const host = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [script], {
      cwd: ROOT,
      env: { ...process.env, SPEC: JSON.stringify(env.spec), CHILD_ENV: JSON.stringify(env.env), SERVER_CWD: await env.makeDir('server') },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stderr = '';
    host.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const serverPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      host.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /PID (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      host.once('exit', (code) => reject(new Error(`host exited (${code}): ${stderr}`)));
    });
    expect(serverPid).toBeGreaterThan(0);
    expect(processRunning(serverPid)).toBe(true);
    // Kill the host's whole group at once, as a crash or a killed test runner would.
    process.kill(-host.pid!, 'SIGKILL');
    await expect.poll(() => processRunning(serverPid), { timeout: 10_000, interval: 100 }).toBe(false);
  });
});
