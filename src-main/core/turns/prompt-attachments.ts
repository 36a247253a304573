import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AttachmentInfo, PromptAttachment } from '../../../src-preload/contract';
import type { PromptContent } from '../agents/agent-backend';
import { resolveConfinedPath } from '../agents/acp/fs-confinement';
import { AppError } from '../errors';

/** Larger mentioned files go as links rather than embedded text. */
const MAX_EMBEDDED_BYTES = 512 * 1024;

/** What the transcript keeps of a prompt's attachments: names, never image bytes. */
export function attachmentInfos(attachments: readonly PromptAttachment[]): AttachmentInfo[] {
  return attachments.map((a) => (a.type === 'image' ? { type: 'image', name: a.name ?? 'image' } : { type: 'file', name: a.path }));
}

/**
 * Resolves a prompt's attachments inside the chat's worktree: a mentioned file must lie inside it
 * (PathOutsideWorktree otherwise) and exist (NotFound); its text is read when it is small and
 * not binary, so agents that take embedded context get it and the others get a link.
 */
export async function resolveAttachments(worktree: string, attachments: readonly PromptAttachment[]): Promise<PromptContent[]> {
  const out: PromptContent[] = [];
  for (const a of attachments) {
    if (a.type === 'image') {
      out.push({ type: 'image', mimeType: a.mimeType, data: a.data, ...(a.name ? { name: a.name } : {}) });
      continue;
    }
    const real = await resolveConfinedPath(worktree, a.path);
    const info = await stat(real).catch(() => null);
    if (!info?.isFile()) throw new AppError('NotFound', `The mentioned file ${a.path} is not in this chat's worktree.`);
    let text: string | null = null;
    if (info.size <= MAX_EMBEDDED_BYTES) {
      const bytes = await readFile(real);
      if (!bytes.includes(0)) text = bytes.toString('utf8');
    }
    out.push({ type: 'file', path: real, relativePath: path.normalize(a.path), text });
  }
  return out;
}
