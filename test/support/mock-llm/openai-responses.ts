import { asArray, isRecord, textOf, type Dialect, type EncodeContext, type Frame, type RequestBody } from './dialect';
import { runsOf, type Plan, type Step, type TurnView } from './scenario';
import { paramsOfSchema, type ToolSpec } from './tools';

/**
 * OpenAI Responses (`POST /v1/responses`), as codex uses it: the conversation is a list of input
 * items (messages, the model's earlier calls, `function_call_output` / `custom_tool_call_output`
 * results), and the answer streams as typed events, each output item between
 * `response.output_item.added` and `.done`, usage in `response.completed`.
 */

const RESULT_ITEM = /^(function_call_output|custom_tool_call_output|local_shell_call_output|mcp_tool_call_output)$/;

interface InputItem {
  type: string;
  role?: string;
  content?: unknown;
}

function itemsOf(body: RequestBody): InputItem[] {
  if (typeof body.input === 'string') return [{ type: 'message', role: 'user', content: body.input }];
  return asArray(body.input).flatMap((i): InputItem[] => {
    if (!isRecord(i)) return [];
    // A message item may leave out its type.
    const type = typeof i.type === 'string' ? i.type : typeof i.role === 'string' ? 'message' : '';
    return [{ type, ...(typeof i.role === 'string' ? { role: i.role } : {}), content: i.content }];
  });
}

function toolsOf(body: RequestBody): ToolSpec[] {
  return asArray(body.tools).flatMap((t): ToolSpec[] => {
    if (!isRecord(t) || typeof t.name !== 'string') return [];
    if (t.type === 'function') return [{ name: t.name, freeform: false, params: paramsOfSchema(t.parameters) }];
    if (t.type === 'custom') return [{ name: t.name, freeform: true, params: [] }];
    return [];
  });
}

function read(body: RequestBody): TurnView {
  const items = itemsOf(body);
  const messages = items.filter((i) => i.type === 'message');
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const textsOf = (roles: string[]) => messages.filter((m) => roles.includes(m.role ?? '')).map((m) => textOf(m.content));
  return {
    userText: lastUser ? textOf(lastUser.content) : null,
    endsWithToolResult: RESULT_ITEM.test(items.at(-1)?.type ?? ''),
    tools: toolsOf(body),
    systemText: [typeof body.instructions === 'string' ? body.instructions : '', ...textsOf(['system', 'developer'])].join('\n'),
    contextText: textsOf(['user']).join('\n'),
  };
}

function usageOf(plan: Plan) {
  const u = plan.usage;
  // Responses counts cache hits inside input_tokens and reasoning inside output_tokens.
  const input = u.inputTokens + u.cacheReadTokens;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: u.cacheReadTokens },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens },
    total_tokens: input + u.outputTokens,
  };
}

type Item = Record<string, unknown>;

/** An event: its type goes both in the SSE `event:` line and in the data, where codex reads it. */
const ev = (type: string, fields: Record<string, unknown>, delayMs?: number): Frame => ({
  event: `response.${type}`,
  data: { type: `response.${type}`, ...fields },
  ...(delayMs ? { delayMs } : {}),
});

