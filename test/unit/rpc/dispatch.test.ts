import { describe, expect, it } from 'vitest';
import { MAX_PROMPT_CHARS } from '../../../src-preload/contract';
import { AppError } from '../../../src-main/core/errors';
import { describeIssues, dispatch } from '../../../src-main/core/rpc/dispatch';
import { z } from 'zod';
import { fakeHandlers } from './handlers';

describe('dispatch: method names', () => {
  it('answers UnknownMethod for a name that is not in the contract, without calling anything', async () => {
    const { handlers, calls } = fakeHandlers();
    const reply = await dispatch(handlers, 'chats.explode', {});
    expect(reply).toEqual({ ok: false, error: { name: 'UnknownMethod', message: 'Unknown method: chats.explode' } });
    expect(calls).toEqual([]);
  });

  it.each([
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['an object', { method: 'app.info' }],
    ['an inherited property name', 'constructor'],
    ['__proto__', '__proto__'],
    ['toString', 'toString'],
    ['hasOwnProperty', 'hasOwnProperty'],
    ['a symbol', Symbol('app.info')],
  ])('answers UnknownMethod for %s', async (_label, method) => {
    const { handlers, calls } = fakeHandlers();
    const reply = await dispatch(handlers, method, {});
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.name).toBe('UnknownMethod');
    expect(calls).toEqual([]);
  });

  it('keeps the echoed name short when a huge one is sent', async () => {
    const { handlers } = fakeHandlers();
    const reply = await dispatch(handlers, 'x'.repeat(100_000), {});
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.message.length).toBeLessThan(200);
  });
});

describe('dispatch: params', () => {
  it('refuses repos.open {path: 42} with InvalidInput naming the field', async () => {
    const { handlers, calls } = fakeHandlers();
    const reply = await dispatch(handlers, 'repos.open', { path: 42 });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.name).toBe('InvalidInput');
    expect(reply.error.message).toContain('repos.open');
    expect(reply.error.message).toContain('path');
    expect(reply.error.data).toEqual({ fields: ['path'] });
    expect(calls).toEqual([]);
  });

  it('refuses a missing required field, naming it', async () => {
    const { handlers } = fakeHandlers();
    const reply = await dispatch(handlers, 'chats.rename', { chatId: 'chat_1' });
    expect(reply).toMatchObject({ ok: false, error: { name: 'InvalidInput', data: { fields: ['title'] } } });
    if (!reply.ok) expect(reply.error.message).toMatch(/title/);
  });

  it('refuses an unknown extra key on a strict schema, naming the key', async () => {
    const { handlers, calls } = fakeHandlers();
    const reply = await dispatch(handlers, 'repos.open', { path: '/tmp/x', evil: true });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.name).toBe('InvalidInput');
    expect(reply.error.message).toContain('evil');
    expect(calls).toEqual([]);
  });

  it('refuses a JSON "__proto__" key as an unknown key and pollutes nothing', async () => {
    const { handlers, calls } = fakeHandlers();
    const params: unknown = JSON.parse('{"path": "/x", "__proto__": {"polluted": true}}');
    const reply = await dispatch(handlers, 'repos.open', params);
    expect(reply).toMatchObject({ ok: false, error: { name: 'InvalidInput' } });
    if (!reply.ok) expect(reply.error.message).toContain('__proto__');
    expect(calls).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses extra keys on the empty-params methods too', async () => {
    const { handlers } = fakeHandlers({ 'app.info': () => ({ version: '1', dataDir: '/d' }) });
    const reply = await dispatch(handlers, 'app.info', { x: 1 });
    expect(reply).toMatchObject({ ok: false, error: { name: 'InvalidInput' } });
  });

  it('refuses a prompt over MAX_PROMPT_CHARS and accepts one at the limit', async () => {
    const { handlers, calls } = fakeHandlers({ 'turns.send': () => ({ turnId: 'turn_1' }) });
    const over = await dispatch(handlers, 'turns.send', { chatId: 'c', agent: 'qwen', prompt: 'x'.repeat(MAX_PROMPT_CHARS + 1) });
    expect(over).toMatchObject({ ok: false, error: { name: 'PromptTooLarge', data: { fields: ['prompt'], limit: MAX_PROMPT_CHARS } } });
    if (!over.ok) expect(over.error.message).toContain('prompt');
    expect(calls).toEqual([]);

    const at = await dispatch(handlers, 'turns.send', { chatId: 'c', agent: 'qwen', prompt: 'x'.repeat(MAX_PROMPT_CHARS) });
    expect(at).toEqual({ ok: true, result: { turnId: 'turn_1' } });
  });

  it('refuses non-object params', async () => {
    const { handlers } = fakeHandlers();
    for (const params of ['str', 42, true, [1, 2]]) {
      const reply = await dispatch(handlers, 'chats.list', params);
      expect(reply).toMatchObject({ ok: false, error: { name: 'InvalidInput' } });
    }
  });

  it('treats missing or null params as {} and passes the parsed params to the handler', async () => {
    const { handlers, calls } = fakeHandlers({
      'app.info': () => ({ version: '9.9.9', dataDir: '/data' }),
      'chats.list': () => [],
    });
    expect(await dispatch(handlers, 'app.info', undefined)).toEqual({ ok: true, result: { version: '9.9.9', dataDir: '/data' } });
    expect(await dispatch(handlers, 'app.info', null)).toEqual({ ok: true, result: { version: '9.9.9', dataDir: '/data' } });
    expect(await dispatch(handlers, 'chats.list', { repoId: 'repo_1' })).toEqual({ ok: true, result: [] });
    expect(calls).toEqual([
      { method: 'app.info', params: {} },
      { method: 'app.info', params: {} },
      { method: 'chats.list', params: { repoId: 'repo_1' } },
    ]);
  });

  it('describeIssues names the path of each issue, or (params) for the whole object, and stops at five', () => {
    const schema = z.object({ a: z.string(), b: z.object({ c: z.number() }) }).strict();
    const parsed = schema.safeParse({ a: 1, b: { c: 'x' }, extra: 1 });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const text = describeIssues(parsed.error);
    expect(text).toMatch(/^a: /);
    expect(text).toContain('b.c: ');
    expect(text).toContain('(params): ');
    const many = z.array(z.string()).safeParse([1, 2, 3, 4, 5, 6, 7]);
    if (many.success) throw new Error('expected a failure');
    expect(describeIssues(many.error).split('; ')).toHaveLength(5);
  });
});

