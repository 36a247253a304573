import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import getPort from 'get-port';
import { startOpencodeServer } from '../../src-main/core/agents/opencode/opencode-server';
import { startMockLlm, type MockLlm } from '../support/mock-llm';
import { createOpencodeTestEnv, type OpencodeTestEnv } from '../support/opencode-env';

/** The launcher alone: a port taken between choosing and binding is retried on another one. */

let mock: MockLlm;
let env: OpencodeTestEnv;
let blocker: net.Server;
let takenPort: number;

beforeAll(async () => {
  mock = await startMockLlm();
  env = await createOpencodeTestEnv({ llmUrl: mock.url });
  blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  takenPort = (blocker.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  await mock.close();
  await env.dispose();
});

describe('startOpencodeServer', () => {
  it('retries on another port when the first one is taken, and requires the password', async () => {
    const freePort = await getPort({ host: '127.0.0.1' });
    const tried: number[] = [];
    const server = await startOpencodeServer({
      command: env.spec.command,
      args: [],
      env: env.env,
      readyTimeoutMs: 30_000,
      pickPort: async (attempt) => {
        const port = attempt === 1 ? takenPort : freePort;
        tried.push(port);
        return port;
      },
    });
    try {
      expect(tried).toEqual([takenPort, freePort]);
      expect(server.port).toBe(freePort);
      expect(server.baseUrl).toBe(`http://127.0.0.1:${freePort}`);
      expect((await fetch(`${server.baseUrl}/global/health`)).status).toBe(401);
      const authed = await fetch(`${server.baseUrl}/global/health`, { headers: { Authorization: server.authorization } });
      expect(authed.status).toBe(200);
      expect(await authed.json()).toMatchObject({ healthy: true });
    } finally {
      await server.child.stop();
    }
    expect(server.child.isAlive()).toBe(false);
  });
});
