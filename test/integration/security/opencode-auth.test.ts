import { readFileSync } from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, OPENCODE_USERNAME, startOpencodeServer, type RunningOpencodeServer } from '../../../src-main/core/agents/opencode/opencode-server';
import { groupMembers, killGroup, until } from '../../support/fault-tools';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';
import { createOpencodeTestEnv, type OpencodeTestEnv } from '../../support/opencode-env';

/**
 * The real `opencode serve` as the app starts it (random password per spawn): raw HTTP to its
 * port without credentials, with a wrong password or user, or with the password of another
 * spawn, is answered 401, for plain routes and for the event stream alike.
 */

function rawGet(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      res.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
  });
}

describe('opencode server authentication', () => {
  let llm: MockLlm;
  let env: OpencodeTestEnv;
  let otherEnv: OpencodeTestEnv;
  let server: RunningOpencodeServer;
  let other: RunningOpencodeServer;

  beforeAll(async () => {
    llm = await startMockLlm();
    // Two spawns, each in its own isolated HOME (two servers sharing one state dir can race at start).
    env = await createOpencodeTestEnv({ llmUrl: llm.url });
    otherEnv = await createOpencodeTestEnv({ llmUrl: llm.url });
    server = await startOpencodeServer({ command: env.spec.command, args: [], env: env.env, readyTimeoutMs: 30_000 });
    other = await startOpencodeServer({ command: otherEnv.spec.command, args: [], env: otherEnv.env, readyTimeoutMs: 30_000 });
  });
  afterAll(async () => {
    for (const s of [server, other]) if (s) await s.child.stop();
    for (const s of [server, other]) if (s) killGroup(s.child.pid);
    await llm?.close();
    await env?.dispose();
    await otherEnv?.dispose();
  });

  const routes = ['/global/health', '/session', '/config', '/event', '/global/event', '/file?path=.'];

  it('refuses requests without credentials, with a wrong password or user, or with another spawn’s password', async () => {
    const wrong: Array<Record<string, string>> = [
      {},
      { authorization: basicAuth(OPENCODE_USERNAME, 'wrong-password') },
      { authorization: basicAuth('admin', 'wrong-password') },
      { authorization: 'Bearer something' },
      { authorization: other.authorization },
    ];
    expect(other.authorization).not.toBe(server.authorization);
    for (const route of routes) {
      for (const headers of wrong) expect(await rawGet(`${server.baseUrl}${route}`, headers), `${route} ${JSON.stringify(headers)}`).toBe(401);
    }
  });

  it('answers with the spawn’s own password', async () => {
    expect(await rawGet(`${server.baseUrl}/global/health`, { authorization: server.authorization })).toBe(200);
    expect(await rawGet(`${other.baseUrl}/global/health`, { authorization: other.authorization })).toBe(200);
  });

  it('the password is not on the command line (other local users can read that)', () => {
    const cmdline = readFileSync(`/proc/${server.child.pid}/cmdline`, 'utf8');
    const password = Buffer.from(server.authorization.slice('Basic '.length), 'base64').toString().split(':')[1]!;
    expect(cmdline).not.toContain(password);
    expect(cmdline).toContain('--hostname\u0000127.0.0.1');
  });

  it('stops with its whole process group', async () => {
    const pid = server.child.pid;
    await server.child.stop();
    await until(() => groupMembers(pid).length === 0, 'opencode group gone', 5000);
  });
});
