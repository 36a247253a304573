import type { Turn, TurnPart } from '../../src-preload/contract';

/** Deterministic synthetic content for the renderer benchmarks: realistic mixes of prose, lists and code. */

const PROSE = [
  'The function reads the config once and caches it, so repeated calls are cheap.',
  'I changed the parser to accept trailing commas; the tests in `parser.test.ts` cover it.',
  'Here is what I found after reading the worktree and running the suite.',
  'The failure comes from a race between the watcher and the initial scan.',
];
const CODE = "```ts\nexport function add(a: number, b: number): number {\n  return a + b; // keep it simple\n}\n```";

export function replyText(i: number): string {
  const parts = [PROSE[i % PROSE.length]!, `- item ${i}\n- another item\n- a third one`];
  if (i % 3 === 0) parts.push(CODE);
  parts.push(PROSE[(i + 1) % PROSE.length]!);
  return parts.join('\n\n');
}

function partsFor(i: number, text: string): TurnPart[] {
  const parts: TurnPart[] = [];
  if (i % 5 === 0) parts.push({ kind: 'reasoning', text: 'Thinking about the module layout.' });
  if (i % 4 === 1) {
    parts.push({
      kind: 'tool',
      toolCallId: `tool-${i}`,
      title: `Edit src/module${i % 17}.ts`,
      toolKind: 'edit',
      status: 'completed',
      diffs: [{ path: `src/module${i % 17}.ts`, oldText: 'export const a = 1;\n', newText: 'export const a = 2;\nexport const b = 3;\n' }],
    });
  }
  if (i % 6 === 2) {
    parts.push({
      kind: 'permission',
      requestId: `perm-${i}`,
      title: `Run npm test in module ${i % 17}`,
      options: [
        { optionId: 'once', name: 'Allow once', kind: 'allow_once' },
        { optionId: 'never', name: 'Reject', kind: 'reject_once' },
      ],
      chosen: 'once',
      resolved: true,
    });
  }
  parts.push({ kind: 'text', text });
  return parts;
}

/** `messages` transcript messages (a prompt and a reply per turn), as turns.list would return them. */
export function syntheticTurns(chatId: string, messages: number): Turn[] {
  const turns: Turn[] = [];
  const count = Math.ceil(messages / 2);
  for (let i = 0; i < count; i++) {
    const text = replyText(i);
    turns.push({
      id: `turn-${i}`,
      chatId,
      agent: i % 2 ? 'qwen' : 'opencode',
      status: 'done',
      stopReason: 'end_turn',
      prompt: `Question ${i}: can you look at module ${i % 17}?`,
      text,
      model: 'mock-model',
      sessionMode: 'resumed',
      startedAt: 1_700_000_000_000 + i * 10_000,
      endedAt: 1_700_000_000_000 + i * 10_000 + 4_200,
      usage: { inputTokens: 1200, outputTokens: 300, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0.001 },
      costReported: true,
      context: { used: 24_000 + i * 10, size: 200_000 },
      attachments: [],
      parts: partsFor(i, text),
    });
  }
  return turns;
}

/** The n-th streamed delta: short chunks that add up to paragraphs, lists and the odd code block. */
export function deltaText(n: number): string {
  if (n % 400 === 399) return '\n\n```ts\nconst x = 1;\n```\n\n';
  if (n % 40 === 39) return '.\n\n';
  return n % 7 === 0 ? ' token' : ` w${n % 100}`;
}
