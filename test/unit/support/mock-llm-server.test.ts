import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cwdFromSystemPrompt, startMockLlm, type MockLlm } from '../../support/mock-llm';
import { arr, post, rec } from './http-client';

/** What the mock server does around the dialects: addresses, routing, recording, hanging. */

let llm: MockLlm;
beforeAll(async () => {
  llm = await startMockLlm();
});
afterAll(() => llm.close());

const TOOL = { type: 'function', function: { name: 'write', parameters: { type: 'object', properties: {} } } };

describe('mock LLM server', () => {
  it('gives an OpenAI-style base URL and the bare origin on one loopback port', () => {
    expect(llm.url).toBe(`http://127.0.0.1:${llm.port}/v1`);
    expect(llm.origin).toBe(`http://127.0.0.1:${llm.port}`);
  });

  it('records each request with its dialect, path, headers and directive', async () => {
    const before = llm.requests.length;
    await post(`${llm.url}/chat/completions`, { stream: true, tools: [TOOL], messages: [{ role: 'user', content: 'a [[mock:reply:x]]' }] });
    await post(`${llm.origin}/v1beta/models/m:countTokens`, { contents: [] });
    const [chat, count] = llm.requests.slice(before);
    expect(chat).toMatchObject({ dialect: 'openai-chat', kind: 'generate', method: 'POST', path: '/v1/chat/completions', directive: 'reply:x', side: false, stream: true });
    expect(chat?.headers['content-type']).toBe('application/json');
    expect(JSON.stringify(chat?.body.messages)).toContain('mock:reply:x');
    expect(count).toMatchObject({ dialect: 'gemini', kind: 'countTokens', directive: null });
  });

  it('answers 404 for what no dialect serves, and keeps note of it', async () => {
    const a = await post(`${llm.origin}/v2/unknown`, {});
    expect(a.status).toBe(404);
    expect(llm.others.at(-1)).toMatchObject({ method: 'POST', path: '/v2/unknown', status: 404 });
  });

  it('keeps a hanging stream open after its first chunk, until the client gives up', async () => {
    const a = await post(`${llm.url}/chat/completions`, { stream: true, tools: [TOOL], messages: [{ role: 'user', content: '[[mock:hang]]' }] }, { timeoutMs: 400 });
    expect(a.ended).toBe('timeout');
    const text = a.events.map((e) => String(rec(rec(arr(rec(e.data).choices)[0]).delta).content ?? '')).join('');
    expect(text).toBe('partial ');
  });

  it('still finds the cwd of chat conversations as before', () => {
    expect(cwdFromSystemPrompt([{ role: 'system', content: 'Working directory: /a/b' }])).toBe('/a/b');
    expect(cwdFromSystemPrompt([{ role: 'user', content: [{ type: 'text', text: "I'm currently working in the directory: /q/w." }] }])).toBe('/q/w');
    expect(cwdFromSystemPrompt([{ role: 'system', content: '<cwd>/c</cwd>' }])).toBe('/c');
  });
});
