import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';
import { arr, post, rec, type SseEvent } from './http-client';

/** The Chat Completions dialect (opencode, qwen-code), as the agents read it. */

let llm: MockLlm;
beforeAll(async () => {
  llm = await startMockLlm();
});
afterAll(() => llm.close());

const TOOLS = [
  { type: 'function', function: { name: 'write', parameters: { type: 'object', properties: { filePath: { type: 'string' }, content: { type: 'string' } } } } },
  { type: 'function', function: { name: 'bash', parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } } },
];
const SYSTEM = { role: 'system', content: 'You are opencode.\nWorking directory: /repo' };
const chat = (messages: unknown[], extra: Record<string, unknown> = {}) =>
  post(`${llm.url}/chat/completions`, { model: 'mock-model', stream: true, stream_options: { include_usage: true }, tools: TOOLS, messages, ...extra });

const choice = (e: SseEvent) => rec(arr(rec(e.data).choices)[0]);
const deltas = (events: SseEvent[]) => events.map((e) => rec(choice(e).delta));
const toolCalls = (events: SseEvent[]) => deltas(events).flatMap((d) => arr(d.tool_calls)).map(rec);
const joinedOf = (events: SseEvent[], key: string) => deltas(events).map((d) => String(d[key] ?? '')).join('');

describe('mock LLM: OpenAI Chat Completions', () => {
  it('streams text, a finish reason, a usage chunk with no choices, then [DONE]', async () => {
    const a = await chat([SYSTEM, { role: 'user', content: 'Hi' }]);
    expect(a.status).toBe(200);
    expect(joinedOf(a.events, 'content')).toBe('Hello from mock.');
    const usage = a.events.find((e) => Array.isArray(rec(e.data).choices) && arr(rec(e.data).choices).length === 0);
    expect(rec(usage?.data).usage).toEqual({ prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 });
    expect(a.events.at(-1)?.data).toBe('[DONE]');
    const finish = a.events.map((e) => choice(e).finish_reason).filter(Boolean);
    expect(finish).toEqual(['stop']);
  });

  it('streams reasoning_content before the text, with reasoning tokens in the usage', async () => {
    const a = await chat([SYSTEM, { role: 'user', content: '[[mock:reasoning]]' }]);
    expect(joinedOf(a.events, 'reasoning_content')).toBe('Let me think about this.');
    expect(joinedOf(a.events, 'content')).toBe('The answer is 42.');
    const usage = rec(a.events.map((e) => rec(e.data).usage).find(Boolean));
    expect(usage).toMatchObject({ prompt_tokens: 120, completion_tokens: 30, completion_tokens_details: { reasoning_tokens: 5 } });
  });

  it('calls the write tool with absolute path and the bash tool, then answers the tool result', async () => {
    const write = await chat([SYSTEM, { role: 'user', content: '[[mock:write:a.txt:hi]]' }]);
    const call = toolCalls(write.events)[0]!;
    expect(call).toMatchObject({ index: 0, type: 'function', function: { name: 'write' } });
    expect(JSON.parse(String(rec(call.function).arguments))).toEqual({ filePath: '/repo/a.txt', content: 'hi' });
    expect(write.events.some((e) => choice(e).finish_reason === 'tool_calls')).toBe(true);

    const shell = await chat([SYSTEM, { role: 'user', content: '[[mock:shell:echo hi]]' }]);
    const shellCall = toolCalls(shell.events)[0]!;
    expect(rec(shellCall.function)).toEqual({ name: 'bash', arguments: '{"command":"echo hi"}' });

    const done = await chat([
      SYSTEM,
      { role: 'user', content: '[[mock:shell:echo hi]]' },
      { role: 'assistant', content: '', tool_calls: [shellCall] },
      { role: 'tool', tool_call_id: shellCall.id, content: 'hi' },
    ]);
    expect(joinedOf(done.events, 'content')).toBe('Done: the command ran.');
    expect(toolCalls(done.events)).toEqual([]);
  });

  it('answers non-streaming requests and side requests (no tools) in one JSON', async () => {
    const a = await post(`${llm.url}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'Title this' }] });
    expect(a.json).toMatchObject({ object: 'chat.completion', choices: [{ message: { role: 'assistant', content: 'Mock title' }, finish_reason: 'stop' }], usage: { prompt_tokens: 120, completion_tokens: 30 } });
    expect(llm.requests.at(-1)).toMatchObject({ dialect: 'openai-chat', side: true, directive: null, stream: false });
  });

  it('lists a model', async () => {
    const a = await post(`${llm.url}/models`, null, { method: 'GET' });
    expect(a.json).toEqual({ object: 'list', data: [{ id: 'mock-model', object: 'model', owned_by: 'mock' }] });
  });

  it('fails with 500, and cuts a stream before its end', async () => {
    const failed = await chat([{ role: 'user', content: '[[mock:error500]]' }]);
    expect(failed.status).toBe(500);
    expect(failed.json).toEqual({ error: { message: 'mock internal error', type: 'server_error' } });
    const cut = await chat([{ role: 'user', content: '[[mock:cut]]' }]);
    expect(cut.ended).toBe('error');
    expect(joinedOf(cut.events, 'content')).toBe('partial ');
    expect(cut.events.some((e) => e.data === '[DONE]' || rec(e.data).usage)).toBe(false);
  });
});
