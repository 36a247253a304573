/**
 * A small client for the mock LLM tests: posts a request and reads the answer as JSON or as
 * server-sent events, noting how the stream ended (a cut stream errors, a hanging one times out).
 */

export interface SseEvent {
  event: string | null;
  /** Parsed JSON, or the raw text (`[DONE]`). */
  data: unknown;
}

export interface Answer {
  status: number;
  contentType: string;
  json: unknown;
  events: SseEvent[];
  ended: 'done' | 'error' | 'timeout';
}

export function parseSse(text: string): SseEvent[] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() !== '')
    .map((block) => {
      let event: string | null = null;
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      const raw = data.join('\n');
      try {
        return { event, data: JSON.parse(raw) as unknown };
      } catch {
        return { event, data: raw };
      }
    });
}

export async function post(url: string, body: unknown, options: { timeoutMs?: number; method?: string } = {}): Promise<Answer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 5000);
  let text = '';
  let ended: Answer['ended'] = 'done';
  let status = 0;
  let contentType = '';
  try {
    const res = await fetch(url, {
      method: options.method ?? 'POST',
      headers: { 'content-type': 'application/json' },
      ...(options.method === 'GET' || options.method === 'HEAD' ? {} : { body: JSON.stringify(body) }),
      signal: controller.signal,
    });
    status = res.status;
    contentType = res.headers.get('content-type') ?? '';
    const reader = res.body?.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    ended = controller.signal.aborted ? 'timeout' : 'error';
  } finally {
    clearTimeout(timer);
  }
  const sse = contentType.startsWith('text/event-stream');
  let json: unknown = null;
  if (!sse && text) {
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      json = text;
    }
  }
  return { status, contentType, json, events: sse ? parseSse(text) : [], ended };
}

/** Narrows an unknown to a record for reading fields in assertions. */
export const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
