import { asArray, isRecord, textOf, type Dialect, type EncodeContext, type Frame, type RequestBody } from './dialect';
import { MOCK_INPUT_TOKENS, runsOf, type Plan, type Step, type TurnView } from './scenario';
import { jsonArgsOf, paramsOfSchema, type ToolSpec } from './tools';

/**
 * Anthropic Messages (`POST /v1/messages?beta=true`, `/v1/messages/count_tokens`), as Claude Code
 * uses it: always streaming, one content block per run of text, thinking or tool use between
 * `content_block_start` and `content_block_stop`, input usage in `message_start` and output
 * usage in `message_delta`. Tool results come back as user messages of `tool_result` blocks.
 */

const MOCK_SIGNATURE = 'bW9jay1zaWduYXR1cmU=';

interface Message {
  role: string;
  content: unknown;
}

const messagesOf = (body: RequestBody): Message[] =>
  asArray(body.messages).flatMap((m): Message[] => (isRecord(m) && typeof m.role === 'string' ? [{ role: m.role, content: m.content }] : []));

const hasToolResult = (m: Message) => asArray(m.content).some((b) => isRecord(b) && b.type === 'tool_result');

function toolsOf(body: RequestBody): ToolSpec[] {
  return asArray(body.tools).flatMap((t): ToolSpec[] =>
    isRecord(t) && typeof t.name === 'string' && isRecord(t.input_schema)
      ? [{ name: t.name, freeform: false, params: paramsOfSchema(t.input_schema) }]
      : [],
  );
}

function read(body: RequestBody): TurnView {
  const messages = messagesOf(body);
  const typed = [...messages].reverse().find((m) => m.role === 'user' && !hasToolResult(m));
  const last = messages.at(-1);
  return {
    userText: typed ? textOf(typed.content) : null,
    endsWithToolResult: last !== undefined && last.role === 'user' && hasToolResult(last),
    tools: toolsOf(body),
    systemText: textOf(body.system),
    contextText: messages.filter((m) => m.role === 'user').map((m) => textOf(m.content)).join('\n'),
  };
}

type Block = Record<string, unknown>;

/** A content block as it starts, its deltas, and as it is complete (for non-streaming answers). */
function blockOf(run: Step[], index: number): { start: Block; deltas: Frame[]; whole: Block } {
  const first = run[0]!;
  const delta = (d: Record<string, unknown>, delayMs?: number): Frame => ({
    event: 'content_block_delta',
    data: { type: 'content_block_delta', index, delta: d },
    ...(delayMs ? { delayMs } : {}),
  });
  if (first.type === 'tool') {
    const args = jsonArgsOf(first.input);
    return {
      start: { type: 'tool_use', id: `toolu_${first.callId}`, name: first.name, input: {} },
      deltas: [delta({ type: 'input_json_delta', partial_json: JSON.stringify(args) })],
      whole: { type: 'tool_use', id: `toolu_${first.callId}`, name: first.name, input: args },
    };
  }
  const texts = run.map((s) => (s.type === 'tool' ? '' : s.text));
  if (first.type === 'reasoning') {
    return {
      start: { type: 'thinking', thinking: '', signature: '' },
      deltas: [...texts.map((t) => delta({ type: 'thinking_delta', thinking: t })), delta({ type: 'signature_delta', signature: MOCK_SIGNATURE })],
      whole: { type: 'thinking', thinking: texts.join(''), signature: MOCK_SIGNATURE },
    };
  }
  return {
    start: { type: 'text', text: '' },
    deltas: run.map((s, i) => delta({ type: 'text_delta', text: texts[i] }, s.type === 'text' ? s.delayMs : undefined)),
    whole: { type: 'text', text: texts.join('') },
  };
}

function inputUsage(plan: Plan) {
  return {
    input_tokens: plan.usage.inputTokens,
    cache_creation_input_tokens: plan.usage.cacheWriteTokens,
    cache_read_input_tokens: plan.usage.cacheReadTokens,
  };
}

const stopReason = (plan: Plan) => (plan.stop === 'tool' ? 'tool_use' : 'end_turn');

function stream(plan: Plan, ctx: EncodeContext): Frame[] {
  const frames: Frame[] = [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          id: `msg_${ctx.id}`,
          type: 'message',
          role: 'assistant',
          model: ctx.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...inputUsage(plan), output_tokens: 1 },
        },
      },
    },
    { event: 'ping', data: { type: 'ping' } },
  ];
  runsOf(plan).forEach((run, index) => {
    const block = blockOf(run, index);
    frames.push(
      { event: 'content_block_start', data: { type: 'content_block_start', index, content_block: block.start } },
      ...block.deltas,
      { event: 'content_block_stop', data: { type: 'content_block_stop', index } },
    );
  });
  frames.push(
    {
      event: 'message_delta',
      data: { type: 'message_delta', delta: { stop_reason: stopReason(plan), stop_sequence: null }, usage: { output_tokens: plan.usage.outputTokens } },
      closing: true,
    },
    { event: 'message_stop', data: { type: 'message_stop' }, closing: true },
  );
  return frames;
}

function json(plan: Plan, ctx: EncodeContext): unknown {
  return {
    id: `msg_${ctx.id}`,
    type: 'message',
    role: 'assistant',
    model: ctx.model,
    content: runsOf(plan).map((run, index) => blockOf(run, index).whole),
    stop_reason: stopReason(plan),
    stop_sequence: null,
    usage: { ...inputUsage(plan), output_tokens: plan.usage.outputTokens },
  };
}

export const anthropicMessages: Dialect = {
  name: 'anthropic-messages',
  route(method, pathname) {
    if (method !== 'POST') return null;
    if (pathname.endsWith('/messages/count_tokens')) return { kind: 'countTokens', answer: { input_tokens: MOCK_INPUT_TOKENS } };
    if (pathname.endsWith('/messages')) return { kind: 'generate' };
    return null;
  },
  read,
  stream,
  json,
  errorBody: (message, status = 500) => ({ type: 'error', error: { type: status === 400 ? 'invalid_request_error' : 'api_error', message } }),
};
