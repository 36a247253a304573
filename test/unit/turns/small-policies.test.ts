import { describe, expect, it } from 'vitest';
import { nextTurnMode } from '../../../src-main/core/sessions/next-turn-mode';
import { autoPermissionChoice } from '../../../src-main/core/turns/permission-policy';
import { statusForStopReason } from '../../../src-main/core/turns/turn-status';

const options = [
  { optionId: 'once', name: 'Allow once', kind: 'allow_once' as const },
  { optionId: 'always', name: 'Always', kind: 'allow_always' as const },
  { optionId: 'no', name: 'Reject', kind: 'reject_once' as const },
];

describe('autoPermissionChoice', () => {
  it.each([
    ['ask', true, null],
    ['ask', false, null],
    ['allow_edits', true, 'once'],
    ['allow_edits', false, null],
    ['allow_all', false, 'once'],
  ] as const)('%s (edit: %s) → %s', (policy, isEdit, expected) => {
    expect(autoPermissionChoice(policy, options, isEdit)).toBe(expected);
  });
  it('never picks a reject option', () => {
    expect(autoPermissionChoice('allow_all', [options[2]!], false)).toBeNull();
  });
});

describe('nextTurnMode', () => {
  it.each([
    [{ live: true, storedSessionId: 's', pendingHandoff: false }, 'resumed'],
    [{ live: false, storedSessionId: 's', pendingHandoff: true }, 'resumed'],
    [{ live: false, storedSessionId: null, pendingHandoff: true }, 'history'],
    [{ live: false, storedSessionId: null, pendingHandoff: false }, 'new'],
  ] as const)('%o → %s', (input, expected) => {
    expect(nextTurnMode(input)).toBe(expected);
  });
});

describe('statusForStopReason', () => {
  it.each([
    ['end_turn', 'done'],
    ['max_tokens', 'done'],
    ['cancelled', 'cancelled'],
    ['error', 'failed'],
    ['refusal', 'failed'],
    ['interrupted', 'interrupted'],
  ] as const)('%s → %s', (reason, status) => {
    expect(statusForStopReason(reason)).toBe(status);
  });
});

describe('stripAnsi', () => {
  it('removes colour codes from an agent’s stderr', async () => {
    const { stripAnsi } = await import('../../../src-main/core/util/managed-child');
    expect(stripAnsi('\x1b[91m\x1b[1mError: \x1b[0mUnexpected error')).toBe('Error: Unexpected error');
    expect(stripAnsi('plain')).toBe('plain');
  });
});
