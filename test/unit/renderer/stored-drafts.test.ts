import { describe, expect, it } from 'vitest';
import { MAX_STORED_DRAFT_CHARS, MAX_STORED_DRAFTS, draftsToStore, parseStoredDrafts } from '../../../src-renderer/store/stored-drafts';

describe('stored drafts', () => {
  it('round-trips the non-empty drafts', () => {
    const stored = draftsToStore({ chat_a: 'fix the parser', chat_b: '', chat_c: 'line 1\nline 2' });
    expect(parseStoredDrafts(stored)).toEqual({ chat_a: 'fix the parser', chat_c: 'line 1\nline 2' });
  });

  it('reads anything unreadable as no drafts, and skips entries that are not text', () => {
    expect(parseStoredDrafts(null)).toEqual({});
    expect(parseStoredDrafts('{not json')).toEqual({});
    expect(parseStoredDrafts('["a"]')).toEqual({});
    expect(parseStoredDrafts('"text"')).toEqual({});
    expect(parseStoredDrafts('{"chat_a":"kept","chat_b":42,"chat_c":null,"chat_d":""}')).toEqual({ chat_a: 'kept' });
  });

  it('keeps the newest drafts (last written last) and cuts a huge one to its limit', () => {
    const many = Object.fromEntries(Array.from({ length: MAX_STORED_DRAFTS + 5 }, (_, i) => [`chat_${i}`, `draft ${i}`]));
    const kept = parseStoredDrafts(draftsToStore(many));
    expect(Object.keys(kept)).toHaveLength(MAX_STORED_DRAFTS);
    expect(kept.chat_0).toBeUndefined();
    expect(kept[`chat_${MAX_STORED_DRAFTS + 4}`]).toBe(`draft ${MAX_STORED_DRAFTS + 4}`);
    const huge = parseStoredDrafts(draftsToStore({ chat_a: 'x'.repeat(MAX_STORED_DRAFT_CHARS + 10) }));
    expect(huge.chat_a).toHaveLength(MAX_STORED_DRAFT_CHARS);
  });
});
