/**
 * `x-request-id` values: `req_` + 24 hex, hashed from the server seed and a counter, so two
 * identical runs produce identical headers. Requests and the answers to malformed HTTP share
 * the one counter: every response the server sends has its own id.
 */
import { seededHex } from '../random/rng.js';

/** @example const next = requestIds(2112); next() // 'req_…' (24 hex) */
export function requestIds(seed: number): () => string {
  let requestNo = 0;
  return () => `req_${seededHex(seed, 'request-id', requestNo++, 24)}`;
}
