/**
 * One seed per LLM request, fixed before anything is decided, and one sub-seed per purpose.
 *
 * The replay rule: the Nth LLM request since the server started (or since `POST /admin/reset`),
 * counting from 0, gets the root seed `deriveSeed(server seed, 'request', N)`, unless it sends
 * `x-llmposter-seed`, whose value becomes its root instead. Every random choice about that
 * request draws from `sub(purpose)` of that root, so each purpose has its own stream: adding a
 * new random choice under a new purpose never shifts the values an existing purpose draws. A
 * fixture's `chaos_seed` replaces the root for the chaos purposes only (`chaos`, `jitter`,
 * `duplicate`).
 */
import { deriveSeed } from './rng.js';

/**
 * What a sub-seed is for. `traffic` (load-chaos rolls), `latency` (load chaos' latency), `pacing`
 * (latency profile samples: TTFT and TBT),
 * `chaos` (the fixture chaos block's activation roll), `jitter`, `duplicate`, `generate`
 * (load chaos' generated text), `generator` (`--generate` and `response: {generate}` text),
 * `ids` (response and tool-call ids).
 */
export type SeedPurpose = 'traffic' | 'latency' | 'pacing' | 'chaos' | 'jitter' | 'duplicate' | 'generate' | 'generator' | 'ids';

export interface RequestSeed {
  /** The root: what `x-llmposter-seed` reports and accepts. */
  readonly root: number;
  /** The seed for one purpose; the same root always gives the same sub-seed. */
  sub(purpose: SeedPurpose): number;
}

/** @example requestSeed(7).sub('jitter') // the same number on every run */
export function requestSeed(root: number): RequestSeed {
  return { root, sub: (purpose) => deriveSeed(root, purpose) };
}

/**
 * The root seed of the `n`th request (0-based) on a server seeded with `serverSeed`.
 * @example rootSeedFor(2112, 0) // the first request's seed
 */
export function rootSeedFor(serverSeed: number, n: number): number {
  return deriveSeed(serverSeed, 'request', n);
}
