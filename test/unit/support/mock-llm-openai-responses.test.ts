import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';
import { arr, post, rec, type SseEvent } from './http-client';

/** The OpenAI Responses dialect (codex), with request shapes as codex 0.16 sends them. */

let llm: MockLlm;
beforeAll(async () => {
  llm = await startMockLlm();
});
afterAll(() => llm.close());

const TOOLS = [
  { type: 'function', name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' }, workdir: { type: 'string' } }, required: ['cmd'] } },
  { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: begin_patch' } },
  { type: 'web_search' },
];
const msg = (role: string, text: string) => ({ type: 'message', role, content: [{ type: 'input_text', text }] });
const CONTEXT = msg('user', '<environment_context>\n  <cwd>/repo</cwd>\n  <shell>bash</shell>\n</environment_context>');
const responses = (input: unknown[]) =>
  post(`${llm.url}/responses`, { model: 'gpt-5.3-codex', instructions: 'You are Codex.', input, tools: TOOLS, stream: true, store: false });

const ofType = (events: SseEvent[], type: string) => events.filter((e) => e.event === type).map((e) => rec(e.data));
const deltaText = (events: SseEvent[], type: string) => ofType(events, type).map((d) => String(d.delta)).join('');
const completed = (events: SseEvent[]) => rec(ofType(events, 'response.completed')[0]?.response);

describe('mock LLM: OpenAI Responses', () => {
  it('streams a message item between created and completed, with usage', async () => {
    const a = await responses([CONTEXT, msg('user', 'Say hello.')]);
    expect(a.status).toBe(200);
    expect(a.events[0]?.event).toBe('response.created');
    expect(a.events.at(-1)?.event).toBe('response.completed');
    // Every event names its type in the data too, as codex reads it there.
    expect(a.events.every((e) => rec(e.data).type === e.event)).toBe(true);
    expect(deltaText(a.events, 'response.output_text.delta')).toBe('Hello from mock.');
    expect(rec(ofType(a.events, 'response.output_item.done')[0]?.item)).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Hello from mock.' }],
    });
    expect(completed(a.events).usage).toEqual({
      input_tokens: 120,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 30,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 150,
    });
  });

  it('streams a reasoning summary before the message, with reasoning tokens', async () => {
    const a = await responses([msg('user', '[[mock:reasoning]]')]);
    expect(deltaText(a.events, 'response.reasoning_summary_text.delta')).toBe('Let me think about this.');
    expect(deltaText(a.events, 'response.output_text.delta')).toBe('The answer is 42.');
    const items = ofType(a.events, 'response.output_item.done').map((d) => rec(d.item));
    expect(items.map((i) => i.type)).toEqual(['reasoning', 'message']);
    expect(items[0]).toMatchObject({ summary: [{ type: 'summary_text', text: 'Let me think about this.' }] });
    expect(rec(completed(a.events).usage).output_tokens_details).toEqual({ reasoning_tokens: 5 });
  });

  it('writes through apply_patch as a custom tool call, with the cwd from the environment context', async () => {
    const a = await responses([CONTEXT, msg('user', '[[mock:write:a.txt:one\\ntwo]]')]);
    const item = rec(ofType(a.events, 'response.output_item.done')[0]?.item);
    const patch = '*** Begin Patch\n*** Add File: /repo/a.txt\n+one\n+two\n*** End Patch';
    expect(item).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch', input: patch });
    expect(deltaText(a.events, 'response.custom_tool_call_input.delta')).toBe(patch);

    const done = await responses([
      CONTEXT,
      msg('user', '[[mock:write:a.txt:one\\ntwo]]'),
      { type: 'custom_tool_call', call_id: item.call_id, name: 'apply_patch', input: patch },
      { type: 'custom_tool_call_output', call_id: item.call_id, output: 'Success.' },
    ]);
    expect(deltaText(done.events, 'response.output_text.delta')).toBe('Done: the file is written.');
    expect(ofType(done.events, 'response.output_item.done').map((d) => rec(d.item).type)).toEqual(['message']);
  });

  it('runs a command through exec_command as a function call, and answers its output', async () => {
    const a = await responses([msg('user', '[[mock:shell:echo hi]]')]);
    const item = rec(ofType(a.events, 'response.output_item.done')[0]?.item);
    expect(item).toMatchObject({ type: 'function_call', name: 'exec_command', arguments: '{"cmd":"echo hi"}' });
    expect(typeof item.call_id).toBe('string');
    expect(deltaText(a.events, 'response.function_call_arguments.delta')).toBe('{"cmd":"echo hi"}');
    const done = await responses([
      msg('user', '[[mock:shell:echo hi]]'),
      { type: 'function_call', call_id: item.call_id, name: 'exec_command', arguments: item.arguments },
      { type: 'function_call_output', call_id: item.call_id, output: 'hi' },
    ]);
    expect(deltaText(done.events, 'response.output_text.delta')).toBe('Done: the command ran.');
    expect(llm.requests.at(-1)).toMatchObject({ dialect: 'openai-responses', directive: 'shell:echo hi', stream: true });
  });

  it('answers a non-streaming request with the response object', async () => {
    const a = await post(`${llm.url}/responses`, { model: 'm', input: 'Title?', tools: [] });
    expect(a.json).toMatchObject({ object: 'response', status: 'completed', output: [{ type: 'message', content: [{ text: 'Mock title' }] }], usage: { input_tokens: 120, output_tokens: 30 } });
  });

  it('fails with 500, and cuts a stream before response.completed', async () => {
    const failed = await responses([msg('user', '[[mock:error500]]')]);
    expect(failed.status).toBe(500);
    expect(rec(rec(failed.json).error).message).toBe('mock internal error');
    const cut = await responses([msg('user', '[[mock:cut]]')]);
    expect(cut.ended).toBe('error');
    expect(deltaText(cut.events, 'response.output_text.delta')).toBe('partial ');
    expect(ofType(cut.events, 'response.completed')).toEqual([]);
    expect(arr(cut.events).length).toBeGreaterThan(0);
  });
});
