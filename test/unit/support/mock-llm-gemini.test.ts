import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockLlm, type MockLlm } from '../../support/mock-llm';
import { arr, post, rec, type SseEvent } from './http-client';

/** The Gemini dialect (gemini-cli), with request shapes as gemini-cli 0.61 sends them. */

let llm: MockLlm;
beforeAll(async () => {
  llm = await startMockLlm();
});
afterAll(() => llm.close());

const TOOLS = [
  {
    functionDeclarations: [
      { name: 'write_file', parametersJsonSchema: { type: 'object', properties: { file_path: { type: 'string' }, content: { type: 'string' } }, required: ['file_path', 'content'] } },
      { name: 'run_shell_command', parametersJsonSchema: { type: 'object', properties: { command: { type: 'string' }, dir_path: { type: 'string' } }, required: ['command'] } },
    ],
  },
];
const CONTEXT = { role: 'user', parts: [{ text: "<session_context>\nI'm currently working in the directory: /repo\n</session_context>" }] };
const userText = (text: string) => ({ role: 'user', parts: [{ text }] });
const base = (model: string, method: string) => `${llm.origin}/v1beta/models/${model}:${method}`;
const streamed = (contents: unknown[]) =>
  post(`${base('gemini-3.8-flash', 'streamGenerateContent')}?alt=sse`, { contents, tools: TOOLS, systemInstruction: { parts: [{ text: 'You are Gemini CLI.' }] } });

const parts = (events: SseEvent[]) => events.flatMap((e) => arr(rec(rec(arr(rec(e.data).candidates)[0]).content).parts)).map(rec);
const textOf = (events: SseEvent[], thought: boolean) =>
  parts(events)
    .filter((p) => typeof p.text === 'string' && (p.thought === true) === thought)
    .map((p) => String(p.text))
    .join('');
const last = (events: SseEvent[]) => rec(events.at(-1)?.data);

describe('mock LLM: Gemini', () => {
  it('streams model parts, and the finish reason with usage last', async () => {
    const a = await streamed([CONTEXT, userText('Hi')]);
    expect(a.status).toBe(200);
    expect(textOf(a.events, false)).toBe('Hello from mock.');
    expect(rec(arr(last(a.events).candidates)[0])).toMatchObject({ finishReason: 'STOP', content: { role: 'model' } });
    expect(last(a.events).usageMetadata).toEqual({ promptTokenCount: 120, candidatesTokenCount: 30, totalTokenCount: 150 });
    expect(llm.requests.at(-1)).toMatchObject({ dialect: 'gemini', stream: true, side: false });
  });

  it('streams reasoning as one thought part with a subject, with thought tokens', async () => {
    const a = await streamed([userText('[[mock:reasoning]]')]);
    expect(textOf(a.events, true)).toBe('**Thinking**\n\nLet me think about this.');
    expect(textOf(a.events, false)).toBe('The answer is 42.');
    expect(last(a.events).usageMetadata).toEqual({ promptTokenCount: 120, candidatesTokenCount: 30, thoughtsTokenCount: 5, totalTokenCount: 155 });
  });

  it('calls write_file and run_shell_command, then answers the functionResponse', async () => {
    const write = await streamed([CONTEXT, userText('[[mock:write:a.txt:hi]]')]);
    const call = rec(parts(write.events).find((p) => p.functionCall)?.functionCall);
    expect(call).toEqual({ name: 'write_file', args: { file_path: '/repo/a.txt', content: 'hi' } });
    const shell = await streamed([userText('[[mock:shell:echo hi]]')]);
    expect(rec(parts(shell.events).find((p) => p.functionCall)?.functionCall)).toEqual({ name: 'run_shell_command', args: { command: 'echo hi' } });
    const done = await streamed([
      CONTEXT,
      userText('[[mock:write:a.txt:hi]]'),
      { role: 'model', parts: [{ functionCall: call }] },
      { role: 'user', parts: [{ functionResponse: { name: 'write_file', response: { output: 'ok' } } }] },
    ]);
    expect(textOf(done.events, false)).toBe('Done: the file is written.');
    expect(parts(done.events).some((p) => p.functionCall)).toBe(false);
  });

  it('answers the router’s JSON side request, other generateContent calls and countTokens', async () => {
    const router = await post(base('gemini-3.5-flash-lite', 'generateContent'), {
      contents: [userText('How complex is: fix the bug')],
      generationConfig: {
        responseMimeType: 'application/json',
        responseJsonSchema: { type: 'OBJECT', properties: { complexity_reasoning: { type: 'STRING' }, complexity_score: { type: 'INTEGER' } } },
      },
    });
    const text = String(rec(arr(rec(rec(arr(rec(router.json).candidates)[0]).content).parts)[0]).text);
    expect(JSON.parse(text)).toEqual({ complexity_reasoning: 'simple', complexity_score: 1 });
    expect(llm.requests.at(-1)).toMatchObject({ dialect: 'gemini', side: true, stream: false, path: '/v1beta/models/gemini-3.5-flash-lite:generateContent' });
    const plain = await post(base('m', 'generateContent'), { contents: [userText('Summarize')] });
    expect(plain.json).toMatchObject({ candidates: [{ content: { role: 'model', parts: [{ text: 'Mock title' }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 120 } });
    const count = await post(base('m', 'countTokens'), { contents: [userText('x')] });
    expect(count.json).toEqual({ totalTokens: 120 });
  });

  it('fails with 500 in its error shape, and cuts a stream before its finish', async () => {
    const failed = await streamed([userText('[[mock:error500]]')]);
    expect(failed.status).toBe(500);
    expect(failed.json).toEqual({ error: { code: 500, message: 'mock internal error', status: 'INTERNAL' } });
    const cut = await streamed([userText('[[mock:cut]]')]);
    expect(cut.ended).toBe('error');
    expect(textOf(cut.events, false)).toBe('partial ');
    expect(cut.events.some((e) => rec(e.data).usageMetadata)).toBe(false);
  });
});
