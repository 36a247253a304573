import { describe, expect, it } from 'vitest';
import { relativePath, relativizeEvent } from '../../../src-main/core/turns/relativize-paths';

const ROOT = '/data/worktrees/chat_1';

describe('relativizeEvent', () => {
  it('shows worktree paths relative to it, and leaves others alone', () => {
    expect(relativePath(`${ROOT}/src/a.ts`, ROOT)).toBe('src/a.ts');
    expect(relativePath('/etc/passwd', ROOT)).toBe('/etc/passwd');
    expect(relativePath(`${ROOT}-other/a.ts`, ROOT)).toBe(`${ROOT}-other/a.ts`);
  });

  it('rewrites tool titles and diffs, and permission requests', () => {
    expect(relativizeEvent({ type: 'tool.start', toolCallId: 't', title: `Write ${ROOT}/a.txt`, kind: 'edit', status: 'pending' }, ROOT)).toMatchObject({ title: 'Write a.txt' });
    expect(
      relativizeEvent({ type: 'tool.end', toolCallId: 't', status: 'completed', diffs: [{ path: `${ROOT}/a.txt`, oldText: null, newText: 'x' }] }, ROOT),
    ).toMatchObject({ diffs: [{ path: 'a.txt' }] });
    expect(
      relativizeEvent(
        { type: 'permission.request', requestId: 'r', toolCallId: null, title: `Edit ${ROOT}/b.txt`, options: [], diffs: [{ path: `${ROOT}/b.txt`, oldText: 'a', newText: 'b' }] },
        ROOT,
      ),
    ).toMatchObject({ title: 'Edit b.txt', diffs: [{ path: 'b.txt' }] });
  });

  it('names the worktree itself "." (Codex titles a listing of it with its absolute path)', () => {
    expect(relativizeEvent({ type: 'tool.start', toolCallId: 't', title: `List ${ROOT}`, kind: 'search', status: 'pending' }, ROOT)).toMatchObject({ title: 'List .' });
    expect(relativizeEvent({ type: 'tool.start', toolCallId: 't', title: `Search "x" in ${ROOT}, ${ROOT}/src`, kind: 'search', status: 'pending' }, ROOT)).toMatchObject({
      title: 'Search "x" in ., src',
    });
    // A sibling folder whose name starts like the worktree's is not it.
    expect(relativizeEvent({ type: 'tool.start', toolCallId: 't', title: `List ${ROOT}0 and ${ROOT}-b`, kind: 'search', status: 'pending' }, ROOT)).toMatchObject({
      title: `List ${ROOT}0 and ${ROOT}-b`,
    });
  });

  it('passes other events through untouched', () => {
    const e = { type: 'text.delta' as const, text: `see ${ROOT}/a.txt` };
    expect(relativizeEvent(e, ROOT)).toBe(e);
  });
});
