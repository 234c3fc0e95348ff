/**
 * Latency samples: normal draws from a seeded generator, clamped at >= 1 ms (a profile's 0 mean
 * means no delay at all, as in LLMSim). The caller's Rng comes from the request's `pacing`
 * sub-seed, so the same request order replays the same timings.
 */
import type { Rng } from '../random/rng.js';
import type { Distribution } from './profiles.js';

/**
 * One standard normal draw (Box-Muller, the cosine half: one value per two uniforms keeps the
 * sequence simple to replay).
 */
export function standardNormal(rng: Rng): number {
  // 1 - float() is in (0, 1]: log never sees 0.
  const u = 1 - rng.float();
  const v = rng.float();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A delay in ms: 0 for a 0 mean, the mean itself for a 0 stddev, else a normal sample >= 1.
 * @example sampleMs({ mean: 400, stddev: 100 }, createRng(1)) // around 400
 */
export function sampleMs(d: Distribution, rng: Rng): number {
  if (!(d.mean > 0)) return 0;
  if (!(d.stddev > 0)) return Math.max(1, d.mean);
  return Math.max(1, d.mean + d.stddev * standardNormal(rng));
}
