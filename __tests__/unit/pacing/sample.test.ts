/** Latency samples: normal, seeded, clamped at 1 ms; a 0 mean is no delay. */
import { describe, expect, it } from '@jest/globals';
import { createRng } from '../../../src/random/rng.js';
import { sampleMs, standardNormal } from '../../../src/pacing/sample.js';

function stats(xs: number[]): { mean: number; stddev: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, stddev: Math.sqrt(variance) };
}

const draw = (n: number, f: () => number) => Array.from({ length: n }, f);

describe('sampleMs', () => {
  it('10k samples of gpt-4o\'s TTFT (400/100) have its mean and stddev (within 2%)', () => {
    const rng = createRng(1);
    const s = stats(draw(10_000, () => sampleMs({ mean: 400, stddev: 100 }, rng)));
    expect(Math.abs(s.mean - 400)).toBeLessThan(8);
    expect(Math.abs(s.stddev - 100)).toBeLessThan(4);
  });

  it('10k samples of a small TBT (25/8) have its mean and stddev', () => {
    const rng = createRng(2);
    const s = stats(draw(10_000, () => sampleMs({ mean: 25, stddev: 8 }, rng)));
    expect(Math.abs(s.mean - 25)).toBeLessThan(0.5);
    expect(Math.abs(s.stddev - 8)).toBeLessThan(0.4);
  });

  it('the standard normal is symmetric: about 68% within one sigma, half below 0', () => {
    const rng = createRng(3);
    const xs = draw(10_000, () => standardNormal(rng));
    const within = xs.filter((x) => Math.abs(x) < 1).length / xs.length;
    const below = xs.filter((x) => x < 0).length / xs.length;
    expect(within).toBeGreaterThan(0.66);
    expect(within).toBeLessThan(0.70);
    expect(Math.abs(below - 0.5)).toBeLessThan(0.02);
  });

  it('clamps at 1 ms: a wide distribution never gives less', () => {
    const rng = createRng(4);
    const xs = draw(10_000, () => sampleMs({ mean: 10, stddev: 50 }, rng));
    expect(Math.min(...xs)).toBe(1);
    expect(xs.filter((x) => x === 1).length).toBeGreaterThan(3000);
  });

  it('a 0 mean is no delay; a 0 stddev is exactly the mean; neither draws from the generator', () => {
    const rng = createRng(5);
    const before = createRng(5).float();
    expect(sampleMs({ mean: 0, stddev: 10 }, rng)).toBe(0);
    expect(sampleMs({ mean: 10, stddev: 0 }, rng)).toBe(10);
    expect(sampleMs({ mean: 0.2, stddev: 0 }, rng)).toBe(1);
    expect(rng.float()).toBe(before);
  });

  it('the same seed gives the same samples; another seed other samples', () => {
    const a = createRng(9);
    const b = createRng(9);
    const c = createRng(10);
    const d = { mean: 400, stddev: 100 };
    const xa = draw(20, () => sampleMs(d, a));
    expect(draw(20, () => sampleMs(d, b))).toEqual(xa);
    expect(draw(20, () => sampleMs(d, c))).not.toEqual(xa);
  });
});