/** The events of one output item, and the item as it is when done. */
function itemEvents(run: Step[], index: number, ctx: EncodeContext): { frames: Frame[]; done: Item } {
  const first = run[0]!;
  const at = { output_index: index };
  const wrap = (open: Item, done: Item, inner: Frame[]) => ({
    done,
    frames: [ev('output_item.added', { ...at, item: open }), ...inner, ev('output_item.done', { ...at, item: done })],
  });
  const deltas = (type: string, fields: Record<string, unknown>): Frame[] =>
    run.map((s) => ev(type, { ...fields, delta: s.type === 'tool' ? '' : s.text }, s.type === 'text' ? s.delayMs : undefined));
  const whole = run.map((s) => (s.type === 'tool' ? '' : s.text)).join('');

  if (first.type === 'reasoning') {
    // No `reasoning_summary_part.added`: codex turns each one into a section break, and the
    // reasoning would then start with a blank line in every client.
    const id = `rs_${ctx.id}_${index}`;
    const f = { item_id: id, ...at, summary_index: 0 };
    return wrap({ type: 'reasoning', id, summary: [] }, { type: 'reasoning', id, summary: [{ type: 'summary_text', text: whole }] }, [
      ...deltas('reasoning_summary_text.delta', f),
      ev('reasoning_summary_text.done', { ...f, text: whole }),
    ]);
  }
  if (first.type === 'text') {
    const id = `msg_${ctx.id}_${index}`;
    const f = { item_id: id, ...at, content_index: 0 };
    const part = { type: 'output_text', text: whole, annotations: [] };
    const message = { type: 'message', id, role: 'assistant' };
    return wrap({ ...message, status: 'in_progress', content: [] }, { ...message, status: 'completed', content: [part] }, [
      ev('content_part.added', { ...f, part: { ...part, text: '' } }),
      ...deltas('output_text.delta', f),
      ev('output_text.done', { ...f, text: whole }),
      ev('content_part.done', { ...f, part }),
    ]);
  }
  const call = { call_id: first.callId, name: first.name };
  if (first.input.kind === 'freeform') {
    const id = `ctc_${ctx.id}_${index}`;
    const input = first.input.text;
    const f = { item_id: id, ...at };
    return wrap({ type: 'custom_tool_call', id, status: 'in_progress', ...call, input: '' }, { type: 'custom_tool_call', id, status: 'completed', ...call, input }, [
      ev('custom_tool_call_input.delta', { ...f, delta: input }),
      ev('custom_tool_call_input.done', { ...f, input }),
    ]);
  }
  const id = `fc_${ctx.id}_${index}`;
  const args = JSON.stringify(first.input.args);
  const f = { item_id: id, ...at };
  return wrap({ type: 'function_call', id, status: 'in_progress', ...call, arguments: '' }, { type: 'function_call', id, status: 'completed', ...call, arguments: args }, [
    ev('function_call_arguments.delta', { ...f, delta: args }),
    ev('function_call_arguments.done', { ...f, arguments: args }),
  ]);
}

function responseObject(ctx: EncodeContext, status: string, output: Item[], plan?: Plan) {
  return {
    id: `resp_${ctx.id}`,
    object: 'response',
    created_at: ctx.created,
    status,
    model: ctx.model,
    output,
    ...(plan ? { usage: usageOf(plan) } : {}),
  };
}

function encode(plan: Plan, ctx: EncodeContext): { frames: Frame[]; output: Item[] } {
  const frames: Frame[] = [];
  const output: Item[] = [];
  runsOf(plan).forEach((run, index) => {
    const item = itemEvents(run, index, ctx);
    frames.push(...item.frames);
    output.push(item.done);
  });
  return { frames, output };
}

function stream(plan: Plan, ctx: EncodeContext): Frame[] {
  const { frames, output } = encode(plan, ctx);
  const all: Frame[] = [
    ev('created', { response: responseObject(ctx, 'in_progress', []) }),
    ev('in_progress', { response: responseObject(ctx, 'in_progress', []) }),
    ...frames,
    { ...ev('completed', { response: responseObject(ctx, 'completed', output, plan) }), closing: true },
  ];
  all.forEach((f, i) => {
    if (isRecord(f.data)) f.data.sequence_number = i;
  });
  return all;
}

export const openaiResponses: Dialect = {
  name: 'openai-responses',
  route: (method, pathname) => (method === 'POST' && pathname.endsWith('/responses') ? { kind: 'generate' } : null),
  read,
  stream,
  json: (plan, ctx) => responseObject(ctx, 'completed', encode(plan, ctx).output, plan),
  errorBody: (message, status = 500) => ({ error: { message, type: status === 400 ? 'invalid_request_error' : 'server_error', code: status === 400 ? 'context_length_exceeded' : null } }),
};
