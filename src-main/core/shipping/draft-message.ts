import type { ChangedFile, PermissionOption } from '../../../src-preload/contract';
import type { AgentBackend, AgentSpec } from '../agents/agent-backend';
import { AppError } from '../errors';

/** A draft that takes longer than this is given up (the user can still write the message). */
export const DRAFT_TIMEOUT_MS = 3 * 60_000;
/** How much of the diff the prompt carries; a commit message needs the gist, not every line. */
const MAX_DIFF_CHARS = 40_000;

/** The prompt of a commit-message draft: the files with their stats, then the diff, cut to size. */
export function draftPrompt(files: ReadonlyArray<Pick<ChangedFile, 'path' | 'status' | 'additions' | 'deletions' | 'diff' | 'binary'>>): string {
  const list = files.map((f) => `- ${f.path} (${f.status}, +${f.additions} −${f.deletions}${f.binary ? ', binary' : ''})`).join('\n');
  let diff = '';
  for (const f of files) {
    if (f.binary || diff.length >= MAX_DIFF_CHARS) continue;
    diff += f.diff.slice(0, MAX_DIFF_CHARS - diff.length);
  }
  return [
    'Write a git commit message for the change below.',
    'Reply with the commit message only, no commentary and no code fences: a summary line of at most 72 characters in the imperative mood, then, if it helps, a blank line and a short body.',
    'Do not run tools, read or edit files: everything you need is here.',
    '',
    'Files:',
    list,
    '',
    'Diff:',
    diff.length >= MAX_DIFF_CHARS ? `${diff}\n[diff cut]` : diff,
  ].join('\n');
}

/** The message in an agent's reply: code fences and a "Commit message:" label removed, whitespace trimmed. */
export function cleanDraft(reply: string): string {
  let text = reply.trim();
  const fenced = /^```[\w-]*\n([\s\S]*?)\n```$/.exec(text);
  if (fenced) text = fenced[1]!.trim();
  text = text.replace(/^(?:commit message|message)\s*:\s*\n?/i, '').trim();
  return text;
}

/**
 * Asks `spec`'s agent for a commit message in a session of its own, opened for this question and
 * disposed after: it shares the agent's warm process but not the chat's session, so nothing of
 * it enters the chat's transcript or the agent's memory of the chat. The session starts in a
 * folder of BooCoder's (`cwd`), not the worktree, so even an agent that ignores the instructions
 * has no worktree to write to; a permission request it makes is refused.
 */
export async function draftCommitMessage(
  deps: { startBackend: (spec: AgentSpec) => Promise<AgentBackend>; cwd: string; timeoutMs?: number },
  spec: AgentSpec,
  files: ChangedFile[],
): Promise<string> {
  if (files.length === 0) throw new AppError('NothingToCommit', 'The chat has no pending change to describe.');
  const backend = await deps.startBackend(spec);
  const handle = await backend.openSession({ cwd: deps.cwd });
  let reply = '';
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), deps.timeoutMs ?? DRAFT_TIMEOUT_MS);
    });
    const turn = handle.prompt({
      prompt: draftPrompt(files),
      onEvent: (event) => {
        if (event.type === 'text.delta') reply += event.text;
        if (event.type === 'permission.request') {
          const options = event.options as PermissionOption[];
          const refuse = options.find((o) => o.kind.startsWith('reject')) ?? null;
          if (refuse) void handle.replyPermission(event.requestId, refuse.optionId).catch(() => {});
          else void handle.cancel().catch(() => {});
        }
      },
    });
    const result = await Promise.race([turn, timeout]);
    if (result === 'timeout') {
      await handle.cancel().catch(() => {});
      throw new AppError('DraftFailed', `${spec.name} gave no commit message within ${Math.round((deps.timeoutMs ?? DRAFT_TIMEOUT_MS) / 1000)} s.`);
    }
    if (result.stopReason === 'error') throw new AppError('DraftFailed', `${spec.name} could not draft a message: ${result.error?.message ?? 'the turn failed'}`);
    const message = cleanDraft(reply);
    if (!message) throw new AppError('DraftFailed', `${spec.name} answered without a commit message.`);
    return message;
  } finally {
    clearTimeout(timer);
    await handle.dispose().catch(() => {});
  }
}
