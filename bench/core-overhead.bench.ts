import { Readable, Writable } from 'node:stream';
import * as acp from '@agentclientprotocol/sdk/unstable';
import { createOpencodeClient } from '@opencode-ai/sdk/v2';
import { startOpencodeServer } from '../src-main/core/agents/opencode/opencode-server';
import { spawnManaged } from '../src-main/core/util/managed-child';
import { makeRepo } from '../test/support/git-repo';
import { OPENCODE_BIN } from '../test/support/opencode-env';
import { QWEN_BIN } from '../test/support/qwen-env';
import type { Benchmark, BenchRow } from './bench-types';
import { startCoreDriver } from './core-driver';

/**
 * What the core adds to a warm turn: the same prompt on the same mock LLM, through the whole core
 * (turns.send → turn.end: dispatcher, pool, transcript, worktree snapshot) vs straight through
 * each agent's own SDK on an equally warm session, measured alternately in one run.
 *
 * The SDK side streams the reply as the core does: ACP streams by nature (session/update), and
 * for opencode that means listening to the session's event stream and sending with promptAsync
 * until session.idle. opencode's blocking prompt with no event stream is also measured, as
 * information: it is faster because the server then streams nothing at all, which no client that
 * shows a reply as it is written can do.
 */
const ROUNDS = 41;
/**
 * Quiet time before each measured turn. Both the core and opencode keep working for a while after
 * a turn ends (the worktree snapshot, transcript flushes, opencode's own post-turn bookkeeping);
 * on a two-core machine that work would land in whichever turn is measured next.
 */
const SETTLE_MS = 250;
const pause = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function run(): Promise<BenchRow[]> {
  const driver = await startCoreDriver();
  const { world, call } = driver;
  const repoDir = makeRepo(await world.makeDir('repo'));
  const repo = await call<{ id: string }>('repos.open', { path: repoDir });
  const chat = await call<{ id: string }>('chats.create', { repoId: repo.id });
  const coreTurn = async (agent: string, prompt: string) => {
    const t0 = performance.now();
    await driver.turn(chat.id, agent, prompt);
    return performance.now() - t0;
  };

  // Direct opencode: its own server, in a git checkout like the core's worktree, streamed as a
  // client showing the reply would: the session's event stream, promptAsync, done at session.idle.
  const server = await startOpencodeServer({ command: OPENCODE_BIN, args: [], env: world.env, readyTimeoutMs: 30_000 });
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
  const directOpencode = async (prompt: string) => {
    const t0 = performance.now();
    const ended = new Promise<void>((resolve) => (idle.resolve = resolve));
    await oc.session.promptAsync({ sessionID: ocSession.id, directory: ocDir, parts: [{ type: 'text', text: prompt }] });
    await ended;
    return performance.now() - t0;
  };
  // For information: the blocking prompt on a session nobody streams from.
  const quietDir = makeRepo(await world.makeDir('direct-opencode-quiet'));
  const quietSession = (await oc.session.create({ directory: quietDir })).data!;
  const blockingOpencode = async (prompt: string) => {
    const t0 = performance.now();
    await oc.session.prompt({ sessionID: quietSession.id, directory: quietDir, parts: [{ type: 'text', text: prompt }] });
    return performance.now() - t0;
  };

  // Direct qwen: its own child, the ACP SDK's client, session/prompt.
  const qwenDir = makeRepo(await world.makeDir('direct-qwen'));
  const child = spawnManaged({ command: QWEN_BIN, args: ['--acp'], env: world.env, cwd: qwenDir });
  const conn = acp
    .client({ name: 'bench' })
    .onNotification(acp.methods.client.session.update, () => {})
    .connect(acp.ndJsonStream(Writable.toWeb(child.child.stdin) as WritableStream<Uint8Array>, Readable.toWeb(child.child.stdout) as ReadableStream<Uint8Array>));
  await conn.agent.request(acp.methods.agent.initialize, { protocolVersion: 1, clientCapabilities: {} });
  const qwenSession = (await conn.agent.request(acp.methods.agent.session.new, { cwd: qwenDir, mcpServers: [] })) as { sessionId: string };
  const directQwen = async (prompt: string) => {
    const t0 = performance.now();
    await conn.agent.request(acp.methods.agent.session.prompt, { sessionId: qwenSession.sessionId, prompt: [{ type: 'text', text: prompt }] });
    return performance.now() - t0;
  };

  const rows: BenchRow[] = [];
  try {
    for (const [agent, direct, quiet] of [
      ['opencode', directOpencode, blockingOpencode],
      ['qwen', directQwen, null],
    ] as const) {
      // Warm every path first: process start, first turn in the directory, worktree creation.
      for (let i = 0; i < 2; i++) {
        await coreTurn(agent, `warm up ${i}`);
        await direct(`warm up ${i}`);
        await quiet?.(`warm up ${i}`);
      }
      const viaCore: number[] = [];
      const viaSdk: number[] = [];
      const viaQuietSdk: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        await pause();
        viaCore.push(await coreTurn(agent, `turn ${i}`));
        await pause();
        viaSdk.push(await direct(`turn ${i}`));
        if (!quiet) continue;
        await pause();
        viaQuietSdk.push(await quiet(`turn ${i}`));
      }
      const c = median(viaCore);
      const d = median(viaSdk);
      rows.push({ name: `warm turn through the core vs its SDK, streamed (${agent})`, value: c, baseline: d, unit: 'ms', ratio: c / d, goal: '≤ 1.05×', met: c / d <= 1.05 });
      if (quiet) {
        const q = median(viaQuietSdk);
        rows.push({ name: `warm turn through the core vs its SDK's blocking prompt, nothing streamed (${agent}; information)`, value: c, baseline: q, unit: 'ms', ratio: c / q });
      }
    }
  } finally {
    conn.close();
    await child.stop();
    stopListening.abort();
    await listening.catch(() => {});
    await server.child.stop();
    await driver.close();
  }
  return rows;
}

const bench: Benchmark = { name: 'core overhead', run };
export default bench;
