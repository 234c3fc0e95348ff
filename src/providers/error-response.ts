/**
 * What every provider's error response has in common: a JSON body, the provider's content
 * type, its rate-limit headers on a 429 (so client backoff code has numbers to read), and a
 * fixture's own `error.headers` winning over all of them. Each provider folder builds its body.
 */
import type { NeutralError } from '../canonical/answer.js';
import type { EncodedError } from './codec.js';

/** Merge headers with `override` winning, comparing names case-insensitively. */
export function mergeHeaders(defaults: Readonly<Record<string, string>>, override: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(defaults)) out[k.toLowerCase()] = v;
  for (const [k, v] of Object.entries(override ?? {})) out[k.toLowerCase()] = String(v);
  return out;
}

export interface ErrorStyle {
  /** Default `application/json`. */
  contentType?: string;
  /** Sent with a 429 unless the error's own headers say otherwise. */
  rateLimitHeaders: Readonly<Record<string, string>>;
}

/**
 * @example jsonErrorResponse({ status: 429, message: 'slow down' }, '{"error":{}}', { rateLimitHeaders: { 'retry-after': '1' } })
 * // { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '1' }, body: '{"error":{}}' }
 */
export function jsonErrorResponse(err: NeutralError, body: string, style: ErrorStyle): EncodedError {
  const defaults = err.status === 429 && err.rateLimitDefaults !== false ? style.rateLimitHeaders : {};
  return {
    status: err.status,
    headers: mergeHeaders({ 'content-type': style.contentType ?? 'application/json', ...defaults }, err.headers),
    body,
  };
}
