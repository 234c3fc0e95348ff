/**
 * The burst clock: a square wave of error spikes (as ChaosLLM does it). With bursts enabled, a
 * request is in a burst when `elapsed % interval_sec < duration_sec`, where `elapsed` counts
 * from the first request the clock saw. So a run starts with a burst `duration_sec` long,
 * then calm until `interval_sec`, then the next burst, and so on.
 *
 * The clock starts at the first `inBurst` call (the first LLM request), not at construction.
 * `restart()` forgets the start: the next `inBurst` call starts a new wave. The server calls
 * it on `POST /admin/reset` and whenever the error-injection config changes.
 *
 * Time comes from an injected `now()` in milliseconds (`Clock.now` in the server, a fake in
 * tests); nothing here sleeps or sets timers.
 */
import type { BurstConfig } from './types.js';

export class BurstClock {
  private startMs: number | undefined;

  /** @param now monotonic milliseconds, e.g. `() => clock.now()`. */
  constructor(private readonly now: () => number) {}

  /**
   * Whether a request arriving now is in a burst. The first call starts the clock (whether or
   * not bursts are enabled, so enabling them later keeps the run's phase). False when bursts
   * are disabled, or when `interval_sec` or `duration_sec` is not positive.
   * @example new BurstClock(() => clock.now()).inBurst({ enabled: true, interval_sec: 30, duration_sec: 5, rate_limit_pct: 80, capacity_pct: 50 }) // true: t=0 opens a burst
   */
  inBurst(config: BurstConfig): boolean {
    const t = this.now();
    if (this.startMs === undefined) this.startMs = t;
    if (!config.enabled) return false;
    const intervalMs = config.interval_sec * 1000;
    const durationMs = config.duration_sec * 1000;
    if (!(intervalMs > 0) || !(durationMs > 0)) return false;
    const elapsed = Math.max(0, t - this.startMs);
    return elapsed % intervalMs < durationMs;
  }

  /** Start over: the next `inBurst` call is t=0 of a new wave. */
  restart(): void {
    this.startMs = undefined;
  }
}
