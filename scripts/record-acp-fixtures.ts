/**
 * Records real ACP traffic from `qwen --acp` (driven by the mock LLM, in an isolated HOME) into
 * test/fixtures/acp/*.jsonl, one JSON-RPC message per line as `{"dir": "in"|"out", "message": …}`
 * ("in" = agent → client). The unit tests replay these through the pure mappers.
 *
 *   npx tsx scripts/record-acp-fixtures.ts
 *
 * Temp paths are rewritten to /WORK so the files are stable across runs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentEvent } from '../src-preload/contract';
import { AcpBackend } from '../src-main/core/agents/acp/acp-backend';
import { AcpConnection, type WireDirection } from '../src-main/core/agents/acp/acp-connection';
import { cancelledOutcome } from '../src-main/core/agents/acp/acp-permission';
import type { AgentSessionHandle } from '../src-main/core/agents/agent-backend';
import { startMockLlm } from '../test/support/mock-llm';
import { makeQwenEnv, QWEN_BIN } from '../test/support/qwen-env';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(repoRoot, 'test', 'fixtures', 'acp');

interface WireLine {
  dir: WireDirection;
  message: unknown;
}

const llm = await startMockLlm();
const env = await makeQwenEnv(llm.url, 'acp-rec-');
let capture: WireLine[] | null = null;

const backend = new AcpBackend(
  { id: 'qwen', name: 'Qwen Code', kind: 'acp', command: QWEN_BIN, args: ['--acp'], env: {} },
  {
    baseEnv: env.env,
    cwd: env.root,
    onWireMessage: (dir, message) => capture?.push({ dir, message: structuredClone(message) }),
  },
);

/**
 * Shortens what is noise for the fixtures: qwen's slash-command list, which carries ~540 KB of
 * skill descriptions in its `_meta` after every turn.
 */
function trim(message: unknown): unknown {
  const m = message as { params?: { update?: { sessionUpdate?: string; availableCommands?: unknown[]; _meta?: unknown } } };
  const update = m.params?.update;
  if (update?.sessionUpdate === 'available_commands_update' && Array.isArray(update.availableCommands)) {
    update.availableCommands = update.availableCommands.slice(0, 2);
    delete update._meta;
  }
  return message;
}

async function save(name: string, lines: WireLine[]): Promise<void> {
  const text = lines
    .map((l) => JSON.stringify({ dir: l.dir, message: trim(l.message) }))
    .join('\n')
    .replaceAll(env.root, '/WORK');
  await writeFile(path.join(outDir, `${name}.jsonl`), text + '\n');
  console.log(`${name}: ${lines.length} messages`);
}

async function record(
  name: string,
  session: AgentSessionHandle,
  prompt: string,
  opts: { mode?: string; onEvent?: (e: AgentEvent, s: AgentSessionHandle) => void } = {},
): Promise<void> {
  capture = [];
  const result = await session.prompt({
    prompt,
    mode: opts.mode,
    onEvent: (e) => opts.onEvent?.(e, session),
  });
  // Let trailing notifications of the turn arrive.
  await new Promise((r) => setTimeout(r, 300));
  const lines = capture;
  capture = null;
  console.log(`  stopReason ${result.stopReason}`);
  await save(name, lines);
}

try {
  await mkdir(outDir, { recursive: true });
  const cwd = await env.makeDir('project');
  const session = await backend.openSession({ cwd });

  await record('plain', session, 'Say hello.', { mode: 'yolo' });
  await record('reasoning', session, 'Think first. [[mock:reasoning]]');
  await record('tool-write', session, 'Write the file. [[mock:write:hello.txt:hi there\\n]]');
  await record('permission', session, 'Write another. [[mock:write:second.txt:second\\n]]', {
    mode: 'default',
    onEvent: (e, s) => {
      if (e.type === 'permission.request') {
        const allow = e.options.find((o) => o.kind === 'allow_once') ?? e.options[0]!;
        void s.replyPermission(e.requestId, allow.optionId);
      }
    },
  });
  let chunks = 0;
  await record('cancelled', session, 'Go slowly. [[mock:slow]]', {
    mode: 'yolo',
    onEvent: (e, s) => {
      if (e.type === 'text.delta' && ++chunks === 3) void s.cancel();
    },
  });
  const sessionId = session.externalSessionId;
  await backend.dispose();

  // The load replay, straight on a connection: the backend prefers session/resume for qwen.
  const lines: WireLine[] = [];
  const connection = await AcpConnection.start({
    command: QWEN_BIN,
    args: ['--acp'],
    env: env.env,
    cwd: env.root,
    initializeTimeoutMs: 30_000,
    onWireMessage: (dir, message) => lines.push({ dir, message: structuredClone(message) }),
    handlers: {
      onSessionUpdate: () => {},
      onRequestPermission: async () => cancelledOutcome(),
      onReadTextFile: async () => ({ content: '' }),
      onWriteTextFile: async () => ({}),
    },
  });
  lines.length = 0;
  await connection.request('session/load', { sessionId, cwd, mcpServers: [] });
  await new Promise((r) => setTimeout(r, 300));
  await connection.close();
  await save('load-replay', lines);
} finally {
  await backend.dispose();
  await llm.close();
  await env[Symbol.asyncDispose]();
}
