import { asArray, isRecord, textOf, type Dialect, type EncodeContext, type Frame, type RequestBody } from './dialect';
import { joined, type Plan, type Step, type TurnView } from './scenario';
import { jsonArgsOf, paramsOfSchema, type ToolSpec } from './tools';

/**
 * OpenAI Chat Completions (`/v1/chat/completions`, `/v1/models`), as opencode and qwen-code use
 * it: SSE `data:` chunks, usage in a last chunk with `choices: []` (both send
 * `stream_options.include_usage`), then `[DONE]`.
 */

export interface ChatMessage {
  role: string;
  content?: unknown;
  tool_calls?: unknown[];
}

export function chatToolsOf(body: RequestBody): ToolSpec[] {
  return asArray(body.tools).flatMap((t): ToolSpec[] => {
    if (!isRecord(t) || !isRecord(t.function) || typeof t.function.name !== 'string') return [];
    return [{ name: t.function.name, freeform: false, params: paramsOfSchema(t.function.parameters) }];
  });
}

export function chatMessagesOf(body: RequestBody): ChatMessage[] {
  return asArray(body.messages).flatMap((m): ChatMessage[] =>
    isRecord(m) && typeof m.role === 'string' ? [{ ...m, role: m.role }] : [],
  );
}

/** System texts and user texts of a chat conversation (where agents state their cwd). */
export function chatContext(messages: ChatMessage[]): { systemText: string; contextText: string } {
  const of = (role: string) => messages.filter((m) => m.role === role).map((m) => textOf(m.content)).join('\n');
  return { systemText: of('system'), contextText: of('user') };
}

function read(body: RequestBody): TurnView {
  const messages = chatMessagesOf(body);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  return {
    userText: lastUser ? textOf(lastUser.content) : null,
    endsWithToolResult: messages.at(-1)?.role === 'tool',
    tools: chatToolsOf(body),
    ...chatContext(messages),
  };
}

function toolCallOf(step: Extract<Step, { type: 'tool' }>) {
  return { id: step.callId, type: 'function', function: { name: step.name, arguments: JSON.stringify(jsonArgsOf(step.input)) } };
}

function usageOf(plan: Plan) {
  const { inputTokens, outputTokens, reasoningTokens } = plan.usage;
  return {
    prompt_tokens: inputTokens,
    completion_tokens: outputTokens,
    total_tokens: inputTokens + outputTokens,
    ...(reasoningTokens > 0 ? { completion_tokens_details: { reasoning_tokens: reasoningTokens } } : {}),
  };
}

const finishReason = (plan: Plan) => (plan.stop === 'tool' ? 'tool_calls' : 'stop');

function stream(plan: Plan, ctx: EncodeContext): Frame[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    id: ctx.id,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model: ctx.model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  let toolIndex = 0;
  const frames: Frame[] = [{ data: chunk({ role: 'assistant', content: '' }) }];
  for (const step of plan.steps) {
    const delta =
      step.type === 'text'
        ? { content: step.text }
        : step.type === 'reasoning'
          ? { reasoning_content: step.text }
          : { tool_calls: [{ index: toolIndex++, ...toolCallOf(step) }] };
    frames.push({ data: chunk(delta), ...(step.type === 'text' && step.delayMs ? { delayMs: step.delayMs } : {}) });
  }
  frames.push(
    { data: chunk({}, finishReason(plan)), closing: true },
    {
      data: { id: ctx.id, object: 'chat.completion.chunk', created: ctx.created, model: ctx.model, choices: [], usage: usageOf(plan) },
      closing: true,
    },
    { data: '[DONE]', closing: true },
  );
  return frames;
}

function json(plan: Plan, ctx: EncodeContext): unknown {
  const toolCalls = plan.steps.flatMap((s) => (s.type === 'tool' ? [toolCallOf(s)] : []));
  const reasoning = joined(plan, 'reasoning');
  return {
    id: ctx.id,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: joined(plan, 'text'),
          ...(reasoning ? { reasoning_content: reasoning } : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: finishReason(plan),
      },
    ],
    usage: usageOf(plan),
  };
}

export const openaiChat: Dialect = {
  name: 'openai-chat',
  route(method, pathname) {
    if (method === 'GET' && pathname.endsWith('/models')) {
      return {
        kind: 'listModels',
        answer: { object: 'list', data: [{ id: 'mock-model', object: 'model', owned_by: 'mock' }] },
      };
    }
    if (method === 'POST' && pathname.endsWith('/chat/completions')) return { kind: 'generate' };
    return null;
  },
  read,
  stream,
  json,
  errorBody: (message, status = 500) => ({ error: { message, type: status === 400 ? 'invalid_request_error' : 'server_error', ...(status === 400 ? { code: 'context_length_exceeded' } : {}) } }),
};
