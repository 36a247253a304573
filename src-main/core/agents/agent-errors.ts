/**
 * Pure: the name of an error an agent returned for a turn, from its own message. Agents report
 * a failed turn as a JSON-RPC error whose text is whatever their provider client said; the user
 * needs to know whether the provider failed (retry later, check the key or the endpoint), the
 * prompt was too long for the model (start a new chat, or compact), or the agent itself broke.
 */

export type AgentErrorName = 'ProviderError' | 'PromptTooLong' | 'AgentError';

const PROMPT_TOO_LONG = /prompt is too long|context (length|window)( exceeded)?|maximum context|too many tokens|input is too long|exceeds the (maximum|context)|context_length_exceeded/i;
const PROVIDER = [
  /\b(API|HTTP|status|server) ?(error|code)?[: ]*\(?[45]\d\d\b/i,
  /\b[45]\d\d\b.*\b(error|status|internal|unavailable|overloaded|bad gateway|too many requests)\b/i,
  /\b(internal server error|service unavailable|bad gateway|gateway timeout|overloaded|rate.?limit|too many requests|quota)\b/i,
  // Codex words a provider 500 as its own "high demand" notice.
  /\b(high demand|temporar(y|ily) (errors?|unavailable)|try again later)\b/i,
  /\b(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|socket hang up|fetch failed|network error|terminated|premature close|stream (ended|closed|error)|connection (reset|closed|error)|aborted by the server|unable to connect)\b/i,
  // Node's HTTP client (Claude Code's) names a lost connection UND_ERR_SOCKET and the like.
  /\bUND_ERR_\w+/,
  /\b(unauthorized|invalid api key|authentication|401|403)\b/i,
  // opencode names the provider client's failure in the error's data.
  /\bAPIError\b|\bAPICallError\b/,
];

export function classifyAgentError(message: string): AgentErrorName {
  if (PROMPT_TOO_LONG.test(message)) return 'PromptTooLong';
  if (PROVIDER.some((re) => re.test(message))) return 'ProviderError';
  return 'AgentError';
}

/**
 * Pure: the agent's message as a person reads it. Providers answer a failure with a JSON body,
 * which several agents pass on as is (Gemini CLI the whole body, Claude Code after "API Error:
 * 400"); the reason is the body's `error.message`. A message without such a body is kept whole.
 */
export function readableAgentMessage(message: string): string {
  const start = message.indexOf('{');
  if (start < 0) return message;
  let body: unknown;
  try {
    body = JSON.parse(message.slice(start));
  } catch {
    return message;
  }
  if (typeof body !== 'object' || body === null) return message;
  const record = body as { error?: unknown; message?: unknown };
  const error = typeof record.error === 'object' && record.error !== null ? (record.error as { message?: unknown; code?: unknown; status?: unknown }) : undefined;
  const reason = typeof error?.message === 'string' ? error.message : typeof record.message === 'string' ? record.message : undefined;
  if (!reason?.trim()) return message;
  const prefix = message.slice(0, start).trim();
  if (prefix) return `${prefix} ${reason}`;
  // A bare body (Gemini's) names its HTTP code and status only inside it.
  const status = [typeof error?.code === 'number' ? String(error.code) : '', typeof error?.status === 'string' ? error.status : ''].filter(Boolean).join(' ');
  return status ? `${status}: ${reason}` : reason;
}
