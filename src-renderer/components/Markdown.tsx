import { memo, useMemo, useRef, type ReactNode } from 'react';
import { CopyButton } from './CopyButton';
import ReactMarkdown, { type Components } from 'react-markdown';
import { rehypeHighlightOnce } from '../lib/rehype-highlight-once';
import remarkGfm from 'remark-gfm';
import { extendBlocks, type Blocks } from '../state/markdown-blocks';

const remarkPlugins = [remarkGfm];
const rehypePlugins = [rehypeHighlightOnce];
/** A code block with a Copy button: what an agent suggests running or pasting is taken as it is. */
function CodeBlock({ children }: { children?: ReactNode }) {
  const pre = useRef<HTMLPreElement>(null);
  return (
    <div className="md-code">
      <pre ref={pre}>{children}</pre>
      <CopyButton className="md-code__copy" title="Copy the code" text={() => pre.current?.textContent ?? ''} />
    </div>
  );
}

// Links open outside the app window; the page itself never navigates away.
const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  ),
  pre: ({ children }) => <CodeBlock>{children}</CodeBlock>,
};

/**
 * Splits blocks into groups of GROUP, keeping the identity of every full group that did not
 * change, so its memoized render is skipped.
 */
function useGroups(blocks: readonly string[]): (readonly string[])[] {
  const prev = useRef<(readonly string[])[]>([]);
  return useMemo(() => {
    const groups: (readonly string[])[] = [];
    for (let i = 0; i * GROUP < blocks.length; i++) {
      const old = prev.current[i];
      const slice = blocks.slice(i * GROUP, (i + 1) * GROUP);
      groups.push(old && old.length === slice.length && old.every((b, j) => b === slice[j]) ? old : slice);
    }
    prev.current = groups;
    return groups;
  }, [blocks]);
}

const MarkdownBlock = memo(function MarkdownBlock({ text }: { text: string }) {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
      {text}
    </ReactMarkdown>
  );
});

/** Finished blocks are grouped so React compares a few dozen groups per frame, not thousands of blocks. */
const GROUP = 32;

// A group is also a containment box: off-screen groups of a very long reply skip layout and
// paint (content-visibility in the stylesheet), so a growing reply does not re-lay-out its past.
const BlockGroup = memo(function BlockGroup({ blocks }: { blocks: readonly string[] }) {
  return (
    <div className="md-group">
      {blocks.map((b, i) => (
        <MarkdownBlock key={i} text={b} />
      ))}
    </div>
  );
});

/**
 * Markdown rendered block by block: while a reply streams only its last block is parsed again,
 * so the cost of a frame does not grow with the length of the reply.
 */
export function Markdown({ text }: { text: string }) {
  const prev = useRef<Blocks | null>(null);
  const groups = useGroups(
    useMemo(() => {
      prev.current = extendBlocks(prev.current, text);
      return prev.current.blocks;
    }, [text]),
  );
  return (
    <div className="md">
      {groups.map((g, i) => (
        <BlockGroup key={i} blocks={g} />
      ))}
    </div>
  );
}
