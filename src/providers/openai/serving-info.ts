/**
 * `service_tier` and `system_fingerprint`, which the real API puts on every chat completion and
 * chunk. Clients log them, and some tests assert on them (a fingerprint that changes means the
 * backend changed, OpenAI says: pair it with `seed` to judge determinism).
 */
import { hashString, seededHex } from '../../random/rng.js';

/** The tiers the API reports back; a request's `auto` (or nothing) is served as `default`. */
const REPORTED_TIERS = new Set(['default', 'flex', 'priority', 'scale']);

/** @example serviceTier('flex') // 'flex'; serviceTier('auto') // 'default' */
export function serviceTier(requested: unknown): string {
  return typeof requested === 'string' && REPORTED_TIERS.has(requested) ? requested : 'default';
}

const fingerprints = new Map<string, string>();

/**
 * `fp_` and 10 hex digits fixed by the model name: the same model always reports the same
 * "backend", on every run, as a model does between OpenAI's deployments.
 * @example systemFingerprint('gpt-4o') // same string on every call and every run
 */
export function systemFingerprint(model: string): string {
  let fp = fingerprints.get(model);
  if (fp === undefined) {
    fp = `fp_${seededHex(hashString(model), 'system-fingerprint', 0, 10)}`;
    // Model names come from requests: keep the cache from growing without bound.
    if (fingerprints.size >= 1000) fingerprints.clear();
    fingerprints.set(model, fp);
  }
  return fp;
}
