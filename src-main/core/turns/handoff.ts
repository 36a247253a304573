/**
 * What an agent coming into a chat is told, once, about the turns it did not see: other agents'
 * prompts, replies and changed files. Pure, and bounded so a long chat does not flood a context.
 */
export interface HandoffTurn {
  agentName: string;
  prompt: string;
  reply: string;
  changedFiles: string[];
}

/**
 * The turns an agent has not seen (pure): other agents' turns after the last one it saw, before
 * `beforeOrdinal`; with `ownHistory` (its memory is gone) every earlier turn, its own included.
 */
export function unseenTurns<T extends { ordinal: number; agent: string; status: string }>(
  turns: readonly T[],
  agent: string,
  seenThrough: number,
  options: { beforeOrdinal?: number; ownHistory?: boolean } = {},
): T[] {
  const from = options.ownHistory ? 0 : seenThrough;
  return turns.filter(
    (t) =>
      t.ordinal > from &&
      t.ordinal < (options.beforeOrdinal ?? Number.POSITIVE_INFINITY) &&
      t.status !== 'queued' &&
      (options.ownHistory || t.agent !== agent),
  );
}

export const HANDOFF_LIMITS = { perText: 1500, total: 12_000, files: 30 } as const;

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more characters]`);

export function buildHandoff(turns: HandoffTurn[], options: { ownHistory: boolean; intro?: string }): string | null {
  if (turns.length === 0) return null;
  const header = options.intro ?? (options.ownHistory
    ? 'Context: your previous session in this chat could not be restored. Here is the conversation so far in this workspace:'
    : 'Context: while you were away, other agents worked in this same workspace. Here is what happened since your last turn:');
  const blocks: string[] = [];
  // Newest turns matter most: build from the end and stop at the budget.
  let budget = HANDOFF_LIMITS.total - header.length;
  let omitted = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const t = turns[i]!;
    const files = t.changedFiles.length
      ? `\nFiles changed: ${t.changedFiles.slice(0, HANDOFF_LIMITS.files).join(', ')}${t.changedFiles.length > HANDOFF_LIMITS.files ? `, and ${t.changedFiles.length - HANDOFF_LIMITS.files} more` : ''}`
      : '';
    const block = `## ${t.agentName}\nUser asked: ${clip(t.prompt, HANDOFF_LIMITS.perText)}\n${t.agentName} replied: ${clip(t.reply || '(no text reply)', HANDOFF_LIMITS.perText)}${files}`;
    if (block.length > budget) {
      omitted = i + 1;
      break;
    }
    budget -= block.length;
    blocks.unshift(block);
  }
  const note = omitted > 0 ? `\n(${omitted} earlier turn${omitted === 1 ? '' : 's'} omitted.)` : '';
  return `${header}${note}\n\n${blocks.join('\n\n')}\n\n---\nThe user's new request follows.`;
}

/** The prompt actually sent: the hand-off (if any) before the user's words. */
export const withHandoff = (handoff: string | null, prompt: string): string => (handoff ? `${handoff}\n\n${prompt}` : prompt);
