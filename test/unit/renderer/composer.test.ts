import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_BASE64_CHARS as CONTRACT_MAX, PromptAttachment, type PromptCapabilities, type SlashCommand } from '../../../src-preload/contract';
import {
  IMAGE_MIME_TYPES,
  MAX_ATTACHMENTS,
  MAX_IMAGE_BASE64_CHARS,
  addAttachment,
  attachmentNote,
  attachmentProblem,
  parseDataUrl,
  sendBlockers,
  toAttachmentInfos,
  toPromptAttachments,
  type DraftAttachment,
} from '../../../src-renderer/state/attachments';
import { clampIndex, completionKey, type CompletionKey } from '../../../src-renderer/state/completion-keys';
import { insertMention, matchesSubsequence, mentionAt } from '../../../src-renderer/state/mention';
import { filterCommands, insertCommand, slashQuery } from '../../../src-renderer/state/slash-commands';

const cmd = (name: string, description = ''): SlashCommand => ({ name, description });

describe('slash commands', () => {
  it('reads the command being typed only in the prompt’s first word', () => {
    expect(slashQuery('/', 1)).toBe('');
    expect(slashQuery('/rev', 4)).toBe('rev');
    expect(slashQuery('/rev', 2)).toBe('r');
    expect(slashQuery('/review now', 11)).toBeNull();
    expect(slashQuery(' /rev', 5)).toBeNull();
    expect(slashQuery('a /rev', 6)).toBeNull();
    expect(slashQuery('/rev', 0)).toBeNull();
    expect(slashQuery('', 0)).toBeNull();
  });

  it('lists name prefixes first, then name and description matches, in the agent’s order', () => {
    const list = [cmd('init', 'Create AGENTS.md'), cmd('review', 'Review the diff'), cmd('compact', 'Summarise to free context'), cmd('pr-review', 'Review a PR'), cmd('memory', 'Edit the review notes')];
    expect(filterCommands(list, '').map((c) => c.name)).toEqual(['init', 'review', 'compact', 'pr-review', 'memory']);
    expect(filterCommands(list, 'REV').map((c) => c.name)).toEqual(['review', 'pr-review', 'memory']);
    expect(filterCommands(list, 'context').map((c) => c.name)).toEqual(['compact']);
    expect(filterCommands(list, 'zzz')).toEqual([]);
  });

  it('inserts /name and a space, keeping what followed the first word', () => {
    expect(insertCommand('/re', 'review')).toEqual({ text: '/review ', caret: 8 });
    expect(insertCommand('/re   the parser', 'review')).toEqual({ text: '/review the parser', caret: 8 });
    expect(insertCommand('/re\nsecond line', 'review')).toEqual({ text: '/review \nsecond line', caret: 8 });
  });
});

describe('@ mentions', () => {
  it('finds the mention the caret is in, only at the start of a word', () => {
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('look at @src/ma', 15)).toEqual({ start: 8, query: 'src/ma' });
    expect(mentionAt('look at @src/main.ts', 12)).toEqual({ start: 8, query: 'src' });
    expect(mentionAt('mail me@example.com', 19)).toBeNull();
    expect(mentionAt('@src/a.ts done', 14)).toBeNull();
    expect(mentionAt('line\n@pkg', 9)).toEqual({ start: 5, query: 'pkg' });
    expect(mentionAt('no mention', 5)).toBeNull();
  });

  it('replaces the whole word with @path and one space', () => {
    expect(insertMention('see @sr', { start: 4, query: 'sr' }, 'src/a.ts')).toEqual({ text: 'see @src/a.ts ', caret: 14 });
    expect(insertMention('see @src/ma and fix', { start: 4, query: 'src' }, 'src/main.ts')).toEqual({ text: 'see @src/main.ts and fix', caret: 17 });
    expect(insertMention('@', { start: 0, query: '' }, 'README.md')).toEqual({ text: '@README.md ', caret: 11 });
  });

  it('narrows earlier results with the core’s subsequence rule', () => {
    expect(matchesSubsequence('src/renderer/Main.tsx', 'srmain')).toBe(true);
    expect(matchesSubsequence('src/renderer/Main.tsx', 'mainsrc')).toBe(false);
    expect(matchesSubsequence('anything', '')).toBe(true);
  });
});

