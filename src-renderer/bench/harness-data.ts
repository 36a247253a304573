import type { AgentEvent, AgentInfo, AgentsStatus, AgentOptions, ChangedFile, Chat, Repo, SessionInfo, Turn, Usage } from '../../src-preload/contract';
import { emptyUsage } from '../../src-preload/contract/usage-math';

/**
 * The synthetic workspace the dev harness (`?harness=1`, see fake-core.ts) shows: one repo, a
 * chat with Claude Code, Gemini CLI and Qwen Code, shell tool calls, attachments, context fill
 * and an agent that reports no cost. Deterministic, so screenshots are comparable run to run.
 */

export const REPO: Repo = { id: 'r1', path: '/home/dev/acme-api' };
/** The last tab opens first: the chat with the history. */
export const CHATS: Chat[] = [
  { id: 'c2', repoId: 'r1', title: 'Image upload', archived: false },
  { id: 'c1', repoId: 'r1', title: 'Flaky parser test', archived: false },
];

const agent = (id: string, name: string, profile: string | null): AgentInfo => ({
  found: { via: 'path', version: null },
  install: null,
  auth: { state: 'signed-in', detail: 'API key set.' },
  id,
  name,
  kind: 'acp',
  available: true,
  command: id,
  args: ['--acp'],
  envKeys: [],
  builtIn: true,
  profile,
  sandbox: { state: 'on', kind: 'bwrap' },
});
export const AGENTS: AgentInfo[] = [agent('claude', 'Claude Code', 'claude'), agent('gemini', 'Gemini CLI', 'gemini'), agent('qwen', 'Qwen Code', 'qwen')];

const CLAUDE_COMMANDS = [
  { name: 'review', description: 'Review the pending changes in this worktree' },
  { name: 'compact', description: 'Summarise the conversation to free context', hint: '[instructions]' },
  { name: 'init', description: 'Write a CLAUDE.md that describes this repository' },
  { name: 'pr-comments', description: 'Fetch the comments of a GitHub pull request', hint: '<pr>' },
  { name: 'security-review', description: 'Review the pending changes for security problems' },
  { name: 'context', description: 'Show what fills the context window' },
  { name: 'todos', description: 'List the current to-do items' },
];

export const OPTIONS: Record<string, AgentOptions> = {
  claude: {
    models: [
      { id: 'default', name: 'Default (Sonnet 4.5)' },
      { id: 'opus', name: 'Opus 4.1' },
      { id: 'haiku', name: 'Haiku 4.5' },
    ],
    modes: [
      { id: 'default', name: 'Always ask' },
      { id: 'acceptEdits', name: 'Accept edits' },
      { id: 'plan', name: 'Plan mode' },
    ],
    currentModel: 'default',
    currentMode: 'acceptEdits',
    commands: CLAUDE_COMMANDS,
    promptCapabilities: { image: true, embeddedContext: true },
    source: 'live',
  },
  gemini: {
    models: [],
    modes: [
      { id: 'default', name: 'Default' },
      { id: 'autoEdit', name: 'Auto edit' },
      { id: 'yolo', name: 'YOLO' },
    ],
    currentModel: null,
    currentMode: 'default',
    commands: [
      { name: 'memory', description: 'Manage what Gemini remembers about this project' },
      { name: 'compress', description: 'Replace the context with a summary' },
    ],
    promptCapabilities: { image: false, embeddedContext: false },
    source: 'remembered',
  },
  qwen: { models: [], modes: [], currentModel: null, currentMode: null, commands: [], promptCapabilities: { image: false, embeddedContext: false }, source: 'none' },
};

export const FILES = [
  'src/parser/tokenizer.ts',
  'src/parser/parse.ts',
  'src/parser/index.ts',
  'src/parser/errors.ts',
  'src/server/routes.ts',
  'src/server/upload.ts',
  'src/server/middleware/auth.ts',
  'test/parser.test.ts',
  'test/fixtures/trailing-commas.json',
  'test/fixtures/unicode-escapes.json',
  'docs/parser.md',
  'package.json',
  'README.md',
  'tsconfig.json',
];

