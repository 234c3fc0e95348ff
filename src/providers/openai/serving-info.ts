/**
 * `service_tier` and `system_fingerprint`, which the real API puts on every chat completion and
 * chunk. Clients log them, and some tests assert on them (a fingerprint that changes means the
 * backend changed, OpenAI says: pair it with `seed` to judge determinism).
 */
import { hashString, seededHex } from '../../random/rng.js';
import { memoByString } from '../../util/string-cache.js';

/** The tiers the API reports back; a request's `auto` (or nothing) is served as `default`. */
const REPORTED_TIERS = new Set(['default', 'flex', 'priority', 'scale']);

/** @example serviceTier('flex') // 'flex'; serviceTier('auto') // 'default' */
export function serviceTier(requested: unknown): string {
  return typeof requested === 'string' && REPORTED_TIERS.has(requested) ? requested : 'default';
}

/**
 * `fp_` and 10 hex digits fixed by the model name: the same model always reports the same
 * "backend", on every run, as a model does between OpenAI's deployments.
 * @example systemFingerprint('gpt-4o') // same string on every call and every run
 */
export const systemFingerprint: (model: string) => string = memoByString((model) => `fp_${seededHex(hashString(model), 'system-fingerprint', 0, 10)}`, 1000, 256);

/** One entry per model and tier: `tier` + a line break + `model` (a tier never holds one). */
const servingFields = memoByString((key) => {
  const cut = key.indexOf('\n');
  const model = key.slice(cut + 1);
  return `,"model":${JSON.stringify(model)},"service_tier":${JSON.stringify(key.slice(0, cut))},"system_fingerprint":${JSON.stringify(systemFingerprint(model))}`;
}, 1000, 300);

/**
 * `,"model":…,"service_tier":…,"system_fingerprint":…` as JSON text, for the envelope of every
 * streamed chunk: serialised once per model and tier rather than once per stream.
 * @example servingFieldsJson('gpt-4o', 'default') // ',"model":"gpt-4o","service_tier":"default","system_fingerprint":"fp_…"'
 */
export function servingFieldsJson(model: string, tier: string): string {
  return servingFields(tier + '\n' + model);
}
