import type { TurnPart } from './methods';

/** A turn's reply: the text of its text parts, without reasoning or tools (what a hand-off quotes, turns.list returns and Copy copies). */
export const replyText = (parts: readonly Pick<TurnPart, 'kind'>[]): string =>
  parts
    .filter((p): p is Extract<TurnPart, { kind: 'text' }> => p.kind === 'text')
    .map((p) => p.text)
    .join('');
