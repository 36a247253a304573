import { randomInt } from 'node:crypto';

/**
 * Message ids in opencode's own format, so the client can name a turn's user message before it
 * sends it: the turn is then identified exactly (its user message, and the assistant messages
 * whose parentID points to it) instead of guessed from event order.
 *
 * Format: `msg_` + 12 hex digits of the low 48 bits of (ms * 0x1000 + counter) + 14 base62
 * characters. Ids sort by time, which the server relies on to order messages.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const MASK_48 = (1n << 48n) - 1n;

let lastMs = 0;
let counter = 0;

export function ascendingId(prefix: 'msg' | 'prt', now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  }
  // A clock that stepped back keeps counting on the last timestamp: ids stay increasing.
  counter++;
  const value = (BigInt(lastMs) * 0x1000n + BigInt(counter)) & MASK_48;
  let random = '';
  for (let i = 0; i < 14; i++) random += BASE62[randomInt(62)];
  return `${prefix}_${value.toString(16).padStart(12, '0')}${random}`;
}
