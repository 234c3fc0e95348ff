/** The burst clock: a square wave from the first request, restartable, on an injected clock. */
import { describe, expect, it } from '@jest/globals';
import { BurstClock } from '../../../src/chaos/burst.js';
import type { BurstConfig } from '../../../src/chaos/types.js';
import { createFakeClock } from '../../../src/time/fake-clock.js';

const BURST: BurstConfig = { enabled: true, interval_sec: 30, duration_sec: 5, rate_limit_pct: 80, capacity_pct: 50 };

/** A burst clock on a fake clock that starts at `startMs`, and a way to ask at an absolute time. */
function setup(startMs = 1_000) {
  const clock = createFakeClock({ startMs });
  const burst = new BurstClock(() => clock.now());
  const at = (ms: number, config: BurstConfig = BURST) => {
    clock.advance(ms - clock.now());
    return burst.inBurst(config);
  };
  return { clock, burst, at };
}

describe('BurstClock', () => {
  it('is a square wave: in a burst while elapsed % interval < duration', () => {
    const { at } = setup(0);
    const t0 = 7_000; // the first request, long after construction
    const wave: [number, boolean][] = [
      [0, true], [1, true], [4_999, true], [5_000, false], [17_000, false], [29_999, false],
      [30_000, true], [34_999, true], [35_000, false], [60_000, true], [64_000, true], [65_000, false], [299_999, false], [300_000, true],
    ];
    for (const [dt, expected] of wave) expect([dt, at(t0 + dt)]).toEqual([dt, expected]);
  });

  it('starts at the first inBurst call, not at construction', () => {
    const { clock, burst, at } = setup(0);
    clock.advance(10_000); // 10 s idle: a clock started at construction would be out of the burst
    expect(burst.inBurst(BURST)).toBe(true);
    expect(at(14_999)).toBe(true);
    expect(at(15_000)).toBe(false);
  });

  it('samples a square wave with the configured duty cycle', () => {
    const { at } = setup();
    let inside = 0;
    const steps = 60_000; // one sample every 10 ms over 600 s
    for (let i = 0; i < steps; i++) if (at(1_000 + i * 10, { ...BURST, interval_sec: 20, duration_sec: 8 })) inside++;
    expect(inside / steps).toBeCloseTo(8 / 20, 6);
  });

  it('is never in a burst when bursts are disabled, but the first call still starts the clock', () => {
    const { at } = setup(0);
    const off = { ...BURST, enabled: false };
    expect(at(0, off)).toBe(false);
    expect(at(2_000, off)).toBe(false);
    // Enabled later without a restart: the phase counts from the first request (t=0).
    expect(at(4_000)).toBe(true);
    expect(at(6_000)).toBe(false);
    expect(at(31_000)).toBe(true);
  });

  it('restart() starts a new wave at the next request', () => {
    const { burst, at } = setup(0);
    expect(at(0)).toBe(true);
    expect(at(10_000)).toBe(false);
    burst.restart();
    expect(at(12_000)).toBe(true); // the new t=0
    expect(at(16_999)).toBe(true);
    expect(at(17_000)).toBe(false);
    expect(at(41_999)).toBe(false);
    expect(at(42_000)).toBe(true);
  });

  it('restart() before any request is harmless', () => {
    const { burst, at } = setup(0);
    burst.restart();
    expect(at(50_000)).toBe(true);
    expect(at(55_000)).toBe(false);
  });

  it('picks up interval and duration changes on the next call', () => {
    const { at } = setup(0);
    expect(at(0)).toBe(true);
    expect(at(6_000)).toBe(false);
    expect(at(6_000, { ...BURST, duration_sec: 8 })).toBe(true);
    expect(at(12_000, { ...BURST, interval_sec: 10 })).toBe(true); // 12 % 10 = 2 < 5
  });

  it('fractional seconds work in milliseconds', () => {
    const { at } = setup(0);
    const cfg = { ...BURST, interval_sec: 1.5, duration_sec: 0.25 };
    expect(at(0, cfg)).toBe(true);
    expect(at(249, cfg)).toBe(true);
    expect(at(250, cfg)).toBe(false);
    expect(at(1_500, cfg)).toBe(true);
  });

  it('a non-positive interval or duration never bursts', () => {
    const { at } = setup(0);
    expect(at(0, { ...BURST, interval_sec: 0 })).toBe(false);
    expect(at(1, { ...BURST, duration_sec: 0 })).toBe(false);
  });

  it('a duration as long as the interval is one long burst', () => {
    const { at } = setup(0);
    const cfg = { ...BURST, interval_sec: 5, duration_sec: 5 };
    for (const t of [0, 4_999, 5_000, 12_345, 99_999]) expect(at(t, cfg)).toBe(true);
  });
});
