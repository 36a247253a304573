/**
 * A tiny scripted ACP agent over stdio, for the fault cases a real agent will not produce on
 * demand. Run with tsx: `tsx test/support/fake-acp-agent.ts <mode>`.
 *
 * Modes:
 *   normal          a well-behaved agent (default)
 *   exit-at-start   writes a line to stderr and exits 3 before reading anything
 *   never-answer    reads stdin and never answers
 *   garbage         like normal, but prints non-JSON lines, bare JSON values and stray responses
 *   no-resume       like normal, advertising neither session/load nor session/resume
 *   load-only       like normal, advertising session/load only; any session id loads, with a
 *                   replay of a canned history sent in one write with the load result
 *   needs-auth      advertises a terminal login ("--login"), an API-key method and a login of its
 *                   own ("fake-browser-login": `authenticate` writes the login file; with
 *                   FAKE_LOGIN_FAILS set it answers an error), and refuses session/new with ACP's
 *                   auth_required (-32000) until FAKE_API_KEY is set or the file
 *                   $HOME/.fake-agent-login exists (what its "--login" writes)
 *   --login         not an ACP agent: the interactive login, writes $HOME/.fake-agent-login, exits 0
 *
 * In normal mode the prompt text chooses the turn:
 *   "perm"              asks session/request_permission, then reports the outcome as text
 *   "hang"              streams nothing and waits for session/cancel, then ends "cancelled"
 *   "error"             answers session/prompt with a JSON-RPC error
 *   "die"               sends one chunk, writes to stderr and exits 7
 *   "ext"               sends an unknown request (craft/whatever) and reports the error code
 *   "read:PATH"         asks fs/read_text_file, reports the content or the error message
 *   "write:PATH:TEXT"   asks fs/write_text_file, reports ok or the error message
 *   "env:NAME"          reports the value of its environment variable NAME ("env NAME=value", or "unset")
 *   anything else       one chunk "echo: <prompt>", a usage chunk, end_turn
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const mode = process.argv[2] ?? 'normal';
const loginFile = () => path.join(process.env.HOME ?? '/nonexistent', '.fake-agent-login');

if (process.argv.includes('--login')) {
  writeFileSync(loginFile(), 'signed in\n');
  process.stdout.write('fake agent: signed in\n');
  process.exit(0);
}

if (mode === 'exit-at-start') {
  process.stderr.write('fake agent: fatal: cannot read config /nonexistent/agent.toml\n');
  process.exit(3);
}

type Json = Record<string, unknown>;
const send = (message: Json) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...message }) + '\n');
const raw = (line: string) => process.stdout.write(line + '\n');

let nextId = 1000;
const waiting = new Map<number, (message: Json) => void>();
const request = (method: string, params: Json): Promise<Json> =>
  new Promise((resolve) => {
    const id = nextId++;
    waiting.set(id, resolve);
    send({ id, method, params });
  });
const update = (sessionId: string, u: Json) => send({ method: 'session/update', params: { sessionId, update: u } });
const chunk = (sessionId: string, text: string) =>
  update(sessionId, { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text } });

let sessionSeq = 0;
const cancels = new Map<string, () => void>();
const history = new Map<string, string[]>();

async function prompt(id: unknown, params: Json): Promise<void> {
  const sessionId = String(params.sessionId);
  const blocks = Array.isArray(params.prompt) ? (params.prompt as Json[]) : [];
  const text = blocks.map((b) => (typeof b.text === 'string' ? b.text : '')).join('');
  history.get(sessionId)?.push(text);
  if (mode === 'garbage') {
    raw('garbage in the middle of a turn');
    raw('[1, 2, 3]');
    raw('42');
    raw('{"jsonrpc":"2.0","id":987654,"result":{}}');
    raw('{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"' + sessionId + '","update":{"sessionUpdate":"no_such_kind"}}}');
    raw('{"jsonrpc":"2.0","method":"weird/notification","params":{}}');
  }
  if (text === 'perm') {
    const answer = await request('session/request_permission', {
      sessionId,
      toolCall: { toolCallId: 'tc1', title: 'Write x.txt', status: 'pending', kind: 'edit', content: [] },
      options: [
        { optionId: 'proceed_once', name: 'Allow', kind: 'allow_once' },
        { optionId: 'cancel', name: 'Reject', kind: 'reject_once' },
      ],
    });
    chunk(sessionId, `outcome: ${JSON.stringify(answer.result ?? answer.error)}`);
    // The turn ends cancelled when the client cancelled it while the permission was pending.
    const cancelled = (answer.result as Json | undefined)?.outcome as Json | undefined;
    send({ id, result: { stopReason: cancelled?.outcome === 'cancelled' ? 'cancelled' : 'end_turn' } });
    return;
  }
  if (text === 'hang') {
    await new Promise<void>((resolve) => cancels.set(sessionId, resolve));
    send({ id, result: { stopReason: 'cancelled' } });
    return;
  }
  if (text === 'error') {
    send({ id, error: { code: -32603, message: 'boom from fake agent' } });
    return;
  }
  if (text === 'die') {
    chunk(sessionId, 'about to die');
    process.stderr.write('fake agent: dying on purpose\n');
    setTimeout(() => process.exit(7), 20);
    return;
  }
  if (text === 'ext') {
    const answer = await request('craft/whatever', { sessionId });
    chunk(sessionId, `ext: ${JSON.stringify((answer.error as Json | undefined)?.code ?? 'no error')}`);
    send({ id, result: { stopReason: 'end_turn' } });
    return;
  }
  if (text.startsWith('read:')) {
    const answer = await request('fs/read_text_file', { sessionId, path: text.slice(5) });
    const result = answer.result as Json | undefined;
    chunk(sessionId, result ? `content: ${String(result.content)}` : `error: ${JSON.stringify(answer.error)}`);
    send({ id, result: { stopReason: 'end_turn' } });
    return;
  }
  if (text.startsWith('write:')) {
    const [, path = '', ...rest] = text.split(':');
    const answer = await request('fs/write_text_file', { sessionId, path, content: rest.join(':') });
    chunk(sessionId, answer.error ? `error: ${JSON.stringify(answer.error)}` : 'written');
    send({ id, result: { stopReason: 'end_turn' } });
    return;
  }
  if (text.startsWith('env:')) {
    const name = text.slice(4);
    chunk(sessionId, name in process.env ? `env ${name}=${process.env[name]}` : `env ${name} unset`);
    send({ id, result: { stopReason: 'end_turn' } });
    return;
  }
  chunk(sessionId, `echo: ${text}`);
  update(sessionId, {
    sessionUpdate: 'agent_message_chunk',
    content: { type: 'text', text: '' },
    _meta: { usage: { inputTokens: 10, outputTokens: 2, totalTokens: 12 } },
  });
  send({ id, result: { stopReason: 'end_turn' } });
}

function handle(message: Json): void {
  const { id, method } = message;
  const params = (message.params ?? {}) as Json;
  if (method === undefined) {
    if (typeof id === 'number') waiting.get(id)?.(message);
    waiting.delete(id as number);
    return;
  }
  if (mode === 'never-answer') return;
  switch (method) {
    case 'initialize': {
      const load = mode !== 'no-resume';
      const resume = mode !== 'no-resume' && mode !== 'load-only';
      send({
        id,
        result: {
          protocolVersion: 1,
          agentInfo: { name: 'fake-acp-agent', version: '0.0.1' },
          agentCapabilities: { loadSession: load, sessionCapabilities: resume ? { resume: {} } : {} },
          authMethods:
            mode === 'needs-auth'
              ? [
                  { id: 'fake-login', name: 'Log in with Fake', description: 'Opens the fake login', type: 'terminal', args: ['--login'] },
                  { id: 'fake-api-key', name: 'Use a Fake API key', description: 'Set FAKE_API_KEY' },
                  { id: 'fake-browser-login', name: 'Log in with the browser', description: 'The agent signs you in' },
                ]
              : [],
        },
      });
      return;
    }
    case 'session/new': {
      if (mode === 'needs-auth' && !process.env.FAKE_API_KEY && !existsSync(loginFile())) {
        send({ id, error: { code: -32000, message: 'Authentication required' } });
        return;
      }
      const sessionId = `fake-${process.pid}-${++sessionSeq}`;
      history.set(sessionId, []);
      send({
        id,
        result: {
          sessionId,
          models: { currentModelId: 'small', availableModels: [{ modelId: 'small', name: 'Small' }, { modelId: 'big', name: 'Big' }] },
          modes: { currentModeId: 'ask', availableModes: [{ id: 'ask', name: 'Ask' }, { id: 'auto', name: 'Auto' }] },
        },
      });
      return;
    }
    case 'session/load': {
      if (mode !== 'load-only') {
        send({ id, error: { code: -32002, message: `Resource not found: ${String(params.sessionId)}` } });
        return;
      }
      const sessionId = String(params.sessionId);
      history.set(sessionId, ['earlier prompt']);
      const line = (m: Json) => JSON.stringify({ jsonrpc: '2.0', ...m }) + '\n';
      const replay = (u: Json) => line({ method: 'session/update', params: { sessionId, update: u } });
      process.stdout.write(
        replay({ sessionUpdate: 'user_message_chunk', content: { type: 'text', text: 'earlier prompt' } }) +
          replay({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: 'earlier answer' } }) +
          replay({ sessionUpdate: 'tool_call', toolCallId: 'old-tool', title: 'Old tool', status: 'completed' }) +
          line({ id, result: { modes: { currentModeId: 'ask', availableModes: [{ id: 'ask', name: 'Ask' }] } } }),
      );
      return;
    }
    case 'session/resume': {
      // A fresh process knows no sessions: the fake cannot restore one.
      send({ id, error: { code: -32002, message: `Resource not found: ${String(params.sessionId)}` } });
      return;
    }
    case 'authenticate':
      if (process.env.FAKE_LOGIN_FAILS) {
        send({ id, error: { code: -32603, message: 'the browser login was closed' } });
        return;
      }
      writeFileSync(loginFile(), 'signed in\n');
      send({ id, result: {} });
      return;
    case 'session/set_mode':
    case 'session/set_model':
      send({ id, result: {} });
      return;
    case 'session/prompt':
      void prompt(id, params);
      return;
    case 'session/cancel':
      cancels.get(String(params.sessionId))?.();
      cancels.delete(String(params.sessionId));
      return;
    default:
      if (id !== undefined) send({ id, error: { code: -32601, message: `Method not found: ${String(method)}` } });
  }
}

if (mode === 'garbage') raw('fake agent says hello on stdout (not JSON)');
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    return;
  }
  if (message && typeof message === 'object' && !Array.isArray(message)) handle(message as Json);
});
rl.on('close', () => process.exit(0));
