import rehypeHighlight from 'rehype-highlight';

/**
 * rehype-highlight builds a fresh highlighter (registering ~40 languages) every time a processor
 * is created, and react-markdown creates one per render: on a streaming reply that is per frame.
 * The transform itself keeps no per-document state, so one instance serves every render.
 */
const highlightTree = rehypeHighlight();

export function rehypeHighlightOnce(): typeof highlightTree {
  return highlightTree;
}