describe('dispatch: handler results and errors', () => {
  it('returns a sync or async result as {ok: true, result}', async () => {
    const { handlers } = fakeHandlers({
      'repos.list': () => [{ id: 'repo_1', path: '/r' }],
      'repos.open': async ({ path }) => ({ id: 'repo_2', path }),
    });
    expect(await dispatch(handlers, 'repos.list', {})).toEqual({ ok: true, result: [{ id: 'repo_1', path: '/r' }] });
    expect(await dispatch(handlers, 'repos.open', { path: '/x' })).toEqual({ ok: true, result: { id: 'repo_2', path: '/x' } });
  });

  it('passes an AppError on with the same name, message and data (thrown or rejected)', async () => {
    const risk = { unappliedFiles: ['a.ts'], dirtyFiles: [], unpushedCommits: [] };
    const { handlers } = fakeHandlers({
      'chats.archive': () => {
        throw new AppError('ChatAtRisk', 'This chat has unapplied changes.', risk);
      },
      'repos.open': async () => {
        throw new AppError('NotAGitRepo', 'Not a git repository: /x');
      },
    });
    expect(await dispatch(handlers, 'chats.archive', { chatId: 'c' })).toEqual({
      ok: false,
      error: { name: 'ChatAtRisk', message: 'This chat has unapplied changes.', data: risk },
    });
    const reply = await dispatch(handlers, 'repos.open', { path: '/x' });
    expect(reply).toEqual({ ok: false, error: { name: 'NotAGitRepo', message: 'Not a git repository: /x' } });
    // No data key at all when the error has none: the wire shape stays {name, message}.
    if (!reply.ok) expect(Object.keys(reply.error)).toEqual(['name', 'message']);
  });

  it('turns a plain Error into Internal, keeping only name and message (no stack)', async () => {
    const { handlers } = fakeHandlers({
      'repos.list': () => {
        throw new TypeError('cannot read x of undefined');
      },
    });
    const reply = await dispatch(handlers, 'repos.list', {});
    expect(reply).toEqual({ ok: false, error: { name: 'Internal', message: 'cannot read x of undefined' } });
  });

  it('turns an Error that merely claims a contract name into Internal', async () => {
    const { handlers } = fakeHandlers({
      'repos.list': () => {
        const e = new Error('spoofed');
        e.name = 'NotFound';
        throw e;
      },
    });
    expect(await dispatch(handlers, 'repos.list', {})).toEqual({ ok: false, error: { name: 'Internal', message: 'spoofed' } });
  });

  it.each([
    ['a string', 'just a string'],
    ['a number', 7],
    ['undefined', undefined],
    ['null', null],
    ['a plain object', { name: 'NotFound', message: 'fake' }],
  ])('never throws when a handler throws %s: it answers Internal', async (_label, thrown) => {
    const { handlers } = fakeHandlers({
      'repos.list': () => {
        throw thrown;
      },
    });
    const reply = await dispatch(handlers, 'repos.list', {});
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.name).toBe('Internal');
      expect(typeof reply.error.message).toBe('string');
    }
  });
});

describe('dispatch: errors that cannot be stringified', () => {
  // String() throws on a null-prototype object; if that escaped dispatch's catch, the host's
  // WebSocket handler would see an unhandled rejection.
  it('never rejects, even when a handler throws a null-prototype object', async () => {
    const { handlers } = fakeHandlers({
      'repos.list': () => {
        throw Object.create(null);
      },
    });
    await expect(dispatch(handlers, 'repos.list', {})).resolves.toMatchObject({ ok: false, error: { name: 'Internal' } });
  });
});
