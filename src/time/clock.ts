/**
 * Time, injectable. The decide step never reads a clock; the server reads `now()` for
 * scheduling and `unixSeconds()` for `created` fields, and tests (or `--freeze-time`) replace it.
 */
export interface Clock {
  /** Monotonic milliseconds, for scheduling frames against absolute deadlines. */
  now(): number;
  /** Wall-clock seconds since the epoch, for `created` / `created_at`. */
  unixSeconds(): number;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  unixSeconds: () => Math.floor(Date.now() / 1000),
};

/** The system clock with `unixSeconds()` pinned (`--freeze-time`). */
export function frozenClock(unixSeconds: number, base: Clock = systemClock): Clock {
  return { now: () => base.now(), unixSeconds: () => unixSeconds };
}
