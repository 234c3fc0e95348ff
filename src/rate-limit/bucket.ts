/**
 * A token bucket that refills continuously: it holds at most `capacity` (the per-minute limit)
 * and gains `capacity / 60000` per millisecond, so a client that spends its whole minute's
 * budget at once gets it back a little at a time, as the real APIs' limiters do.
 */

export const MINUTE_MS = 60_000;

export interface Bucket {
  capacity: number;
  /** What is left, as of `at` (fractional: refill is continuous). */
  level: number;
  at: number;
}

/** A full bucket as of `now`. */
export function fullBucket(capacity: number, now: number): Bucket {
  return { capacity, level: capacity, at: now };
}

/** Bring the level up to `now` (never above capacity). */
export function refill(b: Bucket, now: number): void {
  if (now > b.at) {
    b.level = Math.min(b.capacity, b.level + ((now - b.at) * b.capacity) / MINUTE_MS);
    b.at = now;
  }
}

/**
 * Milliseconds until the bucket holds `amount` (0 when it already does; Infinity when it never
 * can: more than its capacity).
 * @example msUntil({ capacity: 60, level: 0, at: 0 }, 1) // 1000
 */
export function msUntil(b: Bucket, amount: number): number {
  if (amount > b.capacity) return Infinity;
  if (b.level >= amount) return 0;
  return ((amount - b.level) * MINUTE_MS) / b.capacity;
}

/** Milliseconds until the bucket is full again (what OpenAI's `x-ratelimit-reset-*` report). */
export function msUntilFull(b: Bucket): number {
  return msUntil(b, b.capacity);
}