const usage = (inputTokens: number, outputTokens: number, cost: number, reasoningTokens = 0): Usage => ({ inputTokens, outputTokens, reasoningTokens, cacheReadTokens: Math.round(inputTokens * 0.6), cacheWriteTokens: 0, cost });

const VITEST_FAIL = ` RUN  v3.2.4 /home/dev/acme-api

 ❯ test/parser.test.ts (20 tests | 2 failed) 412ms
   × parse > accepts trailing commas in nested arrays (repeat 7) 18ms
     → expected [ 1, [ 2, 3 ] ] to deeply equal [ 1, [ 2, 3 ], [] ]
   × parse > accepts trailing commas in nested arrays (repeat 13) 21ms
     → expected [ 1, [ 2, 3 ] ] to deeply equal [ 1, [ 2, 3 ], [] ]

 Test Files  1 failed (1)
      Tests  2 failed | 18 passed (20)
`;

const VITEST_PASS = ` RUN  v3.2.4 /home/dev/acme-api

 ✓ test/parser.test.ts (20 tests) 388ms
 ✓ test/server.test.ts (12 tests) 1204ms

 Test Files  2 passed (2)
      Tests  32 passed (32)
`;

const T0 = 1_760_000_000_000;

export const TURNS: Turn[] = [
  {
    id: 't1',
    chatId: 'c1',
    agent: 'claude',
    status: 'done',
    stopReason: 'end_turn',
    prompt: 'The parser test fails on CI about one run in ten. Here is the failure from last night — can you find out why?',
    text: '',
    model: 'claude-sonnet-4-5-20250929',
    sessionMode: 'new',
    startedAt: T0,
    endedAt: T0 + 48_000,
    usage: usage(41_200, 1_840, 0.0812, 620),
    costReported: true,
    context: { used: 42_300, size: 200_000 },
    attachments: [
      { type: 'image', name: 'ci-failure.png' },
      { type: 'file', name: 'test/parser.test.ts' },
    ],
    parts: [
      { kind: 'tool', toolCallId: 'k1', title: 'Read test/parser.test.ts', toolKind: 'read', status: 'completed', diffs: [] },
      {
        kind: 'tool',
        toolCallId: 'k2',
        title: 'Run the parser tests 20 times',
        toolKind: 'execute',
        status: 'failed',
        diffs: [],
        command: 'npx vitest run test/parser.test.ts --repeat 20',
        exitCode: 1,
        output: VITEST_FAIL,
      },
      {
        kind: 'text',
        text: 'It reproduces: 2 of 20 runs fail. The tokenizer keeps `pendingComma` in a module-level variable, so a test that throws mid-array leaves it set for the **next** test. I will reset it at the start of every `parse()` call.',
      },
    ],
  },
  {
    id: 't2',
    chatId: 'c1',
    agent: 'gemini',
    status: 'done',
    stopReason: 'end_turn',
    prompt: 'Double-check the fix with the whole suite.',
    text: '',
    model: 'gemini-2.5-pro',
    sessionMode: 'history',
    startedAt: T0 + 120_000,
    endedAt: T0 + 151_000,
    usage: usage(96_400, 610, 0),
    costReported: false,
    context: { used: 96_400, size: 1_048_576 },
    attachments: [],
    parts: [
      { kind: 'tool', toolCallId: 'k3', title: 'npm test', toolKind: 'execute', status: 'completed', diffs: [], command: 'npm test', exitCode: 0, output: VITEST_PASS },
      { kind: 'text', text: 'All 32 tests pass, also with `--repeat 20` on the parser file. The fix is good.' },
    ],
  },
];

