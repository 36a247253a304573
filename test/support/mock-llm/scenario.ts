import { buildShellCall, buildWriteCall, type ToolCallInput, type ToolSpec } from './tools';

/**
 * The dialect-neutral decision of what the mock LLM does in one model call. Every dialect reads
 * its request into a `TurnView` and encodes the resulting `Plan`; only this file knows the
 * directives, so all four wire formats behave the same for the same prompt.
 *
 * The behaviour is chosen by a directive in the last message the user typed (the last directive
 * of that message wins, so a hand-off that quotes older prompts does not change it; tool results
 * are not typed by the user, so they never change it either):
 *   (none)                      plain text "Hello from mock."
 *   [[mock:reply:TEXT]]         reply TEXT (`\n` in TEXT is a newline)
 *   [[mock:reasoning]]          reasoning "Let me think about this.", then text "The answer is 42."
 *   [[mock:write:PATH:CONTENT]] one call to the agent's write tool (`\n` in CONTENT is a newline;
 *                               PATH relative to the agent's cwd, or absolute; `{dir}` in PATH or
 *                               CONTENT is the name of the agent's cwd, so one prompt sent to
 *                               agents in different folders, an arena's, writes different files)
 *   [[mock:shell:COMMAND]]      one call to the agent's shell tool
 *   [[mock:slow]]               200 text chunks, 50 ms apart (for aborts)
 *   [[mock:error500]]           HTTP 500
 *   [[mock:toolong]]            HTTP 400 "prompt is too long" (a failure agents do not retry)
 *   [[mock:cut]]                a few chunks, then the connection is destroyed
 *   [[mock:hang]]               headers and a first chunk, then nothing until the server closes
 * A call whose last input is a tool result gets the final answer and never calls a tool again.
 * Requests without tools are side requests (titles, routers, summaries): a short answer.
 */

/** What a dialect reads out of a request: all the scenario needs to decide. */
export interface TurnView {
  /** Text of the last message the user typed; tool results and agent-injected turns are not it. */
  userText: string | null;
  /** Whether the conversation ends with a tool's result (the call after a tool ran). */
  endsWithToolResult: boolean;
  tools: ToolSpec[];
  /** The system prompt, where most agents state their working directory. */
  systemText: string;
  /** Every other text of the conversation, where some agents state it instead. */
  contextText: string;
  /** The JSON schema a side request demands its answer in (Gemini's router), if any. */
  responseSchema?: unknown;
}

export type Step =
  | { type: 'reasoning'; text: string }
  | { type: 'text'; text: string; delayMs?: number }
  | { type: 'tool'; callId: string; name: string; input: ToolCallInput };

export type Fault = 'error500' | 'toolong' | 'cut' | 'hang';

/** Token counts of one model call, the same in every dialect (tests assert them). */
export interface PlanUsage {
  /** Prompt tokens that were not cache hits. */
  inputTokens: number;
  outputTokens: number;
  /** Part of `outputTokens` spent on reasoning (dialects that report it separately). */
  reasoningTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface Plan {
  directive: string | null;
  /** Whether this is a side request (no tools offered). */
  side: boolean;
  fault: Fault | null;
  steps: Step[];
  /** Why the model stops: done, or waiting for the tool it called. */
  stop: 'end' | 'tool';
  usage: PlanUsage;
}

export const MOCK_INPUT_TOKENS = 120;
export const MOCK_OUTPUT_TOKENS = 30;
export const MOCK_REASONING_TOKENS = 5;

// Split in chunks as a model streams them, so clients see more than one delta.
const PLAIN_CHUNKS = ['Hello ', 'from mock.'];
const REASONING_CHUNKS = ['Let me ', 'think about ', 'this.'];
const ANSWER_CHUNKS = ['The answer ', 'is 42.'];
export const PLAIN_TEXT = PLAIN_CHUNKS.join('');
export const REASONING_TEXT = REASONING_CHUNKS.join('');
export const REASONING_ANSWER = ANSWER_CHUNKS.join('');
export const SIDE_TEXT = 'Mock title';
export const WRITE_DONE_TEXT = 'Done: the file is written.';
export const SHELL_DONE_TEXT = 'Done: the command ran.';

export function lastDirective(text: string | null): string | null {
  if (!text) return null;
  const all = [...text.matchAll(/\[\[mock:([^\]]*)\]\]/g)];
  return all.length > 0 ? all[all.length - 1]![1]! : null;
}

const trimPath = (p: string) => p.replace(/[.,;:)]+$/, '');

/**
 * The agent's working directory as its prompt states it. Most agents (opencode, claude) say it
 * in the system prompt; qwen-code and gemini in a context block of the first user message (gemini
 * as its first "Workspace Directories" entry), and
 * codex in an `<environment_context>` user message. The system prompt wins.
 */
