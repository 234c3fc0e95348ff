/**
 * "Wait until the files have stopped changing": editors and scripts write a file in steps
 * (truncate, write, write again; a generator may pause between records), and a file read
 * between two steps is half a file that may well be valid YAML with fewer fixtures. A reload
 * therefore waits until nothing has changed for `settleMs`: not a fixed delay after the first
 * event (a 100 ms debounce served half-written files to thousands of requests), but a quiet
 * period that any further change restarts.
 *
 * Changes are seen two ways: a poke (a file-system event) and a snapshot that differs from the
 * previous one (checked every `pollMs`), so a write whose event is lost or merged still counts.
 * A late timer only makes the wait longer, never shorter: a writer that pauses for less than
 * `settleMs` between two writes is never read in between.
 */
import type { Clock, TimerHandle } from '../time/clock.js';

export interface SettleOptions {
  /** What the watched files look like now (e.g. names, sizes and mtimes); compared for equality. */
  snapshot: () => string;
  /** Called once per burst of changes, after `settleMs` without any. */
  onSettled: () => void;
  /** The quiet period a change must be followed by. */
  settleMs: number;
  /** How often the snapshot is compared while waiting. */
  pollMs: number;
  clock: Clock;
}

export interface Settler {
  /** Something changed (or may have): start waiting, or restart the quiet period. */
  poke(): void;
  /** True while waiting for the files to settle. */
  readonly waiting: boolean;
  close(): void;
}

/**
 * @example
 * const s = createSettler({ snapshot: () => statAll(), onSettled: reload, settleMs: 750, pollMs: 100, clock: systemClock });
 * watcher.on('change', () => s.poke());
 */
export function createSettler(opts: SettleOptions): Settler {
  const { clock, settleMs, pollMs } = opts;
  let timer: TimerHandle | undefined;
  let last = '';
  let changedAt = 0;
  let closed = false;

  const check = () => {
    timer = undefined;
    if (closed) return;
    const now = clock.now();
    const current = opts.snapshot();
    if (current !== last) {
      last = current;
      changedAt = now;
    }
    if (now - changedAt >= settleMs) {
      opts.onSettled();
      return;
    }
    timer = clock.setTimeout(check, Math.min(pollMs, settleMs - (now - changedAt)), { unref: true });
  };

  return {
    poke() {
      if (closed) return;
      changedAt = clock.now();
      if (timer === undefined) {
        last = opts.snapshot();
        timer = clock.setTimeout(check, Math.min(pollMs, settleMs), { unref: true });
      }
    },
    get waiting() {
      return timer !== undefined;
    },
    close() {
      closed = true;
      clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