/** A turn streamed live after the history loads (harness `live=1`): it must look like the stored ones. */
export const LIVE_TURN_EVENTS: AgentEvent[] = [
  { type: 'turn.start', sessionMode: 'resumed', externalSessionId: 'sess-claude', model: 'default' },
  { type: 'model', model: 'claude-sonnet-4-5-20250929' },
  { type: 'tool.start', toolCallId: 'k9', title: 'Run the linter', kind: 'execute', status: 'in_progress' },
  { type: 'tool.update', toolCallId: 'k9', command: 'npx eslint src/parser --max-warnings 0' },
  {
    type: 'tool.end',
    toolCallId: 'k9',
    status: 'failed',
    exitCode: 1,
    output: '/home/dev/acme-api/src/parser/tokenizer.ts\n  14:7  error  \'pendingComma\' is assigned a value but never used  no-unused-vars\n\n✖ 1 problem (1 error, 0 warnings)\n',
  },
  { type: 'text.delta', text: 'The linter found the variable I stopped using; ' },
  { type: 'text.delta', text: 'I removed it.' },
  { type: 'usage', usage: usage(44_900, 420, 0.0231) },
  { type: 'context', context: { used: 171_500, size: 200_000 } },
  { type: 'turn.end', stopReason: 'end_turn' },
];

const session = (agentId: string, p: Partial<SessionInfo>): SessionInfo => ({
  agent: agentId,
  status: 'idle',
  live: true,
  externalSessionId: `sess-${agentId}`,
  nextTurn: 'resumed',
  pendingHandoff: false,
  lastUsedAt: T0,
  ...emptyUsage(),
  costReported: false,
  context: null,
  model: null,
  ...p,
});

export const SESSIONS: SessionInfo[] = [
  session('claude', { ...TURNS[0]!.usage, costReported: true, context: TURNS[0]!.context, model: 'claude-sonnet-4-5-20250929' }),
  session('gemini', { ...TURNS[1]!.usage, costReported: false, context: TURNS[1]!.context, model: 'gemini-2.5-pro', nextTurn: 'history', pendingHandoff: true }),
];

export const CHANGES: ChangedFile[] = [
  {
    path: 'src/parser/tokenizer.ts',
    status: 'modified',
    agent: 'claude',
    additions: 3,
    deletions: 1,
    binary: false,
    truncated: false,
    diff: 'diff --git a/src/parser/tokenizer.ts b/src/parser/tokenizer.ts\n--- a/src/parser/tokenizer.ts\n+++ b/src/parser/tokenizer.ts\n@@ -10,7 +10,9 @@\n export function tokenize(src: string): Token[] {\n-  const out: Token[] = [];\n+  // A failed parse must not leak into the next one.\n+  pendingComma = false;\n+  const out: Token[] = [];\n   for (const ch of src) {\n',
  },
];

const MB = 1024 * 1024;
/** Three live chats on two agents, one of them pre-warmed, using memory against the default budget. */
export const MEMORY_STATUS: AgentsStatus = {
  sessions: [
    { chatId: 'c1', chatTitle: 'Fix the flaky login test', agent: 'claude', busy: true, idleMs: 0, pid: 41230, externalSessionId: 's-1' },
    { chatId: 'c2', chatTitle: 'Rate limiter', agent: 'qwen', busy: false, idleMs: 340_000, pid: 41388, externalSessionId: 's-2' },
    { chatId: 'c3', chatTitle: 'Docs pass', agent: 'qwen', busy: false, idleMs: 4_000, pid: 41388, externalSessionId: 's-3', prewarmed: true },
  ],
  processes: [
    { agent: 'claude', pid: 41230, rssBytes: 412 * MB, sessions: 1, startedAt: Date.now() - 3_600_000 },
    { agent: 'qwen', pid: 41388, rssBytes: 1_290 * MB, sessions: 2, startedAt: Date.now() - 1_200_000 },
  ],
  busyChats: ['c1'],
  memory: { usedBytes: 1_702 * MB, budgetBytes: 2048 * MB },
};
