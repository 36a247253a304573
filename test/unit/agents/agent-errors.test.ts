import { describe, expect, it } from 'vitest';
import { classifyAgentError, readableAgentMessage } from '../../../src-main/core/agents/agent-errors';

/**
 * The error name a failed turn gets, from the messages the real agents send when their provider
 * fails (the mock LLM's HTTP 500, a dropped connection), when the prompt is too long, and when
 * the agent itself rejects a request. The name decides what the user is told to do.
 */

describe('classifyAgentError', () => {
  it.each([
    ['claude, HTTP 500', 'API Error: 500 {"type":"error","error":{"type":"api_error","message":"mock internal error"}}'],
    ['claude, connection lost', 'API Error: Unable to connect to API (UND_ERR_SOCKET)'],
    ['codex, HTTP 500', "Internal error: We're currently experiencing high demand, which may cause temporary errors."],
    ['codex, stream cut', 'Internal error: stream disconnected before completion: Transport error: network error: error decoding response body'],
    ['gemini, HTTP 500', '{"error":{"code":500,"message":"mock internal error","status":"INTERNAL"}}'],
    ['gemini, stream cut', 'terminated'],
    ['qwen, HTTP 500', 'Internal error: 500 mock internal error'],
    ['opencode, HTTP 500', 'Internal error: mock internal error: {"service":"session","errorName":"APIError"}'],
  ])('names a provider failure a ProviderError (%s)', (_agent, message) => {
    expect(classifyAgentError(message)).toBe('ProviderError');
  });

  it.each([
    ['the mock provider wording', 'prompt is too long: 250000 tokens > 200000 maximum'],
    // Claude wraps the provider's 400 in "API Error: 400 …": the too-long reason must win over the status.
    ['claude wrapping a 400', 'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 250000 tokens > 200000 maximum"}}'],
    ['an OpenAI context_length_exceeded code', 'Internal error: 400 {"error":{"code":"context_length_exceeded","type":"invalid_request_error"}}'],
    ['an OpenAI context message', "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens."],
  ])('names a too-long prompt PromptTooLong (%s)', (_label, message) => {
    expect(classifyAgentError(message)).toBe('PromptTooLong');
  });

  it.each([
    ['Tool not found: foo'],
    ['Invalid params'],
    ['Internal error: Session not found'],
    // A word that merely contains "terminated" is not a dropped stream.
    ['Tool not found: terminated_jobs'],
  ])('names an agent-side failure AgentError (%s)', (message) => {
    expect(classifyAgentError(message)).toBe('AgentError');
  });
});

/** What the user reads of those messages: the provider's reason, not its JSON body. */
describe('readableAgentMessage', () => {
  it.each([
    ['gemini, a bare body', '{"error":{"code":400,"message":"prompt is too long: 250000 tokens > 200000 maximum","status":"INVALID_ARGUMENT"}}', '400 INVALID_ARGUMENT: prompt is too long: 250000 tokens > 200000 maximum'],
    ['gemini, HTTP 500', '{"error":{"code":500,"message":"mock internal error","status":"INTERNAL"}}', '500 INTERNAL: mock internal error'],
    [
      'claude, a body after its own words',
      'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 250000 tokens > 200000 maximum"}}',
      'API Error: 400 prompt is too long: 250000 tokens > 200000 maximum',
    ],
    ['a body with a top-level message', 'Internal error: 429 {"message":"slow down"}', 'Internal error: 429 slow down'],
  ])('reads the reason out of the body (%s)', (_label, message, readable) => {
    expect(readableAgentMessage(message)).toBe(readable);
  });

  it.each([
    ['plain words', "Internal error: We're currently experiencing high demand, which may cause temporary errors."],
    ['a body without a message', 'Internal error: mock internal error: {"service":"session","errorName":"APIError"}'],
    ['braces that are no JSON', 'Invalid params: expected {path}'],
    ['a body whose message is empty', '{"error":{"code":500,"message":""}}'],
  ])('keeps a message without a readable body whole (%s)', (_label, message) => {
    expect(readableAgentMessage(message)).toBe(message);
  });
});
