/**
 * Who a request is charged to: its API key (`Authorization: Bearer`, `x-api-key`,
 * `api-key` or Gemini's `x-goog-api-key` / `?key=`), hashed so the key itself is never
 * kept, logged or echoed. Requests without a key share one bucket.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const NO_KEY = 'anonymous';

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * @example apiKeyId({ authorization: 'Bearer sk-1' }) === apiKeyId({ 'x-api-key': 'sk-1' }) // true
 */
export function apiKeyId(headers: IncomingHttpHeaders, query?: URLSearchParams): string {
  const auth = first(headers.authorization);
  let key = auth !== undefined && /^bearer\s+/i.test(auth) ? auth.replace(/^bearer\s+/i, '').trim() : undefined;
  key ||= first(headers['x-api-key']) || first(headers['api-key']) || first(headers['x-goog-api-key']) || query?.get('key') || undefined;
  if (!key) return NO_KEY;
  return createHash('sha256').update(key).digest('base64url').slice(0, 22);
}
