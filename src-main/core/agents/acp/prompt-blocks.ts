import { pathToFileURL } from 'node:url';
import type { PromptCapabilities } from '../../../../src-preload/contract';
import { AppError } from '../../errors';
import type { PromptContent } from '../agent-backend';

/**
 * Pure: the ACP content blocks of a prompt. Text and resource links are always allowed; images
 * need the agent's `image` prompt capability (else a named error, never a silent drop); a
 * mentioned file goes as an embedded resource where `embeddedContext` allows and its text could
 * be read, else as a link to it.
 */
export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; mimeType: string; data: string }
  | { type: 'resource'; resource: { uri: string; mimeType: string; text: string } }
  | { type: 'resource_link'; uri: string; name: string };

export function promptBlocks(
  prompt: string,
  attachments: readonly PromptContent[],
  capabilities: PromptCapabilities,
  agentName: string,
): ContentBlock[] {
  const blocks: ContentBlock[] = [{ type: 'text', text: prompt }];
  for (const a of attachments) {
    if (a.type === 'image') {
      if (!capabilities.image) throw new AppError('AttachmentNotAccepted', `${agentName} does not take images in a prompt; remove ${a.name ?? 'the image'} and send again.`);
      blocks.push({ type: 'image', mimeType: a.mimeType, data: a.data });
      continue;
    }
    const uri = pathToFileURL(a.path).href;
    if (capabilities.embeddedContext && a.text !== null) blocks.push({ type: 'resource', resource: { uri, mimeType: 'text/plain', text: a.text } });
    else blocks.push({ type: 'resource_link', uri, name: a.relativePath });
  }
  return blocks;
}
