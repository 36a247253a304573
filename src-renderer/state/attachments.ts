import type { AttachmentInfo, PromptAttachment, PromptCapabilities } from '../../src-preload/contract';

/**
 * What turns.send accepts, mirrored from the contract (methods.ts) because importing the
 * contract's values would bring zod into the renderer bundle; a unit test keeps them equal.
 */
export const IMAGE_MIME_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type ImageMimeType = (typeof IMAGE_MIME_TYPES)[number];
export const MAX_IMAGE_BASE64_CHARS = 14_000_000;
export const MAX_ATTACHMENTS = 20;

/** An attachment in a composer draft: images keep their bytes until sent, files are a worktree path. */
export type DraftAttachment =
  | { id: string; type: 'image'; mimeType: string; data: string; name: string }
  | { id: string; type: 'file'; path: string };

const isSendableMime = (m: string): m is ImageMimeType => (IMAGE_MIME_TYPES as readonly string[]).includes(m);

/** A `data:` URL (what FileReader gives) split into its MIME type and base64 payload; null if it is not base64 data. */
export function parseDataUrl(url: string): { mimeType: string; data: string } | null {
  const m = /^data:([^;,]*)(?:;[^;,]*)*;base64,(.*)$/s.exec(url);
  if (!m || !m[2]) return null;
  return { mimeType: (m[1] || 'application/octet-stream').toLowerCase(), data: m[2] };
}

/** Adds to a draft's attachments; mentioning the same file twice keeps one chip. */
export function addAttachment(list: readonly DraftAttachment[], a: DraftAttachment): DraftAttachment[] {
  if (a.type === 'file' && list.some((x) => x.type === 'file' && x.path === a.path)) return list.slice();
  return [...list, a];
}

const typeLabel = (mime: string): string => (mime.startsWith('image/') ? mime.slice(6).toUpperCase() : mime || 'This file');

/**
 * Why this attachment cannot go with the prompt to this agent, in words for the chip; null when
 * it can. Only images are ever refused for the agent's sake: a file the agent cannot embed is
 * still sent as a link it can read. `caps` null = the agent has not said (no session yet, ever),
 * so nothing is refused on its behalf and the core decides.
 */
export function attachmentProblem(a: DraftAttachment, index: number, caps: PromptCapabilities | null, agentName: string): string | null {
  if (index >= MAX_ATTACHMENTS) return `At most ${MAX_ATTACHMENTS} attachments per prompt`;
  if (a.type !== 'image') return null;
  if (!isSendableMime(a.mimeType)) return `${typeLabel(a.mimeType)} images cannot be sent (PNG, JPEG, GIF or WebP)`;
  if (a.data.length > MAX_IMAGE_BASE64_CHARS) return `Too large to send (at most ${Math.floor((MAX_IMAGE_BASE64_CHARS * 3) / 4 / 1_000_000)} MB)`;
  if (caps && !caps.image) return `${agentName} does not take images`;
  return null;
}

/** A quieter remark for an attachment that does go, but not as the user might expect. */
export function attachmentNote(a: DraftAttachment, caps: PromptCapabilities | null): string | null {
  return a.type === 'file' && caps && !caps.embeddedContext ? 'sent as a link; the agent reads it itself' : null;
}

/** Every reason the draft cannot be sent as it is, one per refused attachment. */
export function sendBlockers(list: readonly DraftAttachment[], caps: PromptCapabilities | null, agentName: string): string[] {
  return list.flatMap((a, i) => {
    const p = attachmentProblem(a, i, caps, agentName);
    return p ? [`${attachmentName(a)}: ${p}`] : [];
  });
}

export const attachmentName = (a: DraftAttachment): string => (a.type === 'image' ? a.name : a.path);

/** The draft's attachments as turns.send takes them. Call only when sendBlockers is empty. */
export function toPromptAttachments(list: readonly DraftAttachment[]): PromptAttachment[] {
  return list.map((a): PromptAttachment =>
    a.type === 'file' ? { type: 'file', path: a.path } : { type: 'image', mimeType: a.mimeType as ImageMimeType, data: a.data, name: a.name },
  );
}

/** What the transcript shows of a sent attachment until history has the core's own record. */
export const toAttachmentInfos = (list: readonly DraftAttachment[]): AttachmentInfo[] => list.map((a) => ({ type: a.type, name: attachmentName(a) }));