describe('completion keys', () => {
  const k = (key: string, p: Partial<CompletionKey> = {}): CompletionKey => ({ key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...p });
  it('moves with wrapping, picks with Enter or Tab and closes with Esc', () => {
    expect(completionKey(k('ArrowDown'), 0, 3)).toEqual({ kind: 'move', index: 1 });
    expect(completionKey(k('ArrowDown'), 2, 3)).toEqual({ kind: 'move', index: 0 });
    expect(completionKey(k('ArrowUp'), 0, 3)).toEqual({ kind: 'move', index: 2 });
    expect(completionKey(k('Enter'), 1, 3)).toEqual({ kind: 'pick', index: 1 });
    expect(completionKey(k('Tab'), 2, 3)).toEqual({ kind: 'pick', index: 2 });
    expect(completionKey(k('Escape'), 0, 3)).toEqual({ kind: 'close' });
  });
  it('leaves modified keys, typing and an empty list’s Enter to the prompt', () => {
    expect(completionKey(k('Enter', { shiftKey: true }), 0, 3)).toBeNull();
    expect(completionKey(k('Enter', { ctrlKey: true }), 0, 3)).toBeNull();
    expect(completionKey(k('Tab', { shiftKey: true }), 0, 3)).toBeNull();
    expect(completionKey(k('a'), 0, 3)).toBeNull();
    expect(completionKey(k('Enter'), 0, 0)).toBeNull();
    expect(completionKey(k('Escape'), 0, 0)).toEqual({ kind: 'close' });
  });
  it('keeps the highlight inside a list that shrank', () => {
    expect(completionKey(k('Enter'), 7, 2)).toEqual({ kind: 'pick', index: 1 });
    expect(clampIndex(5, 3)).toBe(2);
    expect(clampIndex(-1, 3)).toBe(0);
    expect(clampIndex(4, 0)).toBe(0);
  });
});

describe('attachments', () => {
  const png: DraftAttachment = { id: '1', type: 'image', mimeType: 'image/png', data: 'iVBORw0KGgo=', name: 'shot.png' };
  const file: DraftAttachment = { id: '2', type: 'file', path: 'src/a.ts' };
  const caps = (image: boolean, embeddedContext: boolean): PromptCapabilities => ({ image, embeddedContext });

  it('mirrors the contract’s limits', () => {
    expect(MAX_IMAGE_BASE64_CHARS).toBe(CONTRACT_MAX);
    for (const mimeType of IMAGE_MIME_TYPES) expect(PromptAttachment.safeParse({ type: 'image', mimeType, data: 'AAAA' }).success).toBe(true);
    expect(PromptAttachment.safeParse({ type: 'image', mimeType: 'image/bmp', data: 'AAAA' }).success).toBe(false);
  });

  it('refuses images where the agent takes none, and says so by name', () => {
    expect(attachmentProblem(png, 0, caps(false, true), 'Gemini CLI')).toBe('Gemini CLI does not take images');
    expect(attachmentProblem(png, 0, caps(true, false), 'Gemini CLI')).toBeNull();
    // Not known yet (no session ever): the core decides, nothing is refused on the agent's behalf.
    expect(attachmentProblem(png, 0, null, 'Gemini CLI')).toBeNull();
  });

  it('never refuses a file: one the agent cannot embed goes as a link, with a note', () => {
    expect(attachmentProblem(file, 0, caps(false, false), 'Qwen')).toBeNull();
    expect(attachmentNote(file, caps(true, false))).toMatch(/link/);
    expect(attachmentNote(file, caps(true, true))).toBeNull();
    expect(attachmentNote(png, caps(true, false))).toBeNull();
  });

  it('refuses what turns.send would reject: other image types, too much data, too many', () => {
    expect(attachmentProblem({ ...png, mimeType: 'image/svg+xml' }, 0, caps(true, true), 'A')).toMatch(/SVG\+XML images cannot be sent/);
    expect(attachmentProblem({ ...png, data: 'A'.repeat(MAX_IMAGE_BASE64_CHARS + 4) }, 0, caps(true, true), 'A')).toMatch(/Too large/);
    expect(attachmentProblem(file, MAX_ATTACHMENTS, caps(true, true), 'A')).toMatch(/At most 20/);
  });

  it('blocks sending while any attachment is refused', () => {
    expect(sendBlockers([png, file], caps(false, false), 'Gemini CLI')).toEqual(['shot.png: Gemini CLI does not take images']);
    expect(sendBlockers([png, file], caps(true, false), 'Gemini CLI')).toEqual([]);
  });

  it('keeps one chip per mentioned file', () => {
    expect(addAttachment([file], { id: '3', type: 'file', path: 'src/a.ts' })).toHaveLength(1);
    expect(addAttachment([file], { ...png, id: '4' })).toHaveLength(2);
  });

  it('splits a data URL into type and base64', () => {
    expect(parseDataUrl('data:image/png;base64,iVBO')).toEqual({ mimeType: 'image/png', data: 'iVBO' });
    expect(parseDataUrl('data:image/JPEG;name=x.jpg;base64,/9j/')).toEqual({ mimeType: 'image/jpeg', data: '/9j/' });
    expect(parseDataUrl('data:text/plain,hello')).toBeNull();
    expect(parseDataUrl('data:image/png;base64,')).toBeNull();
  });

  it('sends what the contract accepts and shows names in the transcript', () => {
    const sent = toPromptAttachments([png, file]);
    expect(sent).toEqual([
      { type: 'image', mimeType: 'image/png', data: 'iVBORw0KGgo=', name: 'shot.png' },
      { type: 'file', path: 'src/a.ts' },
    ]);
    for (const a of sent) expect(PromptAttachment.safeParse(a).success).toBe(true);
    expect(toAttachmentInfos([png, file])).toEqual([
      { type: 'image', name: 'shot.png' },
      { type: 'file', name: 'src/a.ts' },
    ]);
  });
});
