/**
 * A clock that only moves when told to: timers fire in deadline order (ties in the order they
 * were set) as `advance()` passes them, each seeing `now()` equal to its own deadline. Tests of
 * the writer, the job simulator and anything else time-based use it instead of sleeping.
 */
import type { Clock, TimerHandle } from './clock.js';

interface FakeTimer {
  due: number;
  seq: number;
  fn: () => void;
}

export interface FakeClock extends Clock {
  /** Move time forward by `ms`, running every timer that falls due on the way. */
  advance(ms: number): void;
  /** Timers set and not yet fired or cleared. */
  pendingTimers(): number;
}

/**
 * @example
 * const clock = createFakeClock();
 * clock.setTimeout(() => console.log('at', clock.now()), 20);
 * clock.advance(50); // prints "at 20"
 */
export function createFakeClock(opts: { startMs?: number; unixSeconds?: number } = {}): FakeClock {
  let now = opts.startMs ?? 0;
  const epoch = opts.unixSeconds ?? 1_700_000_000;
  const start = now;
  let seq = 0;
  const timers = new Set<FakeTimer>();

  const nextDue = (limit: number): FakeTimer | undefined => {
    let best: FakeTimer | undefined;
    for (const t of timers) if (t.due <= limit && (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq))) best = t;
    return best;
  };

  return {
    now: () => now,
    unixSeconds: () => epoch + Math.floor((now - start) / 1000),
    setTimeout(fn, ms) {
      // Like Node: negative, NaN and fractional-zero delays mean "as soon as possible".
      const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
      const t: FakeTimer = { due: now + delay, seq: seq++, fn };
      timers.add(t);
      return t as unknown as TimerHandle;
    },
    clearTimeout(handle) {
      if (handle) timers.delete(handle as unknown as FakeTimer);
    },
    advance(ms) {
      const target = now + Math.max(0, ms);
      for (let t = nextDue(target); t; t = nextDue(target)) {
        timers.delete(t);
        now = Math.max(now, t.due);
        t.fn();
      }
      now = target;
    },
    pendingTimers: () => timers.size,
  };
}
