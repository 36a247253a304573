import { describe, expect, it } from 'vitest';
import type { PromptContent } from '../../../src-main/core/agents/agent-backend';
import { promptBlocks } from '../../../src-main/core/agents/acp/prompt-blocks';

/**
 * The ACP content blocks a prompt becomes: what an agent is sent depends on the prompt
 * capabilities it advertised, and an image it cannot take is a named error, never dropped.
 */

const ALL = { image: true, embeddedContext: true };
const NONE = { image: false, embeddedContext: false };

const image: PromptContent = { type: 'image', mimeType: 'image/png', data: 'iVBORw0KGgo=', name: 'screenshot.png' };
// A space in the path: the uri must be percent-encoded, as file URLs are.
const file: PromptContent = { type: 'file', path: '/repo/src/my file.ts', relativePath: 'src/my file.ts', text: 'export const x = 1;\n' };

describe('promptBlocks', () => {
  it('sends the text first and alone when there are no attachments', () => {
    expect(promptBlocks('Say hello.', [], NONE, 'Qwen Code')).toEqual([{ type: 'text', text: 'Say hello.' }]);
  });

  it('keeps the text first and the attachments in their order after it', () => {
    const blocks = promptBlocks('Look', [file, image], ALL, 'Claude Code');
    expect(blocks.map((b) => b.type)).toEqual(['text', 'resource', 'image']);
    expect(blocks[0]).toEqual({ type: 'text', text: 'Look' });
  });

  it('sends an image as an image block to an agent that takes images', () => {
    expect(promptBlocks('What is this?', [image], { image: true, embeddedContext: false }, 'Claude Code')).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', mimeType: 'image/png', data: 'iVBORw0KGgo=' },
    ]);
  });

  it('refuses an image for an agent without the image capability, naming the agent and the image', () => {
    expect(() => promptBlocks('What is this?', [image], { image: false, embeddedContext: true }, 'Gemini CLI')).toThrow(
      expect.objectContaining({ name: 'AttachmentNotAccepted', message: expect.stringContaining('Gemini CLI') }),
    );
    expect(() => promptBlocks('x', [image], NONE, 'Gemini CLI')).toThrow(/screenshot\.png/);
    // Without a name the message still reads.
    expect(() => promptBlocks('x', [{ type: 'image', mimeType: 'image/png', data: 'AA==' }], NONE, 'Goose')).toThrow(
      'Goose does not take images in a prompt; remove the image and send again.',
    );
  });

  it('embeds a mentioned file as a resource with a file:// uri where embeddedContext allows', () => {
    expect(promptBlocks('Explain', [file], { image: false, embeddedContext: true }, 'Codex')[1]).toEqual({
      type: 'resource',
      resource: { uri: 'file:///repo/src/my%20file.ts', mimeType: 'text/plain', text: 'export const x = 1;\n' },
    });
    // An empty file is still text that could be read: it is embedded, not linked.
    expect(promptBlocks('Explain', [{ ...file, text: '' }], ALL, 'Codex')[1]).toMatchObject({ type: 'resource', resource: { text: '' } });
  });

  it('links a mentioned file by its relative name without embeddedContext', () => {
    expect(promptBlocks('Explain', [file], { image: true, embeddedContext: false }, 'Goose')[1]).toEqual({
      type: 'resource_link',
      uri: 'file:///repo/src/my%20file.ts',
      name: 'src/my file.ts',
    });
  });

  it('links a mentioned file whose text could not be read even where embedding is allowed', () => {
    expect(promptBlocks('Explain', [{ ...file, text: null }], ALL, 'Codex')[1]).toEqual({
      type: 'resource_link',
      uri: 'file:///repo/src/my%20file.ts',
      name: 'src/my file.ts',
    });
  });
});
