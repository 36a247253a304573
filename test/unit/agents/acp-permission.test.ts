import { describe, expect, it } from 'vitest';
import {
  cancelledOutcome,
  mapPermissionRequest,
  optionKind,
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
    expect(mapPermissionRequest('r1', params)).toEqual({
      type: 'permission.request',
      requestId: 'r1',
      toolCallId: null,
      title: 'Permission requested',
      options: [{ optionId: 'ok', name: 'OK', kind: 'allow_once' }],
    });
  });

  it('builds the ACP outcomes', () => {
    expect(selectedOutcome('proceed_once')).toEqual({ outcome: { outcome: 'selected', optionId: 'proceed_once' } });
    expect(cancelledOutcome()).toEqual({ outcome: { outcome: 'cancelled' } });
  });
});
