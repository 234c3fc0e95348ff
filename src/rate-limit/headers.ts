/**
 * The headers each provider sends about its rate limits, on every response:
 * - OpenAI (and Azure, Responses): `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`,
 *   the reset a duration until the bucket is full again (`1.2s`).
 * - Anthropic: `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}`,
 *   the reset an RFC 3339 time. llmposter has one token budget, so the input- and output-token
 *   families repeat the tokens one.
 * - Gemini sends none (a 429 RESOURCE_EXHAUSTED is all it says).
 */
import type { ProviderName } from '../canonical/request.js';
import { type Bucket, msUntilFull } from './bucket.js';
import { goDuration } from './duration.js';

export type HeaderStyle = 'openai' | 'anthropic' | 'none';

export function headerStyle(provider: ProviderName): HeaderStyle {
  if (provider === 'anthropic') return 'anthropic';
  if (provider === 'gemini') return 'none';
  return 'openai';
}

/** An RFC 3339 time, whole seconds, UTC: `2023-11-14T22:13:20Z`. */
export function rfc3339(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Add one bucket's headers to `out`.
 * @param kind 'requests' or 'tokens'
 * @param unixSeconds wall-clock now, for Anthropic's reset times
 */
export function addBucketHeaders(out: Record<string, string>, style: HeaderStyle, kind: 'requests' | 'tokens', b: Bucket, unixSeconds: number): void {
  if (style === 'none') return;
  const limit = String(b.capacity);
  const remaining = String(Math.max(0, Math.floor(b.level)));
  const resetMs = msUntilFull(b);
  if (style === 'openai') {
    out[`x-ratelimit-limit-${kind}`] = limit;
    out[`x-ratelimit-remaining-${kind}`] = remaining;
    out[`x-ratelimit-reset-${kind}`] = goDuration(resetMs);
    return;
  }
  const reset = rfc3339(unixSeconds + Math.ceil(resetMs / 1000));
  const families = kind === 'requests' ? ['requests'] : ['tokens', 'input-tokens', 'output-tokens'];
  for (const f of families) {
    out[`anthropic-ratelimit-${f}-limit`] = limit;
    out[`anthropic-ratelimit-${f}-remaining`] = remaining;
    out[`anthropic-ratelimit-${f}-reset`] = reset;
  }
}

/** `retry-after` (whole seconds, rounded up) on every 429, and OpenAI's `retry-after-ms`. */
export function addRetryAfter(out: Record<string, string>, style: HeaderStyle, waitMs: number): void {
  out['retry-after'] = String(Math.max(1, Math.ceil(waitMs / 1000)));
  if (style === 'openai') out['retry-after-ms'] = String(Math.ceil(waitMs));
}
