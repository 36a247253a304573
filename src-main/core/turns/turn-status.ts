import type { StopReason, TurnStatus } from '../../../src-preload/contract';

/** How a turn's stop reason reads as its status in the transcript. */
export function statusForStopReason(stopReason: StopReason): TurnStatus {
  switch (stopReason) {
    case 'cancelled':
      return 'cancelled';
    case 'error':
    case 'refusal':
      return 'failed';
    case 'interrupted':
      return 'interrupted';
    default:
      return 'done';
  }
}
