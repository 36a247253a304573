import { describe, expect, it } from 'vitest';
import { extendBlocks, splitBlocks } from '../../../src-renderer/state/markdown-blocks';

describe('splitBlocks', () => {
  it('splits at blank lines', () => {
    expect(splitBlocks('a\nb\n\nc\n\n\nd')).toEqual(['a\nb\n', 'c\n', 'd']);
  });
  it('never splits inside a fenced code block', () => {
    const code = '```ts\nconst a = 1;\n\nconst b = 2;\n```';
    expect(splitBlocks(`intro\n\n${code}\n\nafter`)).toEqual(['intro\n', `${code}\n`, 'after']);
  });
  it('keeps an unclosed fence as one block while it streams', () => {
    expect(splitBlocks('x\n\n```\na\n\nb')).toEqual(['x\n', '```\na\n\nb']);
  });
});

describe('extendBlocks', () => {
  it('reuses finished blocks when the text only grows', () => {
    const a = extendBlocks(null, 'one\n\ntwo');
    const b = extendBlocks(a, 'one\n\ntwo more\n\nthree');
    expect(b.blocks).toEqual(['one\n', 'two more\n', 'three']);
    expect(b.blocks[0]).toBe(a.blocks[0]);
  });
  it('agrees with a fresh split on any growth', () => {
    const full = 'p1\n\n```\nc\n\nd\n```\n\np2 with words\n\n- a\n- b\n\nend';
    let prev = extendBlocks(null, '');
    for (let i = 1; i <= full.length; i++) {
      prev = extendBlocks(prev, full.slice(0, i));
      expect(prev.blocks).toEqual(splitBlocks(full.slice(0, i)));
    }
  });
});
