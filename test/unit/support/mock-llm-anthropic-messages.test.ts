import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';
import { post, rec, type SseEvent } from './http-client';

/** The Anthropic Messages dialect (Claude Code), with request shapes as Claude Code sends them. */

let llm: MockLlm;
beforeAll(async () => {
  llm = await startMockLlm();
});
afterAll(() => llm.close());

const schema = (props: string[], required = props) => ({ type: 'object', properties: Object.fromEntries(props.map((p) => [p, { type: 'string' }])), required });
const TOOLS = [
  { name: 'Bash', description: 'Run', input_schema: schema(['command', 'description'], ['command']) },
  { name: 'Write', description: 'Write', input_schema: schema(['file_path', 'content']) },
];
const SYSTEM = [{ type: 'text', text: "You are Claude Code.\n<env>\nWorking directory: /repo\n</env>" }];
const user = (text: string) => ({ role: 'user', content: [{ type: 'text', text: '<system-reminder>ctx</system-reminder>' }, { type: 'text', text }] });
const messages = (msgs: unknown[], extra: Record<string, unknown> = {}) =>
  post(`${llm.origin}/v1/messages?beta=true`, { model: 'claude-sonnet-4-5', max_tokens: 32000, stream: true, system: SYSTEM, tools: TOOLS, messages: msgs, ...extra });

const datas = (events: SseEvent[], type: string) => events.filter((e) => e.event === type).map((e) => rec(e.data));
const deltaOf = (events: SseEvent[], type: string, key: string) =>
  datas(events, 'content_block_delta')
    .map((d) => rec(d.delta))
    .filter((d) => d.type === type)
    .map((d) => String(d[key]))
    .join('');

describe('mock LLM: Anthropic Messages', () => {
  it('streams message_start with input usage, a text block, message_delta with output usage, message_stop', async () => {
    const a = await messages([user('Hi')]);
    expect(a.events.map((e) => e.event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(rec(rec(datas(a.events, 'message_start')[0]?.message).usage)).toEqual({
      input_tokens: 120,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 1,
    });
    expect(deltaOf(a.events, 'text_delta', 'text')).toBe('Hello from mock.');
    expect(datas(a.events, 'message_delta')[0]).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 30 } });
    expect(llm.requests.at(-1)).toMatchObject({ dialect: 'anthropic-messages', path: '/v1/messages?beta=true', directive: null, side: false });
  });

  it('streams a thinking block with its signature before the text', async () => {
    const a = await messages([user('[[mock:reasoning]]')]);
    expect(datas(a.events, 'content_block_start').map((d) => rec(d.content_block).type)).toEqual(['thinking', 'text']);
    expect(deltaOf(a.events, 'thinking_delta', 'thinking')).toBe('Let me think about this.');
    expect(deltaOf(a.events, 'signature_delta', 'signature').length).toBeGreaterThan(0);
    expect(deltaOf(a.events, 'text_delta', 'text')).toBe('The answer is 42.');
  });

  it('calls Write and Bash as tool_use blocks with input_json_delta, then answers tool_result', async () => {
    const write = await messages([user('[[mock:write:a.txt:hi]]')]);
    const block = rec(datas(write.events, 'content_block_start')[0]?.content_block);
    expect(block).toMatchObject({ type: 'tool_use', name: 'Write', input: {} });
    expect(JSON.parse(deltaOf(write.events, 'input_json_delta', 'partial_json'))).toEqual({ file_path: '/repo/a.txt', content: 'hi' });
    expect(datas(write.events, 'message_delta')[0]).toMatchObject({ delta: { stop_reason: 'tool_use' } });

    const shell = await messages([user('[[mock:shell:echo hi]]')]);
    expect(rec(datas(shell.events, 'content_block_start')[0]?.content_block)).toMatchObject({ type: 'tool_use', name: 'Bash' });
    expect(JSON.parse(deltaOf(shell.events, 'input_json_delta', 'partial_json'))).toEqual({ command: 'echo hi' });

    const done = await messages([
      user('[[mock:write:a.txt:hi]]'),
      { role: 'assistant', content: [{ type: 'tool_use', id: block.id, name: 'Write', input: { file_path: '/repo/a.txt', content: 'hi' } }] },
      // A tool result may carry reminders beside it: it is still not a message the user typed.
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: block.id, content: 'ok' }, { type: 'text', text: '[[mock:shell:rm -rf x]]' }] },
    ]);
    expect(deltaOf(done.events, 'text_delta', 'text')).toBe('Done: the file is written.');
    expect(llm.requests.at(-1)?.directive).toBe('write:a.txt:hi');
  });

  it('answers side requests without tools, non-streaming requests and count_tokens', async () => {
    const side = await messages([user('Title for this')], { tools: undefined });
    expect(deltaOf(side.events, 'text_delta', 'text')).toBe('Mock title');
    const json = await post(`${llm.origin}/v1/messages`, { model: 'm', max_tokens: 10, tools: TOOLS, messages: [user('[[mock:reasoning]]')] });
    expect(json.json).toMatchObject({
      type: 'message',
      content: [{ type: 'thinking', thinking: 'Let me think about this.' }, { type: 'text', text: 'The answer is 42.' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 120, output_tokens: 30 },
    });
    const count = await post(`${llm.origin}/v1/messages/count_tokens?beta=true`, { model: 'm', messages: [user('x')] });
    expect(count.json).toEqual({ input_tokens: 120 });
  });

  it('answers a connection probe, fails with 500 in its error shape, and cuts a stream', async () => {
    const probe = await post(`${llm.origin}/`, null, { method: 'HEAD' });
    expect(probe.status).toBe(200);
    expect(llm.others.at(-1)).toMatchObject({ method: 'HEAD', path: '/', status: 200 });
    const failed = await messages([user('[[mock:error500]]')]);
    expect(failed.status).toBe(500);
    expect(failed.json).toEqual({ type: 'error', error: { type: 'api_error', message: 'mock internal error' } });
    const cut = await messages([user('[[mock:cut]]')]);
    expect(cut.ended).toBe('error');
    expect(deltaOf(cut.events, 'text_delta', 'text')).toBe('partial ');
    expect(datas(cut.events, 'message_stop')).toEqual([]);
  });
});
