import type { SlashCommand } from '../../src-preload/contract';

/**
 * The slash command being typed: the text after a `/` that opens the prompt, up to the caret.
 * Only the prompt's first word counts, as agents only treat a leading `/name` as a command;
 * a space before the caret means the command is written and its arguments follow.
 */
export function slashQuery(text: string, caret: number): string | null {
  if (!text.startsWith('/') || caret < 1) return null;
  const typed = text.slice(1, caret);
  return /\s/.test(typed) ? null : typed;
}

/**
 * The commands matching what was typed, best first: names starting with it, then names
 * containing it, then descriptions containing it. Case-insensitive; the agent's order is kept
 * within each group (agents list their most used commands first).
 */
export function filterCommands(commands: readonly SlashCommand[], query: string): SlashCommand[] {
  const q = query.toLowerCase();
  if (!q) return commands.slice();
  const rank = (c: SlashCommand): number => {
    const name = c.name.toLowerCase();
    if (name.startsWith(q)) return 0;
    if (name.includes(q)) return 1;
    return c.description.toLowerCase().includes(q) ? 2 : -1;
  };
  return commands
    .map((c, i) => ({ c, i, r: rank(c) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.c);
}

/** The prompt with its leading `/word` replaced by `/name `, and where the caret goes (after the space). */
export function insertCommand(text: string, name: string): { text: string; caret: number } {
  const end = text.search(/\s/);
  const rest = end < 0 ? '' : text.slice(end).replace(/^[^\S\n]+/, '');
  const head = `/${name} `;
  return { text: head + rest, caret: head.length };
}
