import { describe, expect, it } from 'vitest';
import { modelsFromProviders } from '../../../src-main/core/agents/opencode/opencode-backend';
import { ascendingId } from '../../../src-main/core/agents/opencode/opencode-ids';
import { basicAuth, serveArgs } from '../../../src-main/core/agents/opencode/opencode-server';
import { parseModel } from '../../../src-main/core/agents/opencode/opencode-session';

describe('opencode helpers', () => {
  it('builds the serve command line on loopback with extra args first', () => {
    expect(serveArgs([], 4321)).toEqual(['serve', '--port', '4321', '--hostname', '127.0.0.1']);
    expect(serveArgs(['--log-level', 'WARN'], 1)).toEqual(['--log-level', 'WARN', 'serve', '--port', '1', '--hostname', '127.0.0.1']);
  });

  it('encodes HTTP basic auth', () => {
    expect(basicAuth('opencode', 'pw')).toBe(`Basic ${Buffer.from('opencode:pw').toString('base64')}`);
  });

  it('splits provider/model at the first slash and rejects malformed ids', () => {
    expect(parseModel('mock/mock-model')).toEqual({ providerID: 'mock', modelID: 'mock-model' });
    expect(parseModel('openrouter/anthropic/claude')).toEqual({ providerID: 'openrouter', modelID: 'anthropic/claude' });
    expect(parseModel(undefined)).toBeUndefined();
    for (const bad of ['nomodel', '/x', 'x/']) expect(() => parseModel(bad)).toThrow(expect.objectContaining({ name: 'InvalidInput' }));
  });

  it('makes message ids in the server format that sort by creation, even within one millisecond', () => {
    const ids = [ascendingId('msg', 1_795_555_123_402), ascendingId('msg', 1_795_555_123_402), ascendingId('msg', 1_795_555_123_403)];
    for (const id of ids) expect(id).toMatch(/^msg_[0-9a-f]{12}[0-9A-Za-z]{14}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(3);
    // Same encoding as the server's own ids (low 48 bits of ms * 4096 + counter).
    expect(ascendingId('msg', 1_795_555_999_999).slice(4, 16)).toBe(((1_795_555_999_999n * 4096n + 1n) & ((1n << 48n) - 1n)).toString(16).padStart(12, '0'));
  });

  it('flattens the provider list into provider/model options and skips junk', () => {
    expect(
      modelsFromProviders({
        providers: [
          { id: 'mock', name: 'Mock', models: { 'mock-model': { name: 'Mock Model' }, other: {} } },
          { id: 42 },
          null,
        ],
        default: {},
      }),
    ).toEqual([
      { id: 'mock/mock-model', name: 'Mock: Mock Model' },
      { id: 'mock/other', name: 'Mock: other' },
    ]);
    expect(modelsFromProviders(null)).toEqual([]);
  });
});
