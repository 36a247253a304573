import { RequestError } from '@agentclientprotocol/sdk/unstable';
import { describe, expect, it } from 'vitest';
import { capabilitiesOf, describeExit, rpcErrorMessage } from '../../../src-main/core/agents/acp/acp-connection';
import { InitializeResult } from '../../../src-main/core/agents/acp/acp-wire';

/** qwen-code 0.24.4's answer to initialize, as observed. */
const QWEN_INITIALIZE = {
  protocolVersion: 1,
  agentInfo: { name: 'qwen-code', title: 'Qwen Code', version: '0.24.4' },
  authMethods: [{ id: 'openai', name: 'Use OpenAI API key', description: 'Requires setting the `OPENAI_API_KEY` environment variable' }],
  agentCapabilities: {
    loadSession: true,
    promptCapabilities: { image: true, audio: true, embeddedContext: true },
    sessionCapabilities: { list: {}, resume: {} },
    mcpCapabilities: { sse: true, http: true },
  },
};

describe('ACP connection helpers', () => {
  it('reads session and prompt capabilities, who the agent is and its sign-in methods from an initialize result', () => {
    expect(capabilitiesOf(InitializeResult.parse(QWEN_INITIALIZE))).toEqual({
      loadSession: true,
      resume: true,
      list: true,
      close: false,
      promptCapabilities: { image: true, embeddedContext: true },
      identity: { name: 'qwen-code', title: 'Qwen Code', version: '0.24.4' },
      authMethods: [{ id: 'openai', name: 'Use OpenAI API key', description: 'Requires setting the `OPENAI_API_KEY` environment variable', type: null, args: [], vars: [] }],
    });
    expect(capabilitiesOf(InitializeResult.parse({ protocolVersion: 1 }))).toEqual({
      loadSession: false,
      resume: false,
      list: false,
      close: false,
      promptCapabilities: { image: false, embeddedContext: false },
      identity: { name: null, title: null, version: null },
      authMethods: [],
    });
    expect(
      capabilitiesOf(InitializeResult.parse({ protocolVersion: 1, agentCapabilities: { sessionCapabilities: { resume: null } } })).resume,
    ).toBe(false);
  });

  it("reads a terminal sign-in method's type and arguments (claude-agent-acp 0.23.1 offers one to a client with auth.terminal)", () => {
    const caps = capabilitiesOf(
      InitializeResult.parse({
        protocolVersion: 1,
        authMethods: [{ description: 'Run `claude /login` in the terminal', name: 'Log in with Claude', id: 'claude-login', type: 'terminal', args: ['--cli'] }],
      }),
    );
    expect(caps.authMethods).toEqual([{ id: 'claude-login', name: 'Log in with Claude', description: 'Run `claude /login` in the terminal', type: 'terminal', args: ['--cli'], vars: [] }]);
  });

  it('describes exits by signal or code', () => {
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe('killed by SIGKILL');
    expect(describeExit({ code: 3, signal: null })).toBe('exited with code 3');
    expect(describeExit({ code: null, signal: null })).toBe('could not be started');
  });

  it('puts a JSON-RPC error’s data into the message', () => {
    expect(rpcErrorMessage(RequestError.internalError({ details: 'model not found: x' }))).toBe('Internal error: model not found: x');
    expect(rpcErrorMessage(RequestError.internalError({}))).toBe('Internal error');
    expect(rpcErrorMessage(new Error('plain'))).toBe('plain');
    expect(rpcErrorMessage('text')).toBe('text');
  });
});
