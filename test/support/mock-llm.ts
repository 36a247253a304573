import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A scripted OpenAI-compatible LLM on 127.0.0.1 for the real agent programs to talk to.
 *
 * The behaviour of a turn is chosen by a directive in the last user message, so a test drives
 * it through the real agent just by what it types (the last directive wins, so a hand-off that
 * quotes older prompts does not change the behaviour):
 *   (none)                      plain text reply "Hello from mock."
 *   [[mock:reply:TEXT]]         reply TEXT
 *   [[mock:reasoning]]          reasoning_content deltas, then text
 *   [[mock:write:PATH:CONTENT]] one call to the agent's write-file tool, then final text once the
 *                               tool result comes back (PATH relative to the agent's cwd, or absolute)
 *   [[mock:slow]]               200 text chunks, 50 ms apart (for aborts)
 *   [[mock:error500]]           HTTP 500
 *   [[mock:cut]]                a few chunks, then the connection is destroyed
 *   [[mock:hang]]               headers, then nothing until the server closes
 * Requests without tools are side requests (titles, summaries): a short text answer.
 */

export interface MockLlmRequest {
  body: ChatRequest;
  directive: string | null;
  at: number;
}

interface ChatMessage {
  role: string;
  content?: unknown;
  tool_calls?: unknown[];
}
interface ChatTool {
  type: string;
  function: { name: string; parameters?: { properties?: Record<string, unknown> } };
}
interface ChatRequest {
  model?: string;
  stream?: boolean;
  messages?: ChatMessage[];
  tools?: ChatTool[];
}

export interface MockLlm {
  url: string;
  port: number;
  requests: MockLlmRequest[];
  close(): Promise<void>;
}

const USAGE = { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 };

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (p && typeof p === 'object' && 'text' in p && typeof p.text === 'string' ? p.text : ''))
      .join('\n');
  }
  return '';
}

function lastDirective(messages: ChatMessage[]): string | null {
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  if (!lastUser) return null;
  const all = [...textOf(lastUser.content).matchAll(/\[\[mock:([^\]]*)\]\]/g)];
  return all.length > 0 ? all[all.length - 1]![1]! : null;
}

/**
 * The agent's working directory, as its system prompt states it. Some agents (qwen-code) state
 * it instead in a context block of the first user message ("I'm currently working in the
 * directory: /abs/path"), so when the system prompt has none, the messages are searched for that.
 */
export function cwdFromSystemPrompt(messages: ChatMessage[]): string | null {
  const system = messages.filter((m) => m.role === 'system').map((m) => textOf(m.content)).join('\n');
  const patterns = [
    /Working directory:\s*(\/[^\s<]+)/i,
    /current working directory[^/\n]*?(\/[^\s'"`<]+)/i,
    /<cwd>\s*(\/[^\s<]+)\s*<\/cwd>/i,
  ];
  for (const re of patterns) {
    const m = system.match(re);
    if (m?.[1]) return m[1].replace(/[.,;:)]+$/, '');
  }
  const context = messages.filter((m) => m.role === 'user').map((m) => textOf(m.content)).join('\n');
  const m = context.match(/currently working in the directory:\s*(\/[^\s<]+)/i);
  if (m?.[1]) return m[1].replace(/[.,;:)]+$/, '');
  return null;
}

