/**
 * Time, injectable: reading it and waiting on it. The decide step never touches a clock; the
 * writer, the job simulator and every later time-based feature (bursts, rate limits, latency
 * profiles) schedule through `Clock`, so tests drive them with `createFakeClock()` instead of
 * real sleeps, and `--freeze-time` pins `created` fields.
 */

/** An opaque timer handle, only good for `clearTimeout` of the clock that made it. */
export type TimerHandle = object;

export interface TimerOptions {
  /** Do not keep the process alive for this timer (Node's `unref`). Ignored by fake clocks. */
  unref?: boolean;
}

export interface Clock {
  /** Monotonic milliseconds, for scheduling against absolute deadlines. */
  now(): number;
  /** Wall-clock seconds since the epoch, for `created` / `created_at`. */
  unixSeconds(): number;
  /** Run `fn` once, `ms` milliseconds from now. */
  setTimeout(fn: () => void, ms: number, opts?: TimerOptions): TimerHandle;
  /** Cancel a timer; undefined and already-fired timers are ignored. */
  clearTimeout(handle: TimerHandle | undefined): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  unixSeconds: () => Math.floor(Date.now() / 1000),
  setTimeout(fn, ms, opts) {
    const t = setTimeout(fn, ms);
    if (opts?.unref) t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout | undefined),
};

/**
 * A clock with `unixSeconds()` pinned (`--freeze-time`); everything else from `base`.
 * @example frozenClock(1_700_000_000).unixSeconds() // 1700000000
 */
export function frozenClock(unixSeconds: number, base: Clock = systemClock): Clock {
  return { ...base, unixSeconds: () => unixSeconds };
}
