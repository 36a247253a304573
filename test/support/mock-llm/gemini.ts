import { asArray, isRecord, textOf, type Dialect, type EncodeContext, type Frame, type RequestBody } from './dialect';
import { MOCK_INPUT_TOKENS, runsOf, type Plan, type Step, type TurnView } from './scenario';
import { jsonArgsOf, paramsOfSchema, type ToolSpec } from './tools';

/**
 * Gemini (`POST /v1beta/models/MODEL:generateContent`, `:streamGenerateContent?alt=sse`,
 * `:countTokens`), as gemini-cli uses it: `contents` of `user` / `model` turns made of parts
 * (`text`, `{text, thought: true}` for reasoning, `functionCall`, `functionResponse` for tool
 * results); the stream is `data:` chunks of candidates, with the finish reason and usage last.
 */

const GEMINI_PATH = /\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;

interface Content {
  role: string;
  parts: unknown[];
}

const contentsOf = (body: RequestBody): Content[] =>
  asArray(body.contents).flatMap((c): Content[] =>
    isRecord(c) ? [{ role: typeof c.role === 'string' ? c.role : 'user', parts: asArray(c.parts) }] : [],
  );

const isToolResult = (c: Content) => c.parts.some((p) => isRecord(p) && isRecord(p.functionResponse));

function toolsOf(body: RequestBody): ToolSpec[] {
  return asArray(body.tools).flatMap((t) =>
    isRecord(t)
      ? asArray(t.functionDeclarations).flatMap((d): ToolSpec[] =>
          isRecord(d) && typeof d.name === 'string'
            ? [{ name: d.name, freeform: false, params: paramsOfSchema(d.parametersJsonSchema ?? d.parameters) }]
            : [],
        )
      : [],
  );
}

function read(body: RequestBody): TurnView {
  const contents = contentsOf(body);
  const typed = [...contents].reverse().find((c) => c.role === 'user' && !isToolResult(c));
  const last = contents.at(-1);
  const system = isRecord(body.systemInstruction) ? textOf(body.systemInstruction.parts) : textOf(body.systemInstruction);
  const config = isRecord(body.generationConfig) ? body.generationConfig : {};
  const schema = config.responseJsonSchema ?? config.responseSchema;
  return {
    userText: typed ? textOf(typed.parts) : null,
    endsWithToolResult: last !== undefined && isToolResult(last),
    tools: toolsOf(body),
    systemText: system,
    contextText: contents.filter((c) => c.role === 'user').map((c) => textOf(c.parts)).join('\n'),
    ...(schema !== undefined || config.responseMimeType === 'application/json' ? { responseSchema: schema ?? {} } : {}),
  };
}

/**
 * gemini-cli shows each thought part as `**subject**\ndescription`, parsing the subject out of
 * the part's text: a whole run of reasoning goes out as one part with a subject, as Gemini's
 * thought summaries do, so the client sees the reasoning text once and unbroken.
 */
export const THOUGHT_SUBJECT = 'Thinking';

/** The parts of one run of steps, as a stream sends them (one chunk each). */
function partsOf(run: Step[]): Array<{ part: Record<string, unknown>; delayMs?: number }> {
  const first = run[0]!;
  if (first.type === 'tool') {
    return [{ part: { functionCall: { name: first.name, args: jsonArgsOf(first.input) } } }];
  }
  if (first.type === 'reasoning') {
    const text = run.map((s) => (s.type === 'reasoning' ? s.text : '')).join('');
    return [{ part: { text: `**${THOUGHT_SUBJECT}**\n\n${text}`, thought: true } }];
  }
  return run.map((s) => ({ part: { text: s.type === 'text' ? s.text : '' }, ...(s.type === 'text' && s.delayMs ? { delayMs: s.delayMs } : {}) }));
}

function usageOf(plan: Plan) {
  const u = plan.usage;
  // Gemini counts cache hits inside promptTokenCount and thoughts apart from candidates.
  const prompt = u.inputTokens + u.cacheReadTokens;
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: u.outputTokens,
    ...(u.reasoningTokens > 0 ? { thoughtsTokenCount: u.reasoningTokens } : {}),
    ...(u.cacheReadTokens > 0 ? { cachedContentTokenCount: u.cacheReadTokens } : {}),
    totalTokenCount: prompt + u.outputTokens + u.reasoningTokens,
  };
}

function stream(plan: Plan, ctx: EncodeContext): Frame[] {
  const chunk = (parts: unknown[], end?: boolean) => ({
    candidates: [{ content: { role: 'model', parts }, index: 0, ...(end ? { finishReason: 'STOP' } : {}) }],
    ...(end ? { usageMetadata: usageOf(plan) } : {}),
    modelVersion: ctx.model,
    responseId: ctx.id,
  });
  return [
    ...runsOf(plan).flatMap((run) => partsOf(run).map(({ part, delayMs }): Frame => ({ data: chunk([part]), ...(delayMs ? { delayMs } : {}) }))),
    { data: chunk([{ text: '' }], true), closing: true },
  ];
}

function json(plan: Plan, ctx: EncodeContext): unknown {
  // A non-streaming answer has one part per run.
  const parts = runsOf(plan).map((run) => {
    const pieces = partsOf(run).map((p) => p.part);
    return pieces.length === 1 ? pieces[0]! : { text: pieces.map((p) => String(p.text ?? '')).join('') };
  });
  return {
    candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
    usageMetadata: usageOf(plan),
    modelVersion: ctx.model,
    responseId: ctx.id,
  };
}

export const gemini: Dialect = {
  name: 'gemini',
  route(method, pathname) {
    const m = method === 'POST' ? pathname.match(GEMINI_PATH) : null;
    if (!m) return null;
    if (m[2] === 'countTokens') return { kind: 'countTokens', answer: { totalTokens: MOCK_INPUT_TOKENS } };
    return { kind: 'generate', model: m[1], stream: m[2] === 'streamGenerateContent' };
  },
  read,
  stream,
  json,
  errorBody: (message, status = 500) => ({ error: { code: status, message, status: status === 400 ? 'INVALID_ARGUMENT' : 'INTERNAL' } }),
};
