/** An `@` mention being typed: where its `@` is and the text after it up to the caret. */
export interface MentionToken {
  start: number;
  query: string;
}

/**
 * The @ mention the caret is in, if any. The `@` must start a word (at the start or after
 * whitespace), so an e-mail address or `foo@2x` never opens the file list; whitespace between
 * it and the caret means the mention is finished.
 */
export function mentionAt(text: string, caret: number): MentionToken | null {
  for (let i = caret - 1; i >= 0; i--) {
    const ch = text[i]!;
    if (/\s/.test(ch)) return null;
    if (ch === '@') return i === 0 || /\s/.test(text[i - 1]!) ? { start: i, query: text.slice(i + 1, caret) } : null;
  }
  return null;
}

/**
 * The text with the mention (the whole word, also past the caret) replaced by `@path ` and the
 * caret after it. A space already following is reused rather than doubled.
 */
export function insertMention(text: string, token: MentionToken, path: string): { text: string; caret: number } {
  const rest = text.slice(token.start);
  const wordEnd = rest.search(/\s/);
  const end = wordEnd < 0 ? text.length : token.start + wordEnd;
  const after = text.slice(end);
  const inserted = `@${path}`;
  const spaced = /^\s/.test(after) ? inserted : `${inserted} `;
  return { text: text.slice(0, token.start) + spaced + after, caret: token.start + inserted.length + 1 };
}

/**
 * Whether `path` contains the query's characters in order, ignoring case: the core's own
 * filter, applied to results of an earlier query while the newer one is on its way.
 */
export function matchesSubsequence(path: string, query: string): boolean {
  const p = path.toLowerCase();
  let at = 0;
  for (const ch of query.toLowerCase()) {
    at = p.indexOf(ch, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}
