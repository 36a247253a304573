import { memo, useMemo, useRef } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import { extendBlocks, type Blocks } from '../state/markdown-blocks';

const remarkPlugins = [remarkGfm];
const rehypePlugins = [rehypeHighlight];
// Links open outside the app window; the page itself never navigates away.
const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  ),
};

const MarkdownBlock = memo(function MarkdownBlock({ text }: { text: string }) {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
      {text}
    </ReactMarkdown>
  );
});

/**
 * Markdown rendered block by block: while a reply streams only its last block is parsed again,
 * so the cost of a frame does not grow with the length of the reply.
 */
export function Markdown({ text }: { text: string }) {
  const prev = useRef<Blocks | null>(null);
  const blocks = useMemo(() => {
    prev.current = extendBlocks(prev.current, text);
    return prev.current.blocks;
  }, [text]);
  return (
    <div className="md">
      {blocks.map((b, i) => (
        <MarkdownBlock key={i} text={b} />
      ))}
    </div>
  );
}
