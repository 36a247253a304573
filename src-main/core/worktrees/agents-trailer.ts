/**
 * A commit message with a trailer naming the agents whose files the commit contains, e.g.
 * `Agents: claude-code, qwen`. `Co-authored-by:` is for people (GitHub links it to accounts), so
 * agents get a trailer of their own. When the message already ends in a trailer block (lines of
 * `Key: value`, such as `Signed-off-by:`), the line joins that block, as `git interpret-trailers`
 * would put it; otherwise it goes in a paragraph of its own. No agents (only the user's own
 * edits): the message as written.
 */
export const AGENTS_TRAILER = 'Agents';

export function withAgentsTrailer(message: string, agents: readonly string[]): string {
  const body = message.replace(/\s+$/, '');
  const names = [...new Set(agents)].sort();
  if (names.length === 0) return `${body}\n`;
  const trailer = `${AGENTS_TRAILER}: ${names.join(', ')}`;
  const paragraphs = body.split(/\n\s*\n/);
  const last = paragraphs[paragraphs.length - 1] ?? '';
  const isTrailerBlock = paragraphs.length > 1 && last.split('\n').every((line) => /^[A-Za-z0-9-]+: \S/.test(line));
  return isTrailerBlock ? `${body}\n${trailer}\n` : `${body}\n\n${trailer}\n`;
}

