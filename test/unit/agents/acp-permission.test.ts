import { describe, expect, it } from 'vitest';
import {
  cancelledOutcome,
  mapPermissionRequest,
  optionKind,
  pathsOutside,
  PermissionRequestParams,
  selectedOutcome,
} from '../../../src-main/core/agents/acp/acp-permission';

describe('ACP permission mapping', () => {
  it('takes the option kind from ACP `kind`', () => {
    expect(optionKind('allow_always', 'whatever')).toBe('allow_always');
    expect(optionKind('reject_always', 'x')).toBe('reject_always');
  });

  it('guesses a missing or unknown kind from the id, defaulting to a rejection', () => {
    expect(optionKind(undefined, 'proceed_once')).toBe('allow_once');
    expect(optionKind(null, 'proceed_always')).toBe('allow_always');
    expect(optionKind('weird', 'allow')).toBe('allow_once');
    expect(optionKind(undefined, 'cancel')).toBe('reject_once');
    expect(optionKind(undefined, 'reject_always')).toBe('reject_always');
    expect(optionKind(undefined, 'mystery')).toBe('reject_once');
  });

  it('maps a request without a tool call to a titled request without diffs', () => {
    const params = PermissionRequestParams.parse({
      sessionId: 's',
      options: [{ optionId: 'ok', name: 'OK', kind: 'allow_once' }],
    });
    expect(mapPermissionRequest('r1', params, '/work/wt')).toEqual({
      type: 'permission.request',
      requestId: 'r1',
      toolCallId: null,
      title: 'Permission requested',
      options: [{ optionId: 'ok', name: 'OK', kind: 'allow_once' }],
    });
  });

  it('says first and plainly when a request is about a path outside the worktree, and names it', () => {
    const outside = PermissionRequestParams.parse({
      sessionId: 's',
      toolCall: { toolCallId: 't', title: 'Write /home/u/x.txt', locations: [{ path: '/home/u/x.txt' }], content: [{ type: 'diff', path: '/work/wt/in.txt', newText: 'y' }] },
      options: [{ optionId: 'ok', name: 'OK', kind: 'allow_once' }],
    });
    expect(pathsOutside(outside, '/work/wt')).toEqual(['/home/u/x.txt']);
    expect(mapPermissionRequest('r1', outside, '/work/wt').title).toBe('Outside the worktree: /home/u/x.txt (Write /home/u/x.txt)');
    // opencode names the folder it asks about as the title.
    const folder = PermissionRequestParams.parse({ sessionId: 's', toolCall: { title: '/work/other' }, options: [] });
    expect(mapPermissionRequest('r2', folder, '/work/wt').title).toBe('Outside the worktree: /work/other (/work/other)');
    const inside = PermissionRequestParams.parse({ sessionId: 's', toolCall: { title: 'Edit', locations: [{ path: '/work/wt/a.txt' }] }, options: [] });
    expect(mapPermissionRequest('r3', inside, '/work/wt').title).toBe('Edit');
    // A sibling folder with the worktree's name as a prefix is outside.
    expect(pathsOutside(PermissionRequestParams.parse({ sessionId: 's', toolCall: { locations: [{ path: '/work/wt2/a' }] }, options: [] }), '/work/wt')).toEqual(['/work/wt2/a']);
  });

  it('builds the ACP outcomes', () => {
    expect(selectedOutcome('proceed_once')).toEqual({ outcome: { outcome: 'selected', optionId: 'proceed_once' } });
    expect(cancelledOutcome()).toEqual({ outcome: { outcome: 'cancelled' } });
  });
});
