/**
 * Records real opencode wire events into test/fixtures/opencode/*.jsonl for the mapper's unit
 * tests: a real `opencode serve` against the mock LLM, one scenario per file.
 *
 *   npx tsx scripts/record-opencode-fixtures.ts [scenario...]
 *
 * Each line is one record: `{"kind":"session","sessionID"}` first, then the client's own actions
 * (`prompt` with the user message id it chose, `cancel`, `permission-reply`) interleaved with
 * every `event` the directory's SSE stream delivered, in arrival order.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createOpencodeClient } from '@opencode-ai/sdk/v2';
import { ascendingId } from '../src-main/core/agents/opencode/opencode-ids';
import { startOpencodeServer } from '../src-main/core/agents/opencode/opencode-server';
import { startMockLlm } from '../test/support/mock-llm';
import { createOpencodeTestEnv } from '../test/support/opencode-env';

type Rec = Record<string, unknown>;
interface Scenario {
  name: string;
  /** Permission rules for this scenario's server (default: allow everything). */
  permission?: Record<string, 'allow' | 'ask' | 'deny'>;
  run(ctx: ScenarioContext): Promise<void>;
}
interface ScenarioContext {
  prompt(text: string, messageID?: string, model?: { providerID: string; modelID: string }): Promise<string>;
  waitFor(pred: (ev: Rec) => boolean, timeoutMs?: number): Promise<Rec>;
  cancel(): Promise<void>;
  replyPermission(requestID: string, reply: 'once' | 'always' | 'reject'): Promise<void>;
}

const props = (ev: Rec): Rec => (typeof ev.properties === 'object' && ev.properties !== null ? (ev.properties as Rec) : {});
const isIdleAfter = (messageID: string, seen: { user: boolean }) => (ev: Rec) => {
  const p = props(ev);
  if (ev.type === 'message.updated' && (p.info as Rec | undefined)?.id === messageID) seen.user = true;
  return seen.user && ev.type === 'session.idle';
};

async function promptAndWaitIdle(ctx: ScenarioContext, text: string, model?: { providerID: string; modelID: string }): Promise<void> {
  const seen = { user: false };
  const messageID = ascendingId('msg');
  // Register the waiter before sending so nothing is missed.
  const idle = ctx.waitFor(isIdleAfter(messageID, seen), 30_000);
  await ctx.prompt(text, messageID, model);
  await idle;
}

const SCENARIOS: Scenario[] = [
  { name: 'text', run: (ctx) => promptAndWaitIdle(ctx, 'Say hello.') },
  { name: 'reasoning', run: (ctx) => promptAndWaitIdle(ctx, 'Think first. [[mock:reasoning]]') },
  { name: 'tool-write', run: (ctx) => promptAndWaitIdle(ctx, 'Write the file. [[mock:write:hello.txt:hi]]') },
  {
    name: 'permission',
    permission: { edit: 'ask', bash: 'allow' },
    async run(ctx) {
      const asked = ctx.waitFor((ev) => ev.type === 'permission.asked', 30_000);
      const done = promptAndWaitIdle(ctx, 'Write it. [[mock:write:perm.txt:allowed]]');
      const ev = await asked;
      await ctx.replyPermission(String(props(ev).id), 'once');
      await done;
    },
  },
  {
    // A 500 is retryable: opencode retries with backoff (session.status "retry") until cancelled.
    name: 'retry-then-cancel',
    async run(ctx) {
      const retrying = ctx.waitFor((ev) => ev.type === 'session.status' && (props(ev).status as Rec | undefined)?.type === 'retry', 30_000);
      const done = promptAndWaitIdle(ctx, 'Fail. [[mock:error500]]');
      await retrying;
      await ctx.cancel();
      await done;
    },
  },
  {
    name: 'unknown-model',
    run: (ctx) => promptAndWaitIdle(ctx, 'Hello?', { providerID: 'mock', modelID: 'no-such-model' }),
  },
  {
    name: 'abort-then-next',
    async run(ctx) {
      // Warm the directory first so the slow turn streams straight away.
      await promptAndWaitIdle(ctx, 'Warm up.');
      const deltas = ctx.waitFor((ev) => ev.type === 'message.part.delta' && String(props(ev).delta).startsWith('chunk3'), 30_000);
      await ctx.prompt('Go slowly. [[mock:slow]]');
      await deltas;
      await ctx.cancel();
      // No waiting: the next prompt goes out while the aborted turn's trailing events arrive.
      await promptAndWaitIdle(ctx, 'Again. [[mock:reply:second turn text]]');
      // Let any late trailing event land in the recording too.
      await new Promise((r) => setTimeout(r, 300));
    },
  },
];

