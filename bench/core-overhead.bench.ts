import { Readable, Writable } from 'node:stream';
import * as acp from '@agentclientprotocol/sdk/unstable';
import { createOpencodeClient } from '@opencode-ai/sdk/v2';
import { startOpencodeServer } from '../src-main/core/agents/opencode/opencode-server';
import { opencodeProfile } from '../src-main/core/agents/profiles/opencode';
import { spawnManaged } from '../src-main/core/util/managed-child';
import { makeRepo } from '../test/support/git-repo';
import { OPENCODE_BIN } from '../test/support/opencode-env';
import { QWEN_BIN } from '../test/support/qwen-env';
import type { Benchmark, BenchRow } from './bench-types';
import { startCoreDriver } from './core-driver';
import { coreSide, measureOverhead, timed } from './core-overhead';

/**
 * What the core adds to a warm turn of its two default agents, opencode and qwen (one core runs
 * both): the core against each agent's own SDK on an equally warm session. claude-code, codex and
 * gemini have one bench file each (core-overhead-<agent>.bench.ts, against AcpBackend).
 *
 * The SDK side streams the reply as the core does: ACP streams by nature (session/update), and
 * for opencode that means listening to the session's event stream and sending with promptAsync
 * until session.idle. opencode's blocking prompt with no event stream is also measured, as
 * information: it is faster because the server then streams nothing at all, which no client that
 * shows a reply as it is written can do.
 */
async function run(): Promise<BenchRow[]> {
  const driver = await startCoreDriver();
  const { world } = driver;

  // Direct opencode: its own server, in a git checkout like the core's worktree, streamed as a
  // client showing the reply would: the session's event stream, promptAsync, done at session.idle.
  // Configured as the core configures it (no snapshots of its own), so only the core's own work differs.
  const env = { ...world.env, ...opencodeProfile.envOverrides!(world.env) };
  const server = await startOpencodeServer({ command: OPENCODE_BIN, args: [], env, readyTimeoutMs: 30_000 });
  const oc = createOpencodeClient({ baseUrl: server.baseUrl, headers: { Authorization: server.authorization } });
  const ocDir = makeRepo(await world.makeDir('direct-opencode'));
  const ocSession = (await oc.session.create({ directory: ocDir })).data!;
  const stopListening = new AbortController();
  const events = await oc.event.subscribe({ directory: ocDir }, { signal: stopListening.signal });
  const idle: { resolve: (() => void) | null } = { resolve: null };
  const listening = (async () => {
    for await (const ev of events.stream) {
      if (ev.type === 'session.idle' && ev.properties.sessionID === ocSession.id) idle.resolve?.();
    }
  })();
  const directOpencode = timed(async (prompt) => {
    const ended = new Promise<void>((resolve) => (idle.resolve = resolve));
    await oc.session.promptAsync({ sessionID: ocSession.id, directory: ocDir, parts: [{ type: 'text', text: prompt }] });
    await ended;
  });
  // For information: the blocking prompt on a session nobody streams from.
  const quietDir = makeRepo(await world.makeDir('direct-opencode-quiet'));
  const quietSession = (await oc.session.create({ directory: quietDir })).data!;
  const blockingOpencode = timed((prompt) => oc.session.prompt({ sessionID: quietSession.id, directory: quietDir, parts: [{ type: 'text', text: prompt }] }));

  // Direct qwen: its own child, the ACP SDK's client, session/prompt.
  const qwenDir = makeRepo(await world.makeDir('direct-qwen'));
  const child = spawnManaged({ command: QWEN_BIN, args: ['--acp'], env: world.env, cwd: qwenDir });
  const conn = acp
    .client({ name: 'bench' })
    .onNotification(acp.methods.client.session.update, () => {})
    .connect(acp.ndJsonStream(Writable.toWeb(child.child.stdin) as WritableStream<Uint8Array>, Readable.toWeb(child.child.stdout) as ReadableStream<Uint8Array>));

  try {
    await conn.agent.request(acp.methods.agent.initialize, { protocolVersion: 1, clientCapabilities: {} });
    const qwenSession = (await conn.agent.request(acp.methods.agent.session.new, { cwd: qwenDir, mcpServers: [] })) as { sessionId: string };
    const directQwen = timed((prompt) => conn.agent.request(acp.methods.agent.session.prompt, { sessionId: qwenSession.sessionId, prompt: [{ type: 'text', text: prompt }] }));
    return [
      ...(await measureOverhead('opencode', await coreSide(driver, 'opencode'), [
        { name: 'its SDK, streamed', turn: directOpencode },
        { name: "its SDK's blocking prompt, nothing streamed", turn: blockingOpencode, information: true },
      ])),
      ...(await measureOverhead('qwen', await coreSide(driver, 'qwen'), [{ name: 'its SDK, streamed', turn: directQwen }])),
    ];
  } finally {
    conn.close();
    await child.stop();
    stopListening.abort();
    await listening.catch(() => {});
    await server.child.stop();
    await driver.close();
  }
}

const bench: Benchmark = { name: 'core overhead (opencode, qwen)', run };
export default bench;
