import { open, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { emptyUsage, type Usage } from '../../../../src-preload/contract';

/**
 * Codex reports no tokens over ACP (only the context fill), but it logs every model call's
 * token count in its session log, `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-…-<session id>.jsonl`,
 * as `event_msg` lines of type `token_count` whose `info.last_token_usage` is that call's usage.
 * A turn's usage is what those lines add up to between the turn's start and end.
 */

const TokenCountLine = z.looseObject({
  type: z.literal('event_msg'),
  payload: z.looseObject({
    type: z.literal('token_count'),
    info: z
      .looseObject({
        last_token_usage: z.looseObject({
          input_tokens: z.number().nonnegative().optional(),
          cached_input_tokens: z.number().nonnegative().optional(),
          output_tokens: z.number().nonnegative().optional(),
          reasoning_output_tokens: z.number().nonnegative().optional(),
        }),
      })
      .nullish(),
  }),
});

/** Pure: the usage in a piece of a session log (whole lines; a torn last line is ignored). */
export function usageFromCodexLog(text: string): Usage | null {
  let usage: Usage | null = null;
  for (const line of text.split('\n')) {
    if (!line.includes('token_count')) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = TokenCountLine.safeParse(json);
    const last = parsed.success ? parsed.data.payload.info?.last_token_usage : undefined;
    if (!last) continue;
    usage ??= emptyUsage();
    usage.inputTokens += last.input_tokens ?? 0;
    usage.cacheReadTokens += last.cached_input_tokens ?? 0;
    usage.outputTokens += last.output_tokens ?? 0;
    usage.reasoningTokens += last.reasoning_output_tokens ?? 0;
  }
  return usage;
}

export const codexHome = (env: NodeJS.ProcessEnv, home: string): string => env.CODEX_HOME || path.join(home, '.codex');

/** The session's log file: searched in the newest day folders first, where a live session's log is. */
export async function findCodexLog(sessionsDir: string, sessionId: string): Promise<string | null> {
  const suffix = `${sessionId}.jsonl`;
  const entries = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).sort().reverse();
  for (const year of await entries(sessionsDir)) {
    for (const month of await entries(path.join(sessionsDir, year))) {
      for (const day of await entries(path.join(sessionsDir, year, month))) {
        const dir = path.join(sessionsDir, year, month, day);
        const hit = (await entries(dir)).find((f) => f.endsWith(suffix));
        if (hit) return path.join(dir, hit);
      }
    }
  }
  return null;
}

async function sizeOf(file: string | null): Promise<number> {
  if (!file) return 0;
  return stat(file).then(
    (s) => s.size,
    () => 0,
  );
}

async function readFrom(file: string, offset: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size <= offset) return '';
    const buffer = Buffer.alloc(size - offset);
    await handle.read(buffer, 0, buffer.length, offset);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Reads one turn's usage from the log: its size when the turn began, what was appended by its end. */
export function codexTurnUsage() {
  const logs = new Map<string, string>();
  const locate = async (sessionsDir: string, sessionId: string) => {
    const known = logs.get(sessionId);
    if (known) return known;
    const found = await findCodexLog(sessionsDir, sessionId);
    if (found) logs.set(sessionId, found);
    return found;
  };
  return {
    /** The log's size is taken before the prompt goes out, so none of this turn's lines is missed. */
    async begin({ sessionId, env }: { sessionId: string; env: NodeJS.ProcessEnv }) {
      const sessionsDir = path.join(codexHome(env, env.HOME ?? os.homedir()), 'sessions');
      const fileAtStart = await locate(sessionsDir, sessionId);
      const offset = await sizeOf(fileAtStart);
      return {
        async end(): Promise<Usage | null> {
          // A new session's log may only appear with its first turn.
          const file = fileAtStart ?? (await locate(sessionsDir, sessionId));
          if (!file) return null;
          return usageFromCodexLog(await readFrom(file, fileAtStart ? offset : 0).catch(() => ''));
        },
      };
    },
  };
}