async function main(): Promise<void> {
  const wanted = new Set(process.argv.slice(2));
  const outDir = path.resolve(import.meta.dirname, '../test/fixtures/opencode');
  await mkdir(outDir, { recursive: true });
  const mock = await startMockLlm();
  try {
    for (const scenario of SCENARIOS) {
      if (wanted.size > 0 && !wanted.has(scenario.name)) continue;
      // A server per scenario: permission rules are server config, and every recording starts
      // from the same cold state.
      await using env = await createOpencodeTestEnv({ llmUrl: mock.url, permission: scenario.permission });
      const server = await startOpencodeServer({ command: env.spec.command, args: [], env: env.env, readyTimeoutMs: 20_000 });
      await using _stop = { [Symbol.asyncDispose]: async () => void (await server.child.stop()) };
      const dir = await env.makeDir(scenario.name);
      const client = createOpencodeClient({ baseUrl: server.baseUrl, directory: dir, headers: { Authorization: server.authorization } });
      const records: Rec[] = [];
      const t0 = Date.now();
      const record = (r: Rec) => records.push({ t: Date.now() - t0, ...r });
      const waiters: Array<{ pred: (ev: Rec) => boolean; resolve: (ev: Rec) => void }> = [];
      const ac = new AbortController();
      const sub = await client.event.subscribe({ directory: dir }, { signal: ac.signal });
      let connected!: () => void;
      const isConnected = new Promise<void>((r) => (connected = r));
      const pump = (async () => {
        for await (const raw of sub.stream) {
          const ev = raw as unknown as Rec;
          if (ev.type === 'server.connected') connected();
          record({ kind: 'event', event: ev });
          for (const w of [...waiters]) {
            if (w.pred(ev)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(ev);
            }
          }
        }
      })().catch(() => {});
      await isConnected;
      const created = await client.session.create({ directory: dir, title: scenario.name });
      if (!created.data) throw new Error(`session.create failed: ${JSON.stringify(created.error)}`);
      const sessionID = created.data.id;
      records.unshift({ t: 0, kind: 'session', sessionID, scenario: scenario.name });
      const ctx: ScenarioContext = {
        async prompt(text, messageID = ascendingId('msg'), model = { providerID: 'mock', modelID: 'mock-model' }) {
          record({ kind: 'prompt', messageID, text });
          const r = await client.session.promptAsync({
            sessionID,
            directory: dir,
            messageID,
            model,
            parts: [{ type: 'text', text }],
          });
          if (r.error) throw new Error(`promptAsync failed: ${JSON.stringify(r.error)}`);
          return messageID;
        },
        waitFor(pred, timeoutMs = 30_000) {
          return new Promise<Rec>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`timeout in ${scenario.name}`)), timeoutMs);
            waiters.push({ pred, resolve: (ev) => (clearTimeout(timer), resolve(ev)) });
          });
        },
        async cancel() {
          record({ kind: 'cancel' });
          await client.session.abort({ sessionID, directory: dir });
        },
        async replyPermission(requestID, reply) {
          record({ kind: 'permission-reply', requestID, reply });
          await client.permission.reply({ requestID, reply, directory: dir });
        },
      };
      await scenario.run(ctx);
      ac.abort();
      await pump;
      const file = path.join(outDir, `${scenario.name}.jsonl`);
      await writeFile(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      console.log(`${scenario.name}: ${records.length} records -> ${path.relative(process.cwd(), file)}`);
    }
  } finally {
    await mock.close();
  }
}

await main();