function findWriteTool(tools: ChatTool[]): { name: string; pathArg: string; contentArg: string } | null {
  const candidates = tools.filter((t) => /^(write|write_file|writefile|create_file)$/i.test(t.function.name));
  const tool = candidates[0] ?? tools.find((t) => /write/i.test(t.function.name));
  if (!tool) return null;
  const props = Object.keys(tool.function.parameters?.properties ?? {});
  const pathArg = props.find((p) => /path/i.test(p)) ?? 'file_path';
  const contentArg = props.find((p) => /content/i.test(p)) ?? 'content';
  return { name: tool.function.name, pathArg, contentArg };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startMockLlm(): Promise<MockLlm> {
  const requests: MockLlmRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let seq = 0;
  let closing = false;

  const server = http.createServer(async (req, res) => {
    if (req.method === 'GET' && req.url?.endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'mock-model', object: 'model', owned_by: 'mock' }] }));
      return;
    }
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    let raw = '';
    for await (const chunk of req) raw += chunk;
    let body: ChatRequest;
    try {
      body = JSON.parse(raw) as ChatRequest;
    } catch {
      res.writeHead(400).end('bad json');
      return;
    }
    const messages = body.messages ?? [];
    const tools = body.tools ?? [];
    const directive = tools.length > 0 ? lastDirective(messages) : null;
    requests.push({ body, directive, at: Date.now() });
    const id = `chatcmpl-${++seq}`;
    const model = body.model ?? 'mock-model';
    const lastIsTool = messages.length > 0 && messages[messages.length - 1]!.role === 'tool';

    if (directive === 'error500') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'mock internal error', type: 'server_error' } }));
      return;
    }

    type Delta = { content?: string; reasoning_content?: string; tool_calls?: unknown[] };
    const plan: Array<{ delta: Delta; delayMs?: number }> = [];
    let finish = 'stop';
    if (tools.length === 0) {
      plan.push({ delta: { content: 'Mock title' } });
    } else if (lastIsTool) {
      plan.push({ delta: { content: 'Done: the file is written.' } });
    } else if (directive?.startsWith('write:')) {
      const [, rawPath = 'mock.txt', ...rest] = directive.split(':');
      const content = rest.join(':') || 'mock content\n';
      const tool = findWriteTool(tools);
      if (!tool) {
        plan.push({ delta: { content: 'No write tool offered.' } });
      } else {
        const cwd = cwdFromSystemPrompt(messages);
        const filePath = rawPath.startsWith('/') || !cwd ? rawPath : `${cwd.replace(/\/$/, '')}/${rawPath}`;
        const args = JSON.stringify({ [tool.pathArg]: filePath, [tool.contentArg]: content.replace(/\\n/g, '\n') });
        plan.push({
          delta: {
            tool_calls: [{ index: 0, id: `call_${seq}`, type: 'function', function: { name: tool.name, arguments: args } }],
          },
        });
        finish = 'tool_calls';
      }
    } else if (directive === 'reasoning') {
      for (const t of ['Let me ', 'think about ', 'this.']) plan.push({ delta: { reasoning_content: t } });
      for (const t of ['The answer ', 'is 42.']) plan.push({ delta: { content: t } });
    } else if (directive === 'slow') {
      for (let i = 0; i < 200; i++) plan.push({ delta: { content: `chunk${i} ` }, delayMs: 50 });
    } else if (directive?.startsWith('reply:')) {
      plan.push({ delta: { content: directive.slice('reply:'.length) } });
    } else if (directive === 'cut' || directive === 'hang') {
      plan.push({ delta: { content: 'partial ' } });
    } else {
      plan.push({ delta: { content: 'Hello ' } }, { delta: { content: 'from mock.' } });
    }

    if (!body.stream) {
      const content = plan.map((p) => p.delta.content ?? '').join('');
      const toolCalls = plan.flatMap((p) => p.delta.tool_calls ?? []);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model,
          choices: [{ index: 0, message: { role: 'assistant', content, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) }, finish_reason: finish }],
          usage: USAGE,
        }),
      );
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (obj: unknown) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
    const chunk = (delta: Delta, finishReason: string | null = null) =>
      send({ id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, finish_reason: finishReason }] });
    let aborted = false;
    res.on('close', () => (aborted = true));
    chunk({ role: 'assistant', content: '' } as Delta);
    for (const step of plan) {
      if (aborted || closing) return;
      if (step.delayMs) await sleep(step.delayMs);
      chunk(step.delta);
    }
    if (directive === 'cut') {
      await sleep(20);
      req.socket.destroy();
      return;
    }
    if (directive === 'hang') return; // the response stays open until the server closes
    chunk({}, finish);
    send({ id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: [], usage: USAGE });
    res.write('data: [DONE]\n\n');
    res.end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    async close() {
      closing = true;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
