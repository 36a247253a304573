import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyUsage } from '../../../src-preload/contract';
import { codexTurnUsage, findCodexLog, usageFromCodexLog } from '../../../src-main/core/agents/profiles/codex-session-log';
import { tempDir } from '../../support/temp-dir';

/**
 * Codex's tokens, read from its session log. The fixture is a real rollout log written by
 * codex-acp 0.16.0 against the mock LLM: turn 1 "Say hello." (120 in / 30 out), turn 2
 * "[[mock:reasoning]]" (120 in / 30 out / 5 reasoning); long instruction texts are trimmed, the
 * token_count lines are byte for byte as written.
 */

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/agents/codex-rollout.jsonl');
const LOG_NAME = 'rollout-2026-12-02T04-00-08-01a234e8-e64d-78c0-99cb-796bdc8ea41c.jsonl';

async function fixture() {
  const text = await readFile(FIXTURE, 'utf8');
  const lines = text.split('\n').filter(Boolean);
  const meta = JSON.parse(lines[0]!) as { payload: { id: string } };
  // Turn 2 starts at its task_started line, the second one in the log.
  const starts = lines.flatMap((l, i) => (l.includes('"type":"task_started"') ? [i] : []));
  expect(starts).toHaveLength(2);
  const turn1 = lines.slice(0, starts[1]).map((l) => l + '\n').join('');
  const turn2 = lines.slice(starts[1]).map((l) => l + '\n').join('');
  return { text, lines, sessionId: meta.payload.id, turn1, turn2 };
}

const TURN1 = { ...emptyUsage(), inputTokens: 120, outputTokens: 30 };
const TURN2 = { ...emptyUsage(), inputTokens: 120, outputTokens: 30, reasoningTokens: 5 };
const BOTH = { ...emptyUsage(), inputTokens: 240, outputTokens: 60, reasoningTokens: 5 };

describe('usageFromCodexLog', () => {
  it('adds up the last_token_usage of every token_count line of a real log (not the running totals)', async () => {
    const { text, turn1, turn2 } = await fixture();
    expect(usageFromCodexLog(text)).toEqual(BOTH);
    expect(usageFromCodexLog(turn1)).toEqual(TURN1);
    expect(usageFromCodexLog(turn2)).toEqual(TURN2);
  });

  it('maps cached input tokens to cache reads', async () => {
    const { lines } = await fixture();
    // The real token_count line of turn 2, with cache hits as a provider with caching reports them.
    const real = lines.filter((l) => l.includes('"type":"token_count"'))[1]!;
    const cached = real.replace('"last_token_usage":{"input_tokens":120,"cached_input_tokens":0', '"last_token_usage":{"input_tokens":120,"cached_input_tokens":80');
    expect(cached).not.toBe(real);
    expect(usageFromCodexLog(cached)).toEqual({ ...TURN2, cacheReadTokens: 80 });
  });

  it('ignores a torn last line (the log read while codex is writing it)', async () => {
    const { turn1, turn2 } = await fixture();
    const tokenLine = turn2.split('\n').find((l) => l.includes('"type":"token_count"'))!;
    expect(usageFromCodexLog(turn1 + tokenLine.slice(0, tokenLine.length - 40))).toEqual(TURN1);
  });

  it('is null for a piece of log without token counts, and skips token_count lines without info', async () => {
    const { lines } = await fixture();
    expect(usageFromCodexLog(lines.filter((l) => !l.includes('token_count')).join('\n'))).toBeNull();
    expect(usageFromCodexLog('')).toBeNull();
    // Codex writes `info: null` before the first model call has reported.
    const noInfo = JSON.stringify({ timestamp: '2026-12-02T04:00:08.300Z', type: 'event_msg', payload: { type: 'token_count', info: null, rate_limits: null } });
    expect(usageFromCodexLog(noInfo)).toBeNull();
    // A response item that merely mentions token_count in its text is not a count.
    expect(usageFromCodexLog(JSON.stringify({ type: 'response_item', payload: { type: 'message', text: 'token_count' } }))).toBeNull();
  });
});

describe('findCodexLog', () => {
  it('finds the session log by id in the YYYY/MM/DD folders', async () => {
    await using dir = await tempDir('codex-log-');
    const sessions = path.join(dir.path, 'sessions');
    const other = path.join(sessions, '2026', '12', '02', 'rollout-2026-12-02T03-59-49-01a234e8-9d7b-7650-bc6b-c6c43d11f24f.jsonl');
    const wanted = path.join(sessions, '2026', '11', '30', LOG_NAME);
    for (const file of [other, wanted]) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, '');
    }
    expect(await findCodexLog(sessions, '01a234e8-e64d-78c0-99cb-796bdc8ea41c')).toBe(wanted);
    expect(await findCodexLog(sessions, '01a234e8-9d7b-7650-bc6b-c6c43d11f24f')).toBe(other);
    expect(await findCodexLog(sessions, '00000000-0000-0000-0000-000000000000')).toBeNull();
    expect(await findCodexLog(path.join(dir.path, 'no-such-dir'), '01a234e8-e64d-78c0-99cb-796bdc8ea41c')).toBeNull();
  });
});

describe('codexTurnUsage', () => {
  it("yields only the tokens appended during the turn, not the session's earlier turns", async () => {
    await using dir = await tempDir('codex-turn-');
    const { turn1, turn2, sessionId } = await fixture();
    const file = path.join(dir.path, 'sessions', '2026', '12', '02', LOG_NAME);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, turn1);

    const usage = codexTurnUsage();
    const reader = await usage.begin({ sessionId, env: { CODEX_HOME: dir.path } });
    await appendFile(file, turn2);
    expect(await reader.end()).toEqual(TURN2);

    // The next turn with nothing logged has no usage.
    const next = await usage.begin({ sessionId, env: { CODEX_HOME: dir.path } });
    expect(await next.end()).toBeNull();
  });

  it('reads the whole log of a new session whose log appears only after the turn began', async () => {
    await using dir = await tempDir('codex-turn-');
    const { text, sessionId } = await fixture();
    const reader = await codexTurnUsage().begin({ sessionId, env: { CODEX_HOME: dir.path } });
    const file = path.join(dir.path, 'sessions', '2026', '12', '02', LOG_NAME);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    expect(await reader.end()).toEqual(BOTH);
  });

  it('is null when the session never gets a log', async () => {
    await using dir = await tempDir('codex-turn-');
    const reader = await codexTurnUsage().begin({ sessionId: 'no-such-session', env: { CODEX_HOME: dir.path } });
    expect(await reader.end()).toBeNull();
  });

  it('looks in ~/.codex when CODEX_HOME is not set', async () => {
    await using dir = await tempDir('codex-turn-');
    const { turn1, turn2, sessionId } = await fixture();
    const file = path.join(dir.path, '.codex', 'sessions', '2026', '12', '02', LOG_NAME);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, turn1);
    const reader = await codexTurnUsage().begin({ sessionId, env: { HOME: dir.path } });
    await appendFile(file, turn2);
    expect(await reader.end()).toEqual(TURN2);
  });
});