export function cwdFromContext(systemText: string, contextText: string): string | null {
  const systemPatterns = [
    /Working directory:\s*(\/[^\s<]+)/i,
    /current working directory[^/\n]*?(\/[^\s'"`<]+)/i,
    /<cwd>\s*(\/[^\s<]+)\s*<\/cwd>/i,
  ];
  for (const re of systemPatterns) {
    const m = systemText.match(re);
    if (m?.[1]) return trimPath(m[1]);
  }
  const contextPatterns = [
    /currently working in the directory:\s*(\/[^\s<]+)/i,
    /<cwd>\s*(\/[^\s<]+)\s*<\/cwd>/i,
    // Gemini CLI's session context: "- **Workspace Directories:**" then "  - /path".
    /Workspace Directories:\**\s*-\s*(\/[^\s<]+)/i,
  ];
  for (const re of contextPatterns) {
    const m = contextText.match(re);
    if (m?.[1]) return trimPath(m[1]);
  }
  return null;
}

/** Arguments after the directive's name, rejoined: a command or content may contain colons. */
const argsOf = (directive: string) => directive.split(':').slice(1);

function usage(reasoning: boolean): PlanUsage {
  return {
    inputTokens: MOCK_INPUT_TOKENS,
    outputTokens: MOCK_OUTPUT_TOKENS,
    reasoningTokens: reasoning ? MOCK_REASONING_TOKENS : 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
  };
}

const text = (...parts: string[]): Step[] => parts.map((t) => ({ type: 'text', text: t }));

/** A JSON answer shaped like the schema a side request asks for (Gemini's model router). */
export function jsonForSchema(schema: unknown, key = ''): unknown {
  const s = typeof schema === 'object' && schema !== null ? (schema as Record<string, unknown>) : {};
  const type = typeof s.type === 'string' ? s.type.toLowerCase() : undefined;
  // "user" where offered: gemini's next-speaker check then ends the turn instead of going on.
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum.includes('user') ? 'user' : s.enum[0];
  if (type === 'object' || typeof s.properties === 'object') {
    const props = typeof s.properties === 'object' && s.properties !== null ? (s.properties as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, jsonForSchema(v, k)]));
  }
  if (type === 'array') return [];
  if (type === 'boolean') return false;
  if (type === 'number' || type === 'integer') return 1;
  if (/reasoning/i.test(key)) return 'simple';
  if (/speaker/i.test(key)) return 'user';
  return SIDE_TEXT;
}

export function planTurn(view: TurnView, callId: string): Plan {
  if (view.tools.length === 0) {
    const answer = view.responseSchema !== undefined ? JSON.stringify(jsonForSchema(view.responseSchema)) : SIDE_TEXT;
    return { directive: null, side: true, fault: null, steps: text(answer), stop: 'end', usage: usage(false) };
  }
  const directive = lastDirective(view.userText);
  const plan = (steps: Step[], extra: Partial<Plan> = {}): Plan => ({
    directive,
    side: false,
    fault: null,
    steps,
    stop: 'end',
    usage: usage(false),
    ...extra,
  });
  const name = directive?.split(':')[0] ?? null;

  if (name === 'error500') return plan([], { fault: 'error500' });
  if (name === 'toolong') return plan([], { fault: 'toolong' });
  if (view.endsWithToolResult) return plan(text(name === 'shell' ? SHELL_DONE_TEXT : WRITE_DONE_TEXT));

  switch (name) {
    case 'write': {
      const cwd = cwdFromContext(view.systemText, view.contextText);
      const dirName = cwd?.replace(/\/$/, '').split('/').pop() ?? '';
      const [rawPath = 'mock.txt', ...rest] = argsOf(directive!.replaceAll('{dir}', dirName));
      const content = (rest.join(':') || 'mock content\n').replace(/\\n/g, '\n');
      const filePath = rawPath.startsWith('/') || !cwd ? rawPath : `${cwd.replace(/\/$/, '')}/${rawPath}`;
      const call = buildWriteCall(view.tools, filePath, content);
      if (!call) return plan(text('No write tool offered.'));
      return plan([{ type: 'tool', callId, ...call }], { stop: 'tool' });
    }
    case 'shell': {
      const command = argsOf(directive!).join(':') || 'echo mock';
      const call = buildShellCall(view.tools, command);
      if (!call) return plan(text('No shell tool offered.'));
      return plan([{ type: 'tool', callId, ...call }], { stop: 'tool' });
    }
    case 'reasoning':
      return plan(
        [...REASONING_CHUNKS.map((t): Step => ({ type: 'reasoning', text: t })), ...text(...ANSWER_CHUNKS)],
        { usage: usage(true) },
      );
    case 'slow':
      return plan(Array.from({ length: 200 }, (_, i): Step => ({ type: 'text', text: `chunk${i} `, delayMs: 50 })));
    case 'reply':
      return plan(text(directive!.slice('reply:'.length).replace(/\\n/g, '\n')));
    case 'cut':
    case 'hang':
      return plan(text('partial '), { fault: name });
    default:
      return plan(text(...PLAIN_CHUNKS));
  }
}

/** The whole text of a plan's steps of one type (for dialects that answer in one piece). */
export const joined = (plan: Plan, type: 'text' | 'reasoning'): string =>
  plan.steps.map((s) => (s.type === type ? s.text : '')).join('');

/**
 * The steps grouped as the block-structured dialects (Responses items, Anthropic content blocks)
 * send them: consecutive text or reasoning steps form one block, each tool call is its own.
 */
export function runsOf(plan: Plan): Step[][] {
  const runs: Step[][] = [];
  for (const step of plan.steps) {
    const last = runs.at(-1);
    if (last && step.type !== 'tool' && last[0]!.type === step.type) last.push(step);
    else runs.push([step]);
  }
  return runs;
}
