import { describe, expect, it } from 'vitest';
import { decideHealth } from '../../../src-main/core/sessions/health-policy';

const GRACE = 10 * 60_000;
const NOW = 1_000_000_000;

describe('decideHealth', () => {
  it.each([
    { name: 'a healthy process is left alone', p: { running: true, probeOk: true, lastBusyActivityAt: null }, action: 'ok' },
    { name: 'a stopped process is not probed or restarted (it starts on demand)', p: { running: false, probeOk: false, lastBusyActivityAt: null }, action: 'ok' },
    { name: 'unresponsive and idle: restart', p: { running: true, probeOk: false, lastBusyActivityAt: null }, action: 'restart' },
    { name: 'unresponsive under a recent turn: wait', p: { running: true, probeOk: false, lastBusyActivityAt: NOW - 60_000 }, action: 'wait' },
    { name: 'unresponsive under a turn silent past the grace: restart', p: { running: true, probeOk: false, lastBusyActivityAt: NOW - GRACE - 1 }, action: 'restart' },
    { name: 'healthy under a long turn: ok', p: { running: true, probeOk: true, lastBusyActivityAt: NOW - GRACE * 3 }, action: 'ok' },
  ])('$name', ({ p, action }) => {
    expect(decideHealth({ agent: 'qwen', ...p }, NOW, GRACE).action).toBe(action);
  });

  it('says why it restarts', () => {
    const d = decideHealth({ agent: 'qwen', running: true, probeOk: false, lastBusyActivityAt: NOW - GRACE - 1 }, NOW, GRACE);
    expect(d).toMatchObject({ action: 'restart', reason: expect.stringContaining('silent') });
  });
});
