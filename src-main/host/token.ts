import { randomBytes, timingSafeEqual } from 'node:crypto';

export const newToken = (): string => randomBytes(24).toString('base64url');

/** Constant-time comparison, so response timing does not leak how much of a guess was right. */
export function tokensEqual(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  if (a.length !== b.length) {
    // Still spend the comparison so a wrong length is not faster to detect.
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}
