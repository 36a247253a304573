/**
 * Splits markdown into top-level blocks at blank lines outside fenced code, so a streaming reply
 * re-parses only its last block: every finished block keeps its string identity and its
 * memoized render. Lists and tables separated by blank lines still render correctly as
 * neighbouring blocks; a loose list only loses its inter-item spacing.
 */
export interface Blocks {
  /** The text these blocks were built from. */
  text: string;
  blocks: string[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export function splitBlocks(text: string): string[] {
  const blocks: string[] = [];
  let start = 0;
  let fence: string | null = null;
  let pos = 0;
  let sawContent = false;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(pos, end);
    const m = FENCE.exec(line);
    if (fence) {
      if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1]) fence = null;
    } else if (m) {
      fence = m[1]!;
      sawContent = true;
    } else if (line.trim() === '') {
      if (sawContent) {
        blocks.push(text.slice(start, pos));
        sawContent = false;
      }
      start = end + 1;
    } else sawContent = true;
    if (nl < 0) break;
    pos = nl + 1;
  }
  if (start < text.length && text.slice(start).trim() !== '') blocks.push(text.slice(start));
  return blocks;
}

/**
 * Extends the blocks of `prev` to `text` when the text only grew (the streaming case): all
 * blocks but the last are reused and only the tail is split again. Otherwise splits afresh.
 */
export function extendBlocks(prev: Blocks | null, text: string): Blocks {
  if (!prev || prev.blocks.length < 2 || !text.startsWith(prev.text)) return { text, blocks: splitBlocks(text) };
  const stable = prev.blocks.slice(0, -1);
  const stableLength = prevStableLength(prev);
  const tail = splitBlocks(text.slice(stableLength));
  return { text, blocks: [...stable, ...tail] };
}

/** Where the last block of `prev` starts in its text. */
function prevStableLength(prev: Blocks): number {
  const last = prev.blocks[prev.blocks.length - 1]!;
  return prev.text.lastIndexOf(last);
}
