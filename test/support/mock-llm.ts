import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { anthropicMessages } from './mock-llm/anthropic-messages';
import type { Dialect, DialectName, RequestBody, Route } from './mock-llm/dialect';
import { gemini } from './mock-llm/gemini';
import { chatContext, openaiChat, type ChatMessage } from './mock-llm/openai-chat';
import { openaiResponses } from './mock-llm/openai-responses';
import { cwdFromContext, planTurn } from './mock-llm/scenario';
import { writeSse } from './mock-llm/sse';

/**
 * A scripted LLM on 127.0.0.1 for the real agent programs to talk to, in the four wire formats
 * they use, told apart by path: OpenAI Chat Completions (opencode, qwen-code), OpenAI Responses
 * (codex), Anthropic Messages (claude) and Gemini (gemini-cli). What a call answers is decided
 * once for all of them by the directive the test types (see mock-llm/scenario.ts); each dialect
 * only spells the answer.
 *
 * `url` is the OpenAI-style base (`http://127.0.0.1:PORT/v1`); Anthropic and Gemini clients take
 * the bare origin (`http://127.0.0.1:PORT`), which is `origin`.
 */

export type { DialectName } from './mock-llm/dialect';
export type { ChatMessage } from './mock-llm/openai-chat';

export interface MockLlmRequest {
  dialect: DialectName;
  kind: Route['kind'];
  method: string;
  /** Path and query, e.g. `/v1/messages?beta=true`. */
  path: string;
  headers: http.IncomingHttpHeaders;
  body: RequestBody;
  /** The directive that decided the answer; null for side requests and token counts. */
  directive: string | null;
  /** A request offering no tools (titles, routers, summaries). */
  side: boolean;
  stream: boolean;
  at: number;
}

export interface MockLlm {
  /** The OpenAI-style base URL, `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** `http://127.0.0.1:PORT`, for clients that add their own version prefix (Anthropic, Gemini). */
  origin: string;
  port: number;
  requests: MockLlmRequest[];
  /**
   * Requests no dialect serves: connection probes (Claude Code sends `HEAD /` first, answered
   * 200) and anything else (answered 404), to see what an agent asks that the mock does not know.
   */
  others: Array<{ method: string; path: string; status: number; at: number }>;
  close(): Promise<void>;
}

const DIALECTS: readonly Dialect[] = [gemini, anthropicMessages, openaiResponses, openaiChat];

/**
 * The agent's working directory as a chat conversation states it (system prompt, else the
 * context block qwen-code puts in its first user message).
 */
export function cwdFromSystemPrompt(messages: ChatMessage[]): string | null {
  const { systemText, contextText } = chatContext(messages);
  return cwdFromContext(systemText, contextText);
}

function routeOf(method: string, pathname: string): { dialect: Dialect; route: Route } | null {
  for (const dialect of DIALECTS) {
    const route = dialect.route(method, pathname);
    if (route) return { dialect, route };
  }
  return null;
}

async function readBody(req: http.IncomingMessage): Promise<RequestBody | null> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  if (raw.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as RequestBody) : null;
  } catch {
    return null;
  }
}

export async function startMockLlm(): Promise<MockLlm> {
  const requests: MockLlmRequest[] = [];
  const others: MockLlm['others'] = [];
  const sockets = new Set<Socket>();
  let seq = 0;
  let closing = false;

  const server = http.createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const found = routeOf(method, url.pathname);
    if (!found) {
      const status = method === 'HEAD' ? 200 : 404;
      others.push({ method, path: url.pathname + url.search, status, at: Date.now() });
      res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? undefined : JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const { dialect, route } = found;
    const body = await readBody(req);
    if (!body) {
      res.writeHead(400).end('bad json');
      return;
    }
    const base = { dialect: dialect.name, kind: route.kind, method, path: url.pathname + url.search, headers: req.headers, body, at: Date.now() };
    if (route.kind !== 'generate') {
      requests.push({ ...base, directive: null, side: true, stream: false });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(route.answer));
      return;
    }

    const id = String(++seq);
    const plan = planTurn(dialect.read(body), `call_${id}`);
    const stream = route.stream ?? body.stream === true;
    requests.push({ ...base, directive: plan.directive, side: plan.side, stream });
    const ctx = {
      id,
      model: route.model ?? (typeof body.model === 'string' ? body.model : 'mock-model'),
      created: Math.floor(Date.now() / 1000),
    };

    if (plan.fault === 'error500') {
      // "Retry now": agents that retry a 500 with backoff honour it, so a failing turn fails in seconds, not minutes.
      res
        .writeHead(500, { 'content-type': 'application/json', 'retry-after-ms': '0', 'retry-after': '0', 'x-should-retry': 'false' })
        .end(JSON.stringify(dialect.errorBody('mock internal error')));
      return;
    }
    if (plan.fault === 'toolong') {
      // Worded as the providers word it, so each agent passes on a message saying so.
      const message = 'prompt is too long: 250000 tokens > 200000 maximum';
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(dialect.errorBody(message, 400)));
      return;
    }
    if (stream) {
      await writeSse(req, res, dialect.stream(plan, ctx), plan.fault, () => closing);
      return;
    }
    if (plan.fault === 'cut') {
      req.socket.destroy();
      return;
    }
    if (plan.fault === 'hang') return;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(dialect.json(plan, ctx)));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    others,
    async close() {
      closing = true;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
