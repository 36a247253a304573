import { realpathSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorName, methodNames, methods, WireError } from '../../../src-preload/contract';
import type { AgentSpec } from '../../../src-main/core/agents/agent-backend';
import { Core } from '../../../src-main/core/core';
import { dispatch } from '../../../src-main/core/rpc/dispatch';
import { FakeBackend } from '../../support/fake-backend';
import { makeRepo } from '../../support/git-repo';
import { tempDir, type TempDir } from '../../support/temp-dir';

/**
 * `dispatch` in front of the real handlers of a whole Core (SQLite, git, the in-memory agent):
 * arbitrary method names and params, including ids that exist, never make it throw, and every
 * rejection carries a contract error name other than the catch-all Internal.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
// Calls with effects outside the data dir, or that would stop the core's agents for the rest of the run.
// Installing downloads from the npm registry; asking for sign-in methods starts the real agent
// programs, beside the fake backend (test/integration/agents-setup covers them).
const SKIP = new Set(['app.pickDirectory', 'agents.install', 'agents.auth', 'agents.signIn', 'agents.authenticate']);

describe('dispatch against a real core', () => {
  let dir: TempDir;
  let core: Core;
  const ids: string[] = [];

  beforeAll(async () => {
    dir = await tempDir('fuzz-core-');
    core = await Core.open({ dataDir: path.join(dir.path, 'data'), agentEnv: { PATH: process.env.PATH }, backendFactory: (spec: AgentSpec) => new FakeBackend(spec) });
    const repoDir = realpathSync(makeRepo(path.join(dir.path, 'repo')));
    const repo = await dispatch(core.handlers, 'repos.open', { path: repoDir });
    if (!repo.ok) throw new Error(repo.error.message);
    const repoId = (repo.result as { id: string }).id;
    const chat = await dispatch(core.handlers, 'chats.create', { repoId });
    if (!chat.ok) throw new Error(chat.error.message);
    const chatId = (chat.result as { id: string }).id;
    ids.push(repoId, chatId, 'qwen', 'opencode', repoDir);
  }, 60_000);
  afterAll(async () => {
    await core?.shutdown();
    await dir?.[Symbol.asyncDispose]();
  });

  const idLike = () => fc.oneof(fc.constantFrom(...ids), fc.string(), fc.constantFrom('../..', '/etc/passwd', '', 'x'.repeat(300), '__proto__', 'constructor'));
  const params = () =>
    fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          repoId: idLike(),
          chatId: idLike(),
          turnId: idLike(),
          requestId: idLike(),
          agent: idLike(),
          id: idLike(),
          path: idLike(),
          paths: fc.array(idLike(), { maxLength: 3 }),
          prompt: fc.string(),
          title: fc.string(),
          optionId: fc.string(),
          force: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
    );

  /** Params with exactly the keys the method's schema knows, filled with id-like or random values. */
  const shapedCall = (names: string[]) =>
    fc.constantFrom(...names).chain((method) => {
      const shape = (methods[method as keyof typeof methods].input as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      const value = fc.oneof(idLike(), fc.boolean(), fc.integer(), fc.array(idLike(), { maxLength: 3 }), fc.dictionary(fc.constantFrom('OPENAI_API_KEY', 'A_B', 'bad key'), fc.string(), { maxKeys: 2 }));
      return fc.tuple(fc.constant(method), fc.record(Object.fromEntries(Object.keys(shape).map((k) => [k, value])), { requiredKeys: [] }) as fc.Arbitrary<unknown>);
    });

  it('never throws; every error has a contract name and none is Internal', async () => {
    const names = methodNames.filter((m) => !SKIP.has(m));
    const internal: string[] = [];
    let reachedHandler = 0;
    const call = fc.oneof(
      { weight: 4, arbitrary: shapedCall(names) },
      { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.constantFrom(...names), fc.string()), params()) },
    );
    await fc.assert(
      fc.asyncProperty(call, async ([method, p]) => {
        // turns.send would start real (fake) turns: give them a prompt and let them run; that is fine.
        const reply = await dispatch(core.handlers, method, p);
        if (reply.ok || reply.error.name !== 'InvalidInput') reachedHandler++;
        if (reply.ok) {
          // What a handler returns satisfies the method's output schema.
          if (Object.prototype.hasOwnProperty.call(methods, method)) expect(methods[method as keyof typeof methods].output.safeParse(reply.result).success, method).toBe(true);
          return;
        }
        expect(WireError.safeParse(reply.error).success).toBe(true);
        expect(ErrorName.options).toContain(reply.error.name);
        if (reply.error.name === 'Internal') internal.push(`${method} ${JSON.stringify(p).slice(0, 200)} → ${reply.error.message}`);
      }),
      { numRuns: RUNS },
    );
    expect(internal).toEqual([]);
    // The generator does reach the handlers, not only the schemas.
    expect(reachedHandler).toBeGreaterThan(RUNS / 10);
  }, 120_000);
});
