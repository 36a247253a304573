import type { AgentEvent, FileDiff } from '../../../src-preload/contract';

/**
 * Agents name files by absolute path inside the chat's worktree, a long folder under the data
 * dir that means nothing to the user. Shown paths are made relative to the worktree (pure);
 * paths outside it are left as they are.
 */
export function relativePath(p: string, root: string): string {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return p.startsWith(prefix) ? p.slice(prefix.length) : p;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Paths under the worktree lose its prefix; the worktree itself ("List /…/chat_1", Codex) becomes ".". */
const relativeText = (text: string, root: string): string => {
  const bare = root.endsWith('/') ? root.slice(0, -1) : root;
  return text.split(`${bare}/`).join('').replace(new RegExp(`${escapeRegExp(bare)}(?=$|[\\s"'\`),;:\\]])`, 'g'), '.');
};

const relativeDiffs = (diffs: FileDiff[] | undefined, root: string) => diffs?.map((d) => ({ ...d, path: relativePath(d.path, root) }));

export function relativizeEvent(event: AgentEvent, root: string): AgentEvent {
  switch (event.type) {
    case 'tool.start':
      return { ...event, title: relativeText(event.title, root) };
    case 'tool.update': {
      const out = { ...event };
      if (event.title !== undefined) out.title = relativeText(event.title, root);
      if (event.diffs) out.diffs = relativeDiffs(event.diffs, root);
      return out;
    }
    case 'tool.end':
      return event.diffs ? { ...event, diffs: relativeDiffs(event.diffs, root) } : event;
    case 'permission.request': {
      const out = { ...event, title: relativeText(event.title, root) };
      if (event.diffs) out.diffs = relativeDiffs(event.diffs, root);
      return out;
    }
    default:
      return event;
  }
}
